"""The Faults settings: from the environment, checked at start-up, applied to the database and the cache."""

import json

import pytest

from tests.mess_portal.test_settings import run_manage

SHOW = (
    "import json; from django.conf import settings as s; d = s.DATABASES['default'];"
    "print(json.dumps({'options': d.get('OPTIONS', {}), 'health': d['CONN_HEALTH_CHECKS'],"
    " 'max_age': d['CONN_MAX_AGE'], 'cache': s.CACHES['default']}))"
)


def shown(**env):
    result = run_manage("shell", "-c", SHOW, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_postgresql_connections_time_out_and_are_checked_before_reuse():
    got = shown(
        DATABASE_URL="postgres://mess@127.0.0.1:5432/mess",
        DATABASE_CONN_MAX_AGE="60",
        DATABASE_STATEMENT_TIMEOUT_MS="15000",
    )
    assert got["options"]["connect_timeout"] == 2
    assert "-c statement_timeout=15000" in got["options"]["options"]
    assert "-c jit=off" in got["options"]["options"]
    assert got["health"] is True and got["max_age"] == 60


def test_redis_is_reached_through_the_resilient_backend_with_short_timeouts():
    got = shown(CACHE_URL="redis://127.0.0.1:6379/1", CACHE_SOCKET_TIMEOUT_MS="100", CACHE_RETRY_SECONDS="3")
    assert got["cache"]["BACKEND"] == "mess_portal.cache.ResilientRedisCache"
    assert got["cache"]["OPTIONS"] == {
        "socket_connect_timeout": 0.1,
        "socket_timeout": 0.1,
        "retry_seconds": 3,
    }


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DATABASE_CONNECT_TIMEOUT": "0"}, "DATABASE_CONNECT_TIMEOUT must be 1 or more"),
        (
            {"DATABASE_STATEMENT_TIMEOUT_MS": "soon"},
            "DATABASE_STATEMENT_TIMEOUT_MS='soon' is not a whole number",
        ),
        ({"OUTAGE_RETRY_AFTER": "1.5"}, "OUTAGE_RETRY_AFTER='1.5' is not a whole number"),
        ({"CACHE_SOCKET_TIMEOUT_MS": "0"}, "CACHE_SOCKET_TIMEOUT_MS must be 1 or more"),
    ],
)
def test_a_bad_fault_setting_fails_loudly_at_start_up(env, message):
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert message in result.stderr
