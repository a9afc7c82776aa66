"""Background jobs of the guichet: its e-mails, rebuilt from ids when the job runs (docs/tasks.md)."""

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from jobs.services import send_once


@task()
def send_request_email(request_id: int, kind: str, *, site_url: str, key_suffix: str = "") -> bool:
    """The acknowledgement or the "oriented" e-mail of an orientation request, once."""
    from support.models import OrientationRequest
    from support.services import request_message

    request = OrientationRequest.objects.filter(pk=request_id).exclude(email="").first()
    if request is None:  # erased meanwhile: nothing to send
        return False
    sent = send_once(
        key=f"support.{kind}:{request.pk}:{key_suffix}".rstrip(":"),
        message=request_message(request, kind, site_url=site_url),
    )
    if kind == "acknowledgement" and request.acknowledged_at is None:
        OrientationRequest.objects.filter(pk=request.pk).update(acknowledged_at=timezone.now())
    return sent


@task()
def notify_staff(request_id: int, *, site_url: str) -> bool:
    from support.models import OrientationRequest
    from support.services import staff_message

    request = OrientationRequest.objects.filter(pk=request_id).first()
    if request is None or not settings.STAFF_NOTIFICATION_EMAILS:
        return False
    return send_once(key=f"support.staff:{request.pk}", message=staff_message(request, site_url=site_url))
