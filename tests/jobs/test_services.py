"""Queueing with the write, the retry schedule, sending once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction
from django_tasks import TaskResultStatus

from jobs.models import BackgroundJob, SentMail
from jobs.services import retry_delay, send_once
from support.services import orientation_request_create
from tests.jobs.helpers import run_due_jobs

pytestmark = pytest.mark.django_db

DATA = {"requester_kind": "project_holder", "name": "Amal", "email": "amal@example.org", "message": "Bonjour"}


def test_the_wait_doubles_after_each_failure_up_to_its_maximum(settings):
    settings.TASKS_RETRY_DELAY, settings.TASKS_RETRY_MAX_DELAY = 60, 7200
    assert [retry_delay(n) for n in (1, 2, 3, 7, 8, 20)] == [
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
        timedelta(minutes=64),
        timedelta(hours=2),
        timedelta(hours=2),
    ]


@pytest.mark.real_queue
def test_with_the_database_backend_the_job_is_written_with_the_request_and_rolled_back_with_it(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with pytest.raises(RuntimeError), transaction.atomic():
        orientation_request_create(data=DATA, language="fr", site_url="http://testserver/")
        assert BackgroundJob.objects.count() == 1
        raise RuntimeError("the write fails after the request was saved")
    assert not BackgroundJob.objects.exists()
    orientation_request_create(data=DATA, language="fr", site_url="http://testserver/")
    assert BackgroundJob.objects.get().status == TaskResultStatus.READY
    assert not mail.outbox  # the worker sends it, not the request
    run_due_jobs()
    assert [m.to for m in mail.outbox] == [["amal@example.org"]]


@pytest.mark.real_queue
def test_with_the_immediate_backend_the_job_runs_on_commit_only(settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        orientation_request_create(data=DATA, language="fr", site_url="http://testserver/")
    assert len(callbacks) == 1 and not mail.outbox  # a rolled-back write would drop it here
    callbacks[0]()
    assert [m.to for m in mail.outbox] == [["amal@example.org"]]


def test_a_message_goes_out_once_under_its_key():
    assert send_once(key="test:1", message=EmailMessage("Objet", "Texte", to=["a@example.org"]))
    assert not send_once(key="test:1", message=EmailMessage("Objet", "Texte", to=["a@example.org"]))
    assert len(mail.outbox) == 1 and SentMail.objects.get().subject == "Objet"


def test_a_refused_message_leaves_no_record_so_it_is_sent_by_the_next_attempt(settings):
    settings.EMAIL_BACKEND = "tests.support.broken_mail.BrokenBackend"
    with pytest.raises(ConnectionRefusedError):
        send_once(key="test:2", message=EmailMessage("Objet", "Texte", to=["a@example.org"]))
    assert not SentMail.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_once(key="test:2", message=EmailMessage("Objet", "Texte", to=["a@example.org"]))
