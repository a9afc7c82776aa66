"""The fault "the mail server down for an hour": every message goes out once it is back; none twice.

Against a real SMTP server on loopback (aiosmtpd) that the test stops and starts, with the database
backend and its worker, committed transactions (PostgreSQL in CI). The hour passes on the retry
schedule: before each attempt the job's "not before" time is brought to now, as the clock would.
"""

import email
import email.policy
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus

from jobs.models import BackgroundJob, SentMail
from support.models import OrientationRequest
from support.services import request_message
from tests.jobs.helpers import MailServer, free_port, run_worker

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.real_queue, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mail_server(settings):
    server = MailServer(free_port())
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 5
    settings.EMAIL_USE_TLS = False
    settings.TASKS_MAX_ATTEMPTS, settings.TASKS_RETRY_DELAY, settings.TASKS_RETRY_MAX_DELAY = 10, 60, 7200
    settings.STAFF_NOTIFICATION_EMAILS = ["accueil@mess.example.org"]
    yield server
    server.stop()


def travel_to_next_attempt(job: BackgroundJob) -> timedelta:
    """Let the time until the job's next attempt pass; returns how long that was."""
    job.refresh_from_db()
    assert job.status == TaskResultStatus.READY
    wait = job.run_after - timezone.now()
    BackgroundJob.objects.filter(pk=job.pk).update(run_after=timezone.now())
    return wait


def test_the_mail_server_down_for_an_hour_every_message_goes_out_once_when_it_is_back(
    client, mail_server, reference_data
):
    # The server is down (nothing listens on its port) when a visitor writes to the guichet, in Arabic.
    response = client.post(
        "/ar/orientation/",
        {
            "requester_kind": "project_holder",
            "name": "يوسف العمراني",
            "email": "youssef@example.org",
            "commune": "tanger",
            "message": "نريد إنشاء تعاونية للصيد في طنجة.",
            "consent": "on",
            "homepage": "",
        },
    )
    assert response.status_code == 302  # answered without waiting on the mail server
    request = OrientationRequest.objects.get()
    jobs = list(BackgroundJob.objects.order_by("task_path"))
    assert [job.task_name for job in jobs] == ["notify_staff", "send_request_email"]
    assert all(job.status == TaskResultStatus.READY for job in jobs)

    run_worker()
    acknowledgement = BackgroundJob.objects.get(task_path="support.tasks.send_request_email")
    assert acknowledgement.status == TaskResultStatus.READY  # failed, queued again for later
    assert acknowledgement.attempts == 1
    assert "ConnectionRefusedError" in acknowledgement.error
    assert timedelta(seconds=55) < acknowledgement.run_after - timezone.now() <= timedelta(seconds=60)

    # An hour (and more) of attempts while the server is down: each wait twice the one before.
    waits, down_for = [], timedelta(0)
    while down_for < timedelta(hours=1):
        wait = travel_to_next_attempt(acknowledgement)
        BackgroundJob.objects.filter(task_path="support.tasks.notify_staff").update(run_after=timezone.now())
        waits.append(round(wait.total_seconds() / 60))
        down_for += wait
        run_worker()
    assert waits == [1, 2, 4, 8, 16, 32]
    acknowledgement.refresh_from_db()
    assert acknowledgement.attempts == 7 and acknowledgement.status == TaskResultStatus.READY
    assert not mail_server.messages and not SentMail.objects.exists()
    request.refresh_from_db()
    assert request.acknowledged_at is None

    # The server is back: the next attempt delivers each message, once.
    mail_server.start()
    assert travel_to_next_attempt(acknowledgement) > timedelta(minutes=63)
    BackgroundJob.objects.filter(task_path="support.tasks.notify_staff").update(run_after=timezone.now())
    run_worker()
    assert sorted(m.rcpt_tos[0] for m in mail_server.messages) == [
        "accueil@mess.example.org",
        "youssef@example.org",
    ]
    assert set(BackgroundJob.objects.values_list("status", flat=True)) == {TaskResultStatus.SUCCESSFUL}
    request.refresh_from_db()
    assert request.acknowledged_at is not None
    to_visitor = next(m for m in mail_server.messages if m.rcpt_tos == ["youssef@example.org"])
    received = email.message_from_bytes(to_visitor.content, policy=email.policy.default)
    assert (
        received["Subject"].strip()
        == request_message(request, "acknowledgement", site_url="http://testserver/").subject
    )
    assert request.language == "ar" and re.search("[\u0600-\u06ff]", received["Subject"])

    # The same jobs run again (a retry by staff, a worker that died before recording its success):
    # nothing is sent twice.
    BackgroundJob.objects.update(status=TaskResultStatus.READY, run_after=timezone.now())
    run_worker()
    assert len(mail_server.messages) == 2


def test_a_message_accepted_before_the_connection_fails_is_not_sent_again(mail_server, monkeypatch):
    import smtplib

    from actors.services import proposal_create

    mail_server.start()

    def quit_fails(self):
        raise smtplib.SMTPResponseException(421, b"closing connection")

    monkeypatch.setattr(smtplib.SMTP, "quit", quit_fails)
    proposal_create(
        kind="new",
        data={"name_fr": "Coopérative Al Amal"},
        sender_name="Amina",
        sender_email="amina@example.org",
    )
    run_worker()
    assert [m.rcpt_tos for m in mail_server.messages].count(["amina@example.org"]) == 1
    assert set(BackgroundJob.objects.values_list("status", flat=True)) == {TaskResultStatus.SUCCESSFUL}
    BackgroundJob.objects.update(status=TaskResultStatus.READY, run_after=timezone.now())
    run_worker()
    assert [m.rcpt_tos for m in mail_server.messages].count(["amina@example.org"]) == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the worker process reaches the test database on PostgreSQL"
)
def test_the_worker_command_delivers_the_queued_mail(mail_server):
    from actors.services import proposal_create

    mail_server.start()
    proposal_create(
        kind="new", data={"name_fr": "Coopérative Nour"}, sender_name="Said", sender_email="said@example.org"
    )
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "TASKS_BACKEND": "database",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(mail_server.port),
        "STAFF_NOTIFICATION_EMAILS": "accueil@mess.example.org",
        "DEBUG": "1",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(m.rcpt_tos[0] for m in mail_server.messages) == [
        "accueil@mess.example.org",
        "said@example.org",
    ]
    assert set(BackgroundJob.objects.values_list("status", flat=True)) == {TaskResultStatus.SUCCESSFUL}
