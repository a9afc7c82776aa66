"""Writes of the events: registrations, the waiting list, cancellations, e-mails to registrants.

The rule that matters: an event never has more confirmed registrations than places. ``register`` and
``cancel`` lock the event's row (``select_for_update``) for their whole transaction, so requests for
the same event take turns; the unique (event, place number) constraint of a confirmed registration is
the backstop should anything bypass the lock. E-mails are background jobs queued with the transaction
(events/tasks.py): a mail server that fails loses nothing (the job is tried again later).
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from events import dates, tasks
from events.ical import calendar_bytes
from events.models import Event, Registration
from jobs.services import enqueue_on_commit

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
    """Confirm a registration if a place is free, else put it on the waiting list. ``email`` may be empty
    for someone staff register by phone (one active registration per address applies to addresses)."""
    now = now or timezone.now()
    email = email.strip().lower()
    try:
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=event.pk)
            if not event.takes_registrations(now):
                raise RegistrationError(RegistrationError.CLOSED)
            if email and event.registrations.active().filter(email=email).exists():
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
            if send_email and email:
                kind = "confirmed" if confirmed else "waiting"
                enqueue_on_commit(
                    tasks.send_registration_email,
                    registration.pk,
                    kind,
                    key=f"events.{kind}:{registration.pk}",
                )
    except IntegrityError as exc:
        # The backstops: one active registration per address, one confirmed registration per place.
        if "registration_one_active_per_email" in str(exc):
            raise RegistrationError(RegistrationError.DUPLICATE) from None
        raise RegistrationError(RegistrationError.BUSY) from None
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
        enqueue_on_commit(
            tasks.send_registration_email, waiting.pk, "promoted", key=f"events.promoted:{waiting.pk}"
        )
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


def qr_png(token: str) -> bytes:
    """The QR code of a check-in token (the token only), as PNG."""
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(token, error="m").save(buffer, kind="png", scale=6, border=3)
    return buffer.getvalue()


# What each e-mail needs of the registration when its job runs; an e-mail that no longer applies (a
# confirmation for a registration cancelled meanwhile) is not sent.
EMAIL_STATUSES = {
    "confirmed": [Registration.Status.CONFIRMED],
    "waiting": [Registration.Status.WAITING],
    "promoted": [Registration.Status.CONFIRMED],
    "reminder": [Registration.Status.CONFIRMED],
    "message": Registration.ACTIVE,
}
WITH_CALENDAR = {"confirmed", "promoted", "reminder"}


def registration_message(registration: Registration, kind: str, **context) -> EmailMultiAlternatives:
    """One e-mail (``kind``: confirmed, waiting, promoted, reminder, message) to one registrant, in their
    language, with the event's .ics and the check-in QR code where it confirms a place."""
    template = f"events/emails/{kind}"
    attach_calendar = kind in WITH_CALENDAR
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
    return message


def send_message(*, event: Event, subject: str, body: str, include_waiting: bool = False) -> int:
    """Staff's message to everyone registered, one e-mail per person, each a background job. Returns
    how many were queued."""
    statuses = Registration.ACTIVE if include_waiting else [Registration.Status.CONFIRMED]
    sending = uuid.uuid4().hex
    ids = list(
        event.registrations.filter(status__in=statuses)
        .exclude(email="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        for pk in ids:
            enqueue_on_commit(
                tasks.send_registration_email,
                pk,
                "message",
                key=f"events.message:{sending}:{pk}",
                message_subject=subject,
                message_body=body,
            )
    return len(ids)


def send_reminders(*, now=None) -> int:
    """The day-before reminder: to each confirmed registrant of a published event starting tomorrow
    (local date), once. Each registration is claimed (``reminder_sent_at``) and its e-mail queued as a
    background job, retried while the mail server fails. Returns how many were queued."""
    now = now or timezone.now()
    tomorrow = dates.local(now).date() + timedelta(days=1)
    start, end = dates.start_of_day(tomorrow), dates.start_of_day(tomorrow + timedelta(days=1))
    pending = (
        Registration.objects.confirmed()
        .exclude(email="")
        .filter(
            reminder_sent_at=None,
            event__status=Event.Status.PUBLISHED,
            event__starts_at__gte=start,
            event__starts_at__lt=end,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    queued = 0
    for pk in pending:
        with transaction.atomic():
            # Claimed before queueing, so that two runs at once never queue the same reminder twice.
            if Registration.objects.filter(pk=pk, reminder_sent_at=None).update(reminder_sent_at=now):
                enqueue_on_commit(
                    tasks.send_registration_email,
                    pk,
                    "reminder",
                    key=f"events.reminder:{pk}:{now.isoformat()}",
                )
                queued += 1
    return queued
