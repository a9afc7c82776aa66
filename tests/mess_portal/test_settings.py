"""Settings come from the environment; a wrong value stops the start-up with a message naming it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 20 + "-production-secret-key-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "mess.example.org",
    "DATABASE_URL": "sqlite:///" + str(ROOT / "var" / "deploy-check.sqlite3"),
    "CACHE_URL": "redis://127.0.0.1:6379/1",  # not reached by a check
}


# What the test run itself sets (the browser tests allow the ORM in Playwright's event loop) must not
# leak into the production-like processes started here.
NOT_INHERITED = {
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "CACHE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DJANGO_SETTINGS_MODULE",
    "STATIC_ROOT",
}


def clean_environment():
    return {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}


def run_manage(*args, **env):
    clean = clean_environment()
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a boolean"),
        ({"DEBUG": "0"}, "SECRET_KEY must be set"),
        ({"DATABASE_URL": "nosuchdb://x"}, "DATABASE_URL is not a usable database URL"),
        ({"EMAIL_PORT": "twenty-five"}, "EMAIL_PORT='twenty-five' is not a whole number"),
        ({"CACHE_URL": "memcached://x"}, "CACHE_URL must be"),
    ],
)
def test_a_bad_setting_fails_loudly_at_start_up(env, message):
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "WARNINGS" not in result.stderr


def test_production_without_a_shared_cache_is_warned_of_stale_pages():
    without_redis = {key: value for key, value in PRODUCTION.items() if key != "CACHE_URL"}
    result = run_manage("check", "--deploy", **without_redis)
    assert "mess_portal.W001" in result.stderr
    assert "CACHE_URL=redis://" in result.stderr


def test_production_collects_static_files_and_sends_security_headers(tmp_path):
    static_root = str(tmp_path / "static")
    collect = run_manage("collectstatic", "--no-input", "-v0", **PRODUCTION, STATIC_ROOT=static_root)
    assert collect.returncode == 0, collect.stderr
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/fr/accessibilite/', secure=True, HTTP_HOST='mess.example.org');"
        "print(r.status_code);"
        "[print(h, ':', r.headers.get(h)) for h in ('Strict-Transport-Security', 'Content-Security-Policy',"
        " 'Referrer-Policy', 'X-Content-Type-Options', 'X-Frame-Options')]"
    )
    clean = clean_environment()
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **clean,
            **PRODUCTION,
            "DJANGO_SETTINGS_MODULE": "mess_portal.settings",
            "DATABASE_URL": "sqlite:///:memory:",
            "STATIC_ROOT": static_root,
        },
    )
    out = result.stdout
    assert out.startswith("200"), result.stderr
    assert "max-age=31536000" in out, result.stderr
    assert "default-src 'self'" in out
    assert "Referrer-Policy : strict-origin-when-cross-origin" in out
    assert "X-Content-Type-Options : nosniff" in out
    assert "X-Frame-Options : DENY" in out
