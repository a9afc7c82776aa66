import threading
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.db import IntegrityError, connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Event, Registration
from tests.events.factories import EventFactory, RegistrationFactory, in_days

pytestmark = pytest.mark.django_db


def register(event, email, **kwargs):
    return services.register(event=event, name=kwargs.pop("name", "Salma Akhrif"), email=email, **kwargs)


def test_registrations_are_confirmed_until_the_event_is_full_then_wait_in_line():
    event = EventFactory(registrable=True, capacity=2)
    first = register(event, "a@example.org")
    second = register(event, "b@example.org")
    third = register(event, "c@example.org")
    fourth = register(event, "d@example.org")
    assert [r.status for r in (first, second, third, fourth)] == [
        "confirmed",
        "confirmed",
        "waiting",
        "waiting",
    ]
    assert sorted([first.seat, second.seat]) == [1, 2]
    assert third.seat is None
    assert [m.to for m in mail.outbox] == [
        ["a@example.org"],
        ["b@example.org"],
        ["c@example.org"],
        ["d@example.org"],
    ]


def test_an_event_without_limit_confirms_everyone():
    event = EventFactory(registrable=True, capacity=None)
    for n in range(5):
        assert register(event, f"p{n}@example.org").status == Registration.Status.CONFIRMED


def test_a_cancellation_moves_the_first_person_waiting_up_and_tells_them():
    event = EventFactory(registrable=True, capacity=1)
    first = register(event, "first@example.org")
    waiting_1 = register(event, "second@example.org")
    waiting_2 = register(event, "third@example.org")
    mail.outbox.clear()

    promoted = services.cancel(registration=first)

    assert promoted == [waiting_1]
    waiting_1.refresh_from_db()
    waiting_2.refresh_from_db()
    first.refresh_from_db()
    assert first.status == "cancelled" and first.seat is None and first.cancelled_at
    assert waiting_1.status == "confirmed" and waiting_1.seat == 1 and waiting_1.promoted_at
    assert waiting_2.status == "waiting"
    assert [m.to for m in mail.outbox] == [["second@example.org"]]
    assert any(name.endswith(".ics") for name, _content, _type in mail.outbox[0].attachments)
    # Cancelling twice changes nothing more.
    assert services.cancel(registration=first) == []
    assert Registration.objects.confirmed().filter(event=event).count() == 1


def test_cancelling_a_waiting_registration_promotes_nobody():
    event = EventFactory(registrable=True, capacity=1)
    register(event, "first@example.org")
    waiting = register(event, "second@example.org")
    assert services.cancel(registration=waiting) == []


def test_adding_places_in_the_admin_moves_the_waiting_list_up_in_order():
    event = EventFactory(registrable=True, capacity=1)
    register(event, "a@example.org")
    b = register(event, "b@example.org")
    c = register(event, "c@example.org")
    d = register(event, "d@example.org")
    previous = services.calendar_state(event)
    event.capacity = 3
    event.save()
    promoted = services.event_saved(event=event, previous=previous)
    assert promoted == [b, c]
    d.refresh_from_db()
    assert d.status == "waiting"


def test_one_active_registration_per_address_and_event():
    event = EventFactory(registrable=True)
    registration = register(event, "Salma@Example.org")
    with pytest.raises(services.RegistrationError) as error:
        register(event, "salma@example.org ")
    assert error.value.code == "duplicate"
    # Once cancelled, the same address may register again.
    services.cancel(registration=registration)
    assert register(event, "salma@example.org").status == "confirmed"
    # The same address may register for another event.
    assert register(EventFactory(registrable=True), "salma@example.org").is_active


def test_the_database_refuses_a_second_active_registration_for_an_address():
    event = EventFactory(registrable=True)
    RegistrationFactory(event=event, email="x@example.org")
    RegistrationFactory(event=event, email="x@example.org", status=Registration.Status.CANCELLED)
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, email="x@example.org", status=Registration.Status.WAITING)


def test_the_database_refuses_two_confirmed_registrations_on_one_place():
    event = EventFactory(registrable=True, capacity=1)
    RegistrationFactory(event=event, seat=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, seat=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, seat=1, status=Registration.Status.WAITING)


@pytest.mark.parametrize(
    "changes",
    [
        {"registration_closes_at": in_days(-1)},
        {"starts_at": in_days(-0.01), "ends_at": in_days(1)},
        {"registration_open": False},
        {"status": Event.Status.CANCELLED},
        {"status": Event.Status.DRAFT},
    ],
    ids=["closing-date-passed", "event-started", "no-registration", "cancelled", "draft"],
)
def test_registrations_close_at_their_date_or_when_the_event_starts(changes):
    event = EventFactory(registrable=True, **changes)
    with pytest.raises(services.RegistrationError) as error:
        register(event, "late@example.org")
    assert error.value.code == "closed"
    assert not event.registrations.exists()


def test_the_closing_date_is_the_earlier_of_the_date_set_and_the_start():
    event = EventFactory(registrable=True, starts_at=in_days(3), registration_closes_at=in_days(10))
    assert event.registration_deadline == event.starts_at
    event.registration_closes_at = in_days(1)
    assert event.registration_deadline == event.registration_closes_at


