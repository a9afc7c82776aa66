"""Writes of the guichet that touch several models or send e-mail."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from jobs.services import enqueue_on_commit
from support import tasks
from support.models import OrientationRequest


def orientation_request_create(*, data: dict, language: str, site_url: str) -> OrientationRequest:
    """Save the request, and queue its acknowledgement and the staff's notice (background jobs, retried
    while the mail server fails: the visitor never waits on it)."""
    with transaction.atomic():
        request = OrientationRequest.objects.create(language=language, **data)
        if request.email:
            enqueue_on_commit(tasks.send_request_email, request.pk, "acknowledgement", site_url=site_url)
        if settings.STAFF_NOTIFICATION_EMAILS:
            enqueue_on_commit(tasks.notify_staff, request.pk, site_url=site_url)
    return request


def orientation_request_orient(*, request: OrientationRequest, by, site_url: str) -> bool:
    """Mark the request oriented and queue the e-mail of the suggested services. Returns whether an
    e-mail was queued (there may be no address: staff then call the requester)."""
    with transaction.atomic():
        change = request.change_status(OrientationRequest.Status.ORIENTED, by=by)
        if not request.email:
            return False
        enqueue_on_commit(
            tasks.send_request_email,
            request.pk,
            "oriented",
            site_url=site_url,
            key_suffix=str(change.pk if change else ""),
        )
    return True


TEMPLATES = {"acknowledgement": "support/emails/acknowledgement", "oriented": "support/emails/oriented"}


def request_message(request: OrientationRequest, kind: str, *, site_url: str) -> EmailMultiAlternatives:
    """The e-mail ``kind`` ("acknowledgement", "oriented") to the requester, in their language."""
    template = TEMPLATES[kind]
    context = {}
    if kind == "oriented":
        context["services"] = request.suggested_services.select_related("provider").order_by("name_fr")
    with translation.override(request.language):
        context = {
            "request_obj": request,
            "site_url": site_url.rstrip("/"),
            "language": request.language,
            **context,
        }
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}.txt", context)
    return EmailMultiAlternatives(
        subject, body, settings.DEFAULT_FROM_EMAIL, [request.email], reply_to=[settings.MESS_CONTACT["email"]]
    )


def staff_message(request: OrientationRequest, *, site_url: str) -> EmailMultiAlternatives:
    admin_url = site_url.rstrip("/") + reverse("admin:support_orientationrequest_change", args=[request.pk])
    with translation.override("fr"):
        body = render_to_string(
            "support/emails/staff_notification.txt", {"request_obj": request, "admin_url": admin_url}
        )
    return EmailMultiAlternatives(
        f"Nouvelle demande d'orientation {request.reference}",
        body,
        settings.DEFAULT_FROM_EMAIL,
        settings.STAFF_NOTIFICATION_EMAILS,
    )
