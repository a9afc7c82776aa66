"""Background jobs of the events and the contest: their e-mails, rebuilt from ids when the job runs, in
the recipient's language, each sent once however many attempts (docs/tasks.md)."""

from django.utils import timezone
from django_tasks import task

from jobs.services import send_once


@task()
def send_registration_email(registration_id: int, kind: str, *, key: str, **context) -> bool:
    """One e-mail to a registrant (events.services.registration_message), unless it no longer applies."""
    from events.models import Registration
    from events.services import EMAIL_STATUSES, registration_message

    registration = (
        Registration.objects.select_related("event__commune__province")
        .filter(pk=registration_id, status__in=EMAIL_STATUSES[kind])
        .exclude(email="")
        .first()
    )
    if registration is None:
        return False
    sent = send_once(key=key, message=registration_message(registration, kind, **context))
    if kind in ("confirmed", "waiting") and registration.confirmation_sent_at is None:
        Registration.objects.filter(pk=registration.pk).update(confirmation_sent_at=timezone.now())
    return sent


@task()
def send_application_email(application_id: int, kind: str, *, key: str, site_url: str) -> bool:
    """The contest's acknowledgement or outcome to an applicant (contest_services.application_message)."""
    from events.contest_services import application_message
    from events.models import Application

    application = (
        Application.objects.select_related("edition", "category", "laureate")
        .exclude(status=Application.Status.WITHDRAWN)
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        return False
    sent = send_once(key=key, message=application_message(application, kind, site_url=site_url))
    field = "acknowledged_at" if kind == "acknowledgement" else "result_sent_at"
    Application.objects.filter(pk=application.pk, **{field: None}).update(**{field: timezone.now()})
    return sent


@task()
def notify_staff_of_application(application_id: int, *, site_url: str) -> bool:
    from django.conf import settings

    from events.contest_services import staff_message
    from events.models import Application

    application = Application.objects.select_related("edition", "category").filter(pk=application_id).first()
    if application is None or not settings.STAFF_NOTIFICATION_EMAILS:
        return False
    return send_once(
        key=f"events.contest.staff:{application.pk}", message=staff_message(application, site_url=site_url)
    )
