"""deploy/'s files say what exists: the cron lines run real commands, the env file is a production
configuration the deploy check accepts (as the shell and systemd read it), every variable documented."""

import re
import subprocess
import sys

from django.core.management import get_commands

from tests.deploy.stack import ROOT
from tests.mess_portal.test_settings import PRODUCTION, clean_environment

DEPLOY = ROOT / "deploy"


def test_every_scheduled_or_served_command_exists():
    commands = set(get_commands())
    files = [DEPLOY / "cron" / "mess", *sorted((DEPLOY / "systemd").glob("*.service"))]
    used = {name for path in files for name in re.findall(r"manage\.py (\w+)", path.read_text())}
    assert {"db_worker", "send_event_reminders", "prune_db_task_results", "clearsessions"} <= used
    assert used <= commands


def test_the_units_run_the_documented_paths():
    gunicorn = (DEPLOY / "systemd" / "mess-gunicorn.service").read_text()
    assert "--config /srv/mess/app/deploy/gunicorn.conf.py" in gunicorn
    for unit in (DEPLOY / "systemd").glob("*.service"):
        text = unit.read_text()
        assert "EnvironmentFile=/etc/mess/env" in text and "User=mess" in text


def test_the_example_env_file_passes_the_deploy_check_as_the_shell_reads_it():
    env_file = DEPLOY / "env.example"
    # The cron lines load it with `set -a; . /etc/mess/env`: it must be valid shell too.
    script = (
        f"set -a && . {env_file} && export DATABASE_URL={PRODUCTION['DATABASE_URL']} && "
        f"exec {sys.executable} manage.py check --deploy --fail-level WARNING"
    )
    result = subprocess.run(
        ["sh", "-c", script], cwd=ROOT, env=clean_environment(), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr


def test_every_variable_of_the_env_file_is_documented():
    readme = (ROOT / "README.md").read_text()
    names = re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (DEPLOY / "env.example").read_text(), re.M)
    assert len(names) > 15
    missing = [name for name in names if f"`{name}`" not in readme]
    assert not missing
