"""Writes of the events: registrations, the waiting list, cancellations, e-mails to registrants.

The rule that matters: an event never has more confirmed registrations than places. ``register`` and
``cancel`` lock the event's row (``select_for_update``) for their whole transaction, so requests for
the same event take turns; the unique (event, place number) constraint of a confirmed registration is
the backstop should anything bypass the lock. E-mails go out after the transaction: a mail server that
fails loses nothing (it is logged, and the registration stands).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from events import dates
from events.ical import calendar_bytes
from events.models import Event, Registration

logger = logging.getLogger(__name__)

CANCEL_SALT = "events.registration.cancel"
# A cancellation link works for this long (and never once the event has started).
CANCEL_MAX_AGE = timedelta(days=180)


class RegistrationError(Exception):
    """Why a registration was refused; ``code`` is one of the class constants."""

    CLOSED = "closed"
    DUPLICATE = "duplicate"
    BUSY = "busy"

    def __init__(self, code):
        super().__init__(code)
        self.code = code


# --- Registration, waiting list, cancellation ----------------------------------------------------


def register(
    *,
    event: Event,
    name: str,
    email: str,
    phone: str = "",
    organisation: str = "",
    actor=None,
    language: str = "fr",
    now=None,
    send_email: bool = True,
) -> Registration:
    """Confirm a registration if a place is free, else put it on the waiting list."""
    now = now or timezone.now()
    email = email.strip().lower()
    try:
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=event.pk)
            if not event.takes_registrations(now):
                raise RegistrationError(RegistrationError.CLOSED)
            if event.registrations.active().filter(email=email).exists():
                raise RegistrationError(RegistrationError.DUPLICATE)
            seat = _free_seat(event)
            confirmed = event.capacity is None or seat is not None
            registration = Registration.objects.create(
                event=event,
                name=name.strip(),
                email=email,
                phone=phone.strip(),
                organisation=organisation.strip(),
                actor=actor,
                language=language,
                status=Registration.Status.CONFIRMED if confirmed else Registration.Status.WAITING,
                seat=seat,
                consent_at=now,
                created_at=now,
            )
    except IntegrityError as exc:
        # The backstops: one active registration per address, one confirmed registration per place.
        if "registration_one_active_per_email" in str(exc):
            raise RegistrationError(RegistrationError.DUPLICATE) from None
        raise RegistrationError(RegistrationError.BUSY) from None
    if send_email:
        _send_confirmation(registration)
    return registration


def _free_seat(event: Event) -> int | None:
    """The lowest free place number, None when the event is full (or has no limit)."""
    if event.capacity is None:
        return None
    taken = set(event.registrations.confirmed().exclude(seat=None).values_list("seat", flat=True))
    if event.registrations.confirmed().count() >= event.capacity:
        return None
    return next((n for n in range(1, event.capacity + 1) if n not in taken), None)


def cancel(*, registration: Registration, now=None) -> list[Registration]:
    """Cancel a registration; the freed place goes to the first person waiting, who is told by e-mail.
    Returns the registrations moved up. Cancelling twice changes nothing the second time."""
    now = now or timezone.now()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not registration.is_active:
            return []
        registration.status = Registration.Status.CANCELLED
        registration.seat = None
        registration.cancelled_at = now
        registration.save(update_fields=["status", "seat", "cancelled_at"])
        promoted = _promote(event, now=now)
    for moved_up in promoted:
        _send(moved_up, "events/emails/promoted", attach_calendar=True)
    return promoted


def _promote(event: Event, *, now) -> list[Registration]:
    """Give free places to the waiting list, first come first served (the event's row is locked)."""
    if event.is_past(now) or event.status != Event.Status.PUBLISHED:
        return []
    promoted = []
    for waiting in event.registrations.waiting().select_for_update():
        seat = _free_seat(event)
        if event.capacity is not None and seat is None:
            break
        waiting.status = Registration.Status.CONFIRMED
        waiting.seat = seat
        waiting.promoted_at = now
        waiting.save(update_fields=["status", "seat", "promoted_at"])
        promoted.append(waiting)
    return promoted


def event_saved(*, event: Event, previous: dict | None) -> list[Registration]:
    """After staff saved an event: count a revision for calendars when a published event's times,
    place or status changed, and move the waiting list up if places were added. ``previous`` holds the
    values of Event.CALENDAR_FIELDS and ``capacity`` before the change (None for a new event)."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        was_public = previous and previous["status"] != Event.Status.DRAFT
        if was_public and any(previous[field] != getattr(locked, field) for field in Event.CALENDAR_FIELDS):
            locked.sequence += 1
            locked.save(update_fields=["sequence"])
            event.sequence = locked.sequence
        promoted = _promote(locked, now=timezone.now()) if locked.registration_open else []
    for moved_up in promoted:
        _send(moved_up, "events/emails/promoted", attach_calendar=True)
    return promoted


def calendar_state(event: Event) -> dict:
    return {field: getattr(event, field) for field in (*Event.CALENDAR_FIELDS, "capacity")}


def check_in(*, registration: Registration, now=None) -> bool:
    """Mark a confirmed registrant present; False if they were already (or are not confirmed)."""
    updated = Registration.objects.filter(
        pk=registration.pk, status=Registration.Status.CONFIRMED, checked_in_at=None
    ).update(checked_in_at=now or timezone.now())
    return bool(updated)


# --- Cancellation links ----------------------------------------------------------------------------


def cancel_token(registration: Registration) -> str:
    # The check-in token's first characters tie the link to this registration row for good.
    return signing.dumps({"r": registration.pk, "t": registration.checkin_token[:8]}, salt=CANCEL_SALT)


def registration_from_cancel_token(token: str) -> tuple[Registration | None, str]:
    """The registration a cancellation link names, with what the page should say: "ok", "used" (already
    cancelled), "started" (the event has begun), "expired" or "invalid"."""
    try:
        payload = signing.loads(token, salt=CANCEL_SALT, max_age=CANCEL_MAX_AGE)
    except signing.SignatureExpired:
        return None, "expired"
    except signing.BadSignature:
        return None, "invalid"
    if not isinstance(payload, dict) or not isinstance(payload.get("r"), int):
        return None, "invalid"
    registration = (
        Registration.objects.select_related("event")
        .filter(pk=payload["r"], checkin_token__startswith=payload.get("t") or "-")
        .first()
    )
    if registration is None:
        return None, "invalid"
    if not registration.is_active:
        return registration, "used"
    if registration.event.starts_at <= timezone.now():
        return registration, "started"
    return registration, "ok"


def cancel_url(registration: Registration) -> str:
    with translation.override(registration.language):
        return settings.SITE_URL + reverse("events:cancel", args=[cancel_token(registration)])


# --- E-mails ---------------------------------------------------------------------------------------


def _send_confirmation(registration: Registration) -> None:
    confirmed = registration.status == Registration.Status.CONFIRMED
    template = "events/emails/confirmed" if confirmed else "events/emails/waiting"
    if _send(registration, template, attach_calendar=confirmed):
        registration.confirmation_sent_at = timezone.now()
        registration.save(update_fields=["confirmation_sent_at"])


def qr_png(token: str) -> bytes:
    """The QR code of a check-in token (the token only), as PNG."""
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(token, error="m").save(buffer, kind="png", scale=6, border=3)
    return buffer.getvalue()


def _send(registration: Registration, template: str, *, attach_calendar=False, **context) -> bool:
    """One e-mail to one registrant, in their language. Returns whether it went out."""
    event = registration.event
    with translation.override(registration.language):
        context = {
            "registration": registration,
            "event": event,
            "starts": dates.local(event.starts_at),
            "ends": dates.local(event.ends_at),
            "event_url": settings.SITE_URL + event.get_absolute_url(),
            "cancel_url": cancel_url(registration) if registration.is_active else "",
            "site_url": settings.SITE_URL,
            **context,
        }
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
        calendar = calendar_bytes([event], language=registration.language) if attach_calendar else None
    message = EmailMultiAlternatives(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [registration.email],
        reply_to=[settings.MESS_CONTACT["email"]],
    )
    if calendar:
        message.attach(f"{event.slug}.ics", calendar, "text/calendar; charset=utf-8; method=PUBLISH")
    if registration.status == Registration.Status.CONFIRMED and attach_calendar:
        message.attach("code-presence.png", qr_png(registration.checkin_token), "image/png")
    try:
        message.send()
    except Exception:  # SMTP down, refused address...: the registration stands; staff can see the log
        logger.exception("Could not send %s to registration %s", template, registration.pk)
        return False
    return True


def send_message(*, event: Event, subject: str, body: str, include_waiting: bool = False) -> tuple[int, int]:
    """Staff's message to everyone registered, one e-mail per person. Returns (sent, failed)."""
    statuses = Registration.ACTIVE if include_waiting else [Registration.Status.CONFIRMED]
    sent = failed = 0
    for registration in (
        event.registrations.filter(status__in=statuses).select_related("event").order_by("pk")
    ):
        ok = _send(registration, "events/emails/message", message_subject=subject, message_body=body)
        sent, failed = (sent + 1, failed) if ok else (sent, failed + 1)
    return sent, failed


def send_reminders(*, now=None) -> tuple[int, int]:
    """The day-before reminder: to each confirmed registrant of a published event starting tomorrow
    (local date), once. Returns (sent, failed); a failed one is tried again on the next run."""
    now = now or timezone.now()
    tomorrow = dates.local(now).date() + timedelta(days=1)
    start, end = dates.start_of_day(tomorrow), dates.start_of_day(tomorrow + timedelta(days=1))
    pending = (
        Registration.objects.confirmed()
        .filter(
            reminder_sent_at=None,
            event__status=Event.Status.PUBLISHED,
            event__starts_at__gte=start,
            event__starts_at__lt=end,
        )
        .select_related("event__commune__province")
        .order_by("pk")
    )
    sent = failed = 0
    for registration in pending:
        # Claimed before sending, so that two runs at once never send the same reminder twice.
        claimed = Registration.objects.filter(pk=registration.pk, reminder_sent_at=None).update(
            reminder_sent_at=now
        )
        if not claimed:
            continue
        if _send(registration, "events/emails/reminder", attach_calendar=True):
            sent += 1
        else:
            Registration.objects.filter(pk=registration.pk).update(reminder_sent_at=None)
            failed += 1
    return sent, failed
