"""Writes of the guichet that touch several models or send e-mail."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from support.models import OrientationRequest

logger = logging.getLogger(__name__)


def orientation_request_create(*, data: dict, language: str, site_url: str) -> OrientationRequest:
    """Save the request first, then acknowledge it: a mail server that fails loses nothing."""
    with transaction.atomic():
        request = OrientationRequest.objects.create(language=language, **data)
    if request.email and _send(request, "support/emails/acknowledgement", site_url=site_url):
        request.acknowledged_at = timezone.now()
        request.save(update_fields=["acknowledged_at"])
    _notify_staff(request, site_url=site_url)
    return request


def orientation_request_orient(*, request: OrientationRequest, by, site_url: str) -> bool:
    """Mark the request oriented and send the requester the suggested services. Returns whether the
    e-mail went out (there may be no address, or the mail server may fail: the status is kept)."""
    request.change_status(OrientationRequest.Status.ORIENTED, by=by)
    if not request.email:
        return False
    return _send(
        request,
        "support/emails/oriented",
        site_url=site_url,
        services=request.suggested_services.select_related("provider").order_by("name_fr"),
    )


def _send(request: OrientationRequest, template: str, *, site_url: str, **context) -> bool:
    with translation.override(request.language):
        context = {
            "request_obj": request,
            "site_url": site_url.rstrip("/"),
            "language": request.language,
            **context,
        }
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}.txt", context)
    message = EmailMultiAlternatives(
        subject, body, settings.DEFAULT_FROM_EMAIL, [request.email], reply_to=[settings.MESS_CONTACT["email"]]
    )
    try:
        message.send()
    except Exception:  # SMTP down, refused address...: the request is saved, staff see it was not sent
        logger.exception("Could not send %s for orientation request %s", template, request.reference)
        return False
    return True


def _notify_staff(request: OrientationRequest, *, site_url: str) -> None:
    if not settings.STAFF_NOTIFICATION_EMAILS:
        return
    admin_url = site_url.rstrip("/") + reverse("admin:support_orientationrequest_change", args=[request.pk])
    with translation.override("fr"):
        body = render_to_string(
            "support/emails/staff_notification.txt", {"request_obj": request, "admin_url": admin_url}
        )
    try:
        EmailMultiAlternatives(
            f"Nouvelle demande d'orientation {request.reference}",
            body,
            settings.DEFAULT_FROM_EMAIL,
            settings.STAFF_NOTIFICATION_EMAILS,
        ).send()
    except Exception:
        logger.exception("Could not notify staff of orientation request %s", request.reference)