def test_a_mail_server_that_fails_loses_no_registration(settings, caplog):
    settings.EMAIL_BACKEND = "tests.support.broken_mail.BrokenBackend"
    event = EventFactory(registrable=True, capacity=1)
    first = register(event, "a@example.org")
    second = register(event, "b@example.org")
    assert first.status == "confirmed" and first.confirmation_sent_at is None
    # The job failed (and the queue tries it again: tests/jobs).
    assert "send_registration_email state=FAILED" in caplog.text
    assert services.cancel(registration=first) == [second]


def test_the_confirmation_is_in_the_registrants_language_with_the_ics_and_a_qr_code_of_the_token_only():
    event = EventFactory(registrable=True, title_ar="ورشة التغليف", title_fr="Atelier emballage")
    registration = register(event, "ar@example.org", language="ar")
    message = mail.outbox[0]
    assert "ورشة التغليف" in message.subject
    assert "ورشة التغليف" in message.body
    assert registration.checkin_token in message.body
    assert "/ar/evenements/inscription/annuler/" in message.body
    names = {name: (content, mimetype) for name, content, mimetype in message.attachments}
    ics, ics_type = names[f"{event.slug}.ics"]
    assert ics_type.startswith("text/calendar")
    png, _type = names["code-presence.png"]
    assert png.startswith(b"\x89PNG")


def test_the_waiting_list_e_mail_has_no_qr_code_nor_calendar():
    event = EventFactory(registrable=True, capacity=1)
    register(event, "a@example.org")
    register(event, "b@example.org")
    assert mail.outbox[1].attachments == []


# --- Cancellation links -----------------------------------------------------------------------------


def cancel_path(registration):
    return reverse("events:cancel", args=[services.cancel_token(registration)])


def test_a_cancellation_link_shows_a_confirmation_then_cancels_once(client):
    event = EventFactory(registrable=True, capacity=1)
    registration = register(event, "a@example.org")
    waiting = register(event, "b@example.org")
    url = cancel_path(registration)

    response = client.get(url)
    assert response.status_code == 200
    assert "Yes, cancel my registration" in response.text or "Oui, annuler" in response.text
    registration.refresh_from_db()
    assert registration.status == "confirmed"  # a GET changes nothing

    response = client.post(url)
    assert response.status_code == 200
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert registration.status == "cancelled"
    assert waiting.status == "confirmed"

    # Single use: the second time says so, and changes nothing.
    response = client.post(url)
    assert response.status_code == 410
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_an_expired_link_gives_a_clear_page(client, settings):
    registration = register(EventFactory(registrable=True), "a@example.org")
    url = cancel_path(registration)
    later = timezone.now() + services.CANCEL_MAX_AGE + timedelta(days=1)
    import time as time_module

    real_time = time_module.time
    try:
        time_module.time = lambda: later.timestamp()
        response = client.post(url)
    finally:
        time_module.time = real_time
    assert response.status_code == 410
    assert registration.__class__.objects.get(pk=registration.pk).status == "confirmed"


@pytest.mark.parametrize("token", ["forged", "a:b:c", signing.dumps({"r": 1, "t": "x"}, salt="other")])
def test_a_forged_link_is_refused(client, token):
    registration = register(EventFactory(registrable=True), "a@example.org")
    response = client.post(reverse("events:cancel", args=[token]))
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_a_link_for_another_registration_row_with_the_same_id_is_refused(client):
    registration = register(EventFactory(registrable=True), "a@example.org")
    token = signing.dumps({"r": registration.pk, "t": "wrong"}, salt=services.CANCEL_SALT)
    assert client.post(reverse("events:cancel", args=[token])).status_code == 404


def test_no_cancellation_once_the_event_has_started(client):
    event = EventFactory(registrable=True)
    registration = register(event, "a@example.org")
    Event.objects.filter(pk=event.pk).update(starts_at=in_days(-0.1))
    assert client.post(cancel_path(registration)).status_code == 410
    registration.refresh_from_db()
    assert registration.status == "confirmed"


# --- Concurrency (PostgreSQL) ------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writers; the row lock is PostgreSQL's"
)
def test_parallel_registrations_for_the_last_place_never_overbook(reference_data):
    event = EventFactory(registrable=True, capacity=1)
    barrier = threading.Barrier(6)
    results, errors = [], []

    def attempt(n):
        try:
            barrier.wait(timeout=10)
            results.append(register(event, f"racer{n}@example.org", send_email=False).status)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(results) == ["confirmed"] + ["waiting"] * 5
    assert Registration.objects.filter(event=event, status="confirmed").count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writers; the row lock is PostgreSQL's"
)
def test_parallel_cancellation_and_registration_keep_the_count_right(reference_data):
    event = EventFactory(registrable=True, capacity=2)
    first = register(event, "first@example.org", send_email=False)
    register(event, "second@example.org", send_email=False)
    for n in range(3):
        register(event, f"wait{n}@example.org", send_email=False)
    barrier = threading.Barrier(4)
    errors = []

    def run(action):
        try:
            barrier.wait(timeout=10)
            action()
        except Exception as exc:  # noqa: BLE001
            errors.append(repr(exc))
        finally:
            connections.close_all()

    actions = [lambda: services.cancel(registration=first)] + [
        (lambda n=n: register(event, f"late{n}@example.org", send_email=False)) for n in range(3)
    ]
    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    confirmed = Registration.objects.filter(event=event, status="confirmed")
    assert confirmed.count() == 2
    assert sorted(confirmed.values_list("seat", flat=True)) == [1, 2]
    # The freed place went to the first person waiting, not to a newcomer.
    assert confirmed.filter(email="wait0@example.org").exists()
