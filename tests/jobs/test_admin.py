"""Failed jobs in the admin: the list with each one's error, the retry action, the count on the index."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus

from jobs.models import BackgroundJob
from support.tasks import send_request_email
from tests.factories import UserFactory
from tests.jobs.helpers import run_due_jobs
from tests.support.factories import OrientationRequestFactory

pytestmark = [pytest.mark.real_queue, pytest.mark.django_db]

LIST = "/admin/jobs/backgroundjob/"


@pytest.fixture
def failed_job(settings):
    """An acknowledgement that failed its last attempt: the mail server refused it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASKS_MAX_ATTEMPTS = 1
    settings.EMAIL_BACKEND = "tests.support.broken_mail.BrokenBackend"
    request = OrientationRequestFactory(email="amal@example.org")
    send_request_email.enqueue(request.pk, "acknowledgement", site_url="http://testserver/")
    run_due_jobs()
    job = BackgroundJob.objects.get()
    assert job.status == TaskResultStatus.FAILED
    return job


def test_the_failed_jobs_are_listed_with_their_error(client, failed_job):
    client.force_login(UserFactory(teams=["operations"]))
    response = client.get(LIST, {"status__exact": "FAILED"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "send_request_email" in html
    assert "ConnectionRefusedError: mail server down" in html
    detail = client.get(reverse("admin:jobs_backgroundjob_change", args=[failed_job.pk])).content.decode()
    assert "Traceback" in detail


def test_retry_queues_the_job_again_and_it_goes_out_once_the_server_is_back(client, settings, failed_job):
    from django.core import mail

    client.force_login(UserFactory(teams=["operations"]))
    response = client.post(LIST, {"action": "retry", "_selected_action": [failed_job.pk]}, follow=True)
    assert "1 tâche remise en file d’attente." in response.content.decode()
    failed_job.refresh_from_db()
    assert failed_job.status == TaskResultStatus.READY and failed_job.run_after <= timezone.now()
    assert failed_job.attempts == 0

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert run_due_jobs() == 1
    assert [m.to for m in mail.outbox] == [["amal@example.org"]]
    failed_job.refresh_from_db()
    assert failed_job.status == TaskResultStatus.SUCCESSFUL


def test_only_failed_jobs_are_retried(client, failed_job):
    BackgroundJob.objects.filter(pk=failed_job.pk).update(status=TaskResultStatus.SUCCESSFUL)
    client.force_login(UserFactory(superuser=True))
    response = client.post(LIST, {"action": "retry", "_selected_action": [failed_job.pk]}, follow=True)
    assert "Seules les tâches en échec peuvent être relancées." in response.content.decode()
    failed_job.refresh_from_db()
    assert failed_job.status == TaskResultStatus.SUCCESSFUL


@pytest.mark.parametrize(
    ("teams", "can_act"), [(["operations"], True), (["library"], False), (["reception"], False)]
)
def test_the_admin_index_counts_failed_jobs_for_the_staff_who_can_retry_them(
    client, failed_job, teams, can_act
):
    client.force_login(UserFactory(teams=teams))
    html = client.get("/admin/").content.decode()
    assert ("background-jobs" in html) is can_act
    if can_act:
        assert "<strong>1</strong> tâche en échec" in html
        assert f"{LIST}?status__exact=FAILED" in html
    assert (client.get(LIST).status_code == 200) is can_act


def test_jobs_are_not_added_or_deleted_by_hand(client, failed_job):
    client.force_login(UserFactory(superuser=True))
    assert client.get(f"{LIST}add/").status_code == 403
    assert client.get(reverse("admin:jobs_backgroundjob_delete", args=[failed_job.pk])).status_code == 403
    assert client.get("/admin/jobs/sentmail/").status_code == 200


def test_a_job_stuck_running_for_over_an_hour_may_be_retried(client, failed_job):
    from datetime import timedelta

    BackgroundJob.objects.filter(pk=failed_job.pk).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(minutes=30)
    )
    client.force_login(UserFactory(teams=["operations"]))
    client.post(LIST, {"action": "retry", "_selected_action": [failed_job.pk]})
    assert BackgroundJob.objects.get().status == TaskResultStatus.RUNNING  # perhaps still at work
    BackgroundJob.objects.filter(pk=failed_job.pk).update(started_at=timezone.now() - timedelta(hours=2))
    client.post(LIST, {"action": "retry", "_selected_action": [failed_job.pk]})
    assert BackgroundJob.objects.get().status == TaskResultStatus.READY
