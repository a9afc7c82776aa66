import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from events import dates, services
from events.models import Registration
from jobs.models import SentMail
from tests.actors.factories import ActorFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import UserFactory, commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(teams=["events"]))
    return client


def test_the_events_team_sees_the_event_list_with_places_and_links(staff_client):
    event = EventFactory(registrable=True, capacity=2)
    RegistrationFactory(event=event, seat=1)
    RegistrationFactory(event=event, status=Registration.Status.WAITING)
    response = staff_client.get(reverse("admin:events_event_changelist"))
    assert response.status_code == 200
    assert "1 / 2 (1)" in response.text
    assert reverse("admin:events_event_checkin", args=[event.pk]) in response.text
    assert staff_client.get(reverse("admin:events_event_change", args=[event.pk])).status_code == 200
    assert staff_client.get(reverse("admin:events_event_add")).status_code == 200


def test_the_attendee_and_waiting_lists_are_filtered_changelists(staff_client):
    event = EventFactory(registrable=True)
    RegistrationFactory(event=event, name="Confirmée Une", seat=1)
    RegistrationFactory(event=event, name="En Attente", status=Registration.Status.WAITING)
    url = reverse("admin:events_registration_changelist")
    text = staff_client.get(f"{url}?event__id__exact={event.pk}&status__exact=waiting").text
    assert "En Attente" in text and "Confirmée Une" not in text


def test_the_registrations_export_as_csv_and_xlsx(staff_client):
    actor = ActorFactory(slug="cooperative-al-amal")
    event = EventFactory(registrable=True, slug="atelier-export")
    RegistrationFactory(event=event, name="Salma", actor=actor, seat=1)
    url = reverse("admin:events_registration_export")
    response = staff_client.post(url, {"format": "0", "resource": "0", **_all_fields()})
    assert response.status_code == 200
    text = response.content.decode()
    assert "atelier-export" in text and "cooperative-al-amal" in text and "Salma" in text
    response = staff_client.post(url, {"format": "1", "resource": "0", **_all_fields()})
    assert response.content[:2] == b"PK"  # XLSX is a zip


def _all_fields():
    from events.resources import RegistrationResource

    return {f"registrationresource_{name}": "on" for name in RegistrationResource.Meta.fields}


def test_cancelling_in_the_admin_moves_the_waiting_list_up(staff_client):
    event = EventFactory(registrable=True, capacity=1)
    first = services.register(event=event, name="A", email="a@example.org")
    second = services.register(event=event, name="B", email="b@example.org")
    mail.outbox.clear()
    staff_client.post(
        reverse("admin:events_registration_changelist"),
        {"action": "cancel_registrations", "_selected_action": [first.pk]},
    )
    second.refresh_from_db()
    assert second.status == "confirmed"
    assert [m.to for m in mail.outbox] == [["b@example.org"]]


def test_check_in_by_typed_code_and_by_name_search(staff_client):
    event = EventFactory(registrable=True)
    salma = RegistrationFactory(event=event, name="Salma Akhrif", seat=1)
    youssef = RegistrationFactory(event=event, name="Youssef Benali", seat=2)
    url = reverse("admin:events_event_checkin", args=[event.pk])

    response = staff_client.get(url)
    assert response.status_code == 200
    assert 'name="token"' in response.text

    staff_client.post(url, {"token": salma.checkin_token})
    salma.refresh_from_db()
    assert salma.checked_in_at is not None

    response = staff_client.get(url, {"q": "benali"})
    assert "Youssef Benali" in response.text
    assert [r.name for r in response.context["matches"]] == ["Youssef Benali"]
    staff_client.post(url, {"registration": youssef.pk, "q": "benali"})
    youssef.refresh_from_db()
    assert youssef.checked_in_at is not None

    # A code of another event, or a waiting registration, is not marked present.
    other = RegistrationFactory(name="Autre")
    staff_client.post(url, {"token": other.checkin_token})
    other.refresh_from_db()
    assert other.checked_in_at is None
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITING)
    staff_client.post(url, {"token": waiting.checkin_token})
    waiting.refresh_from_db()
    assert waiting.checked_in_at is None


def test_check_in_needs_the_change_permission(client):
    event = EventFactory(registrable=True)
    client.force_login(UserFactory(teams=["reception"]))
    assert client.get(reverse("admin:events_event_checkin", args=[event.pk])).status_code == 403


def test_a_message_goes_to_each_registered_person_in_their_language(staff_client):
    event = EventFactory(registrable=True, title_ar="ورشة", title_fr="Atelier")
    RegistrationFactory(event=event, email="fr@example.org", seat=1)
    RegistrationFactory(event=event, email="ar@example.org", seat=2, language="ar")
    RegistrationFactory(event=event, email="wait@example.org", status=Registration.Status.WAITING)
    RegistrationFactory(event=event, email="gone@example.org", status=Registration.Status.CANCELLED)
    url = reverse("admin:events_event_message", args=[event.pk])
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, {"subject": "Changement de salle", "body": "Rendez-vous salle B."})
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["ar@example.org", "fr@example.org"]
    assert all(m.subject == "Changement de salle" and "salle B" in m.body for m in mail.outbox)
    assert "ورشة" in next(m for m in mail.outbox if m.to == ["ar@example.org"]).body
    mail.outbox.clear()
    staff_client.post(url, {"subject": "Rappel", "body": "Texte", "include_waiting": "on"})
    assert len(mail.outbox) == 3


def test_figures_by_province_and_structure(staff_client):
    event = EventFactory(registrable=True)
    tetouan = ActorFactory(name_fr="Coopérative de Tétouan", commune=commune("01.571.01.11"))
    RegistrationFactory(event=event, actor=tetouan, seat=1, checked_in_at=timezone.now())
    RegistrationFactory(event=event, actor=tetouan, seat=2)
    RegistrationFactory(event=event, organisation="Association libre", seat=3)
    RegistrationFactory(event=event, status=Registration.Status.WAITING)
    from events.stats import event_figures

    figures = event_figures(event)
    assert (figures["confirmed"], figures["waiting"], figures["present"]) == (3, 1, 1)
    assert {row["label"]: row["count"] for row in figures["by_structure"]} == {
        "Coopérative de Tétouan": 2,
        "Association libre": 1,
    }
    assert figures["by_province"][0]["label"] == "Tétouan" and figures["by_province"][0]["count"] == 2
    response = staff_client.get(reverse("admin:events_event_figures", args=[event.pk]))
    assert response.status_code == 200 and "Coopérative de Tétouan" in response.text


def test_reminders_go_once_to_tomorrows_confirmed_registrants():
    tomorrow = dates.today() + timedelta(days=1)
    starts = dates.start_of_day(tomorrow) + timedelta(hours=9)
    event = EventFactory(registrable=True, starts_at=starts, ends_at=starts + timedelta(hours=3))
    later = EventFactory(
        registrable=True, starts_at=starts + timedelta(days=2), ends_at=starts + timedelta(days=2, hours=3)
    )
    confirmed = RegistrationFactory(event=event, seat=1, email="come@example.org")
    RegistrationFactory(event=event, status=Registration.Status.WAITING)
    RegistrationFactory(event=later, seat=1)
    out = io.StringIO()
    call_command("send_event_reminders", stdout=out)
    assert "1 reminders queued" in out.getvalue()
    assert [m.to for m in mail.outbox] == [["come@example.org"]]
    confirmed.refresh_from_db()
    assert confirmed.reminder_sent_at is not None
    call_command("send_event_reminders", stdout=io.StringIO())
    assert len(mail.outbox) == 1  # idempotent


def test_a_failed_reminder_is_tried_again(settings, django_capture_on_commit_callbacks, monkeypatch):
    tomorrow = dates.today() + timedelta(days=1)
    starts = dates.start_of_day(tomorrow) + timedelta(hours=9)
    event = EventFactory(registrable=True, starts_at=starts, ends_at=starts + timedelta(hours=3))
    registration = RegistrationFactory(event=event, seat=1)
    settings.EMAIL_BACKEND = "tests.support.broken_mail.BrokenBackend"
    with django_capture_on_commit_callbacks() as jobs:  # queued, not run yet: the job is what is retried
        monkeypatch.setattr("jobs.services.on_commit", transaction.on_commit)
        assert services.send_reminders() == 1
    jobs[0]()  # the mail server refuses: the job fails (the queue tries it again: tests/jobs)
    assert not mail.outbox and not SentMail.objects.exists()
    assert services.send_reminders() == 0  # claimed: the next run does not queue it twice
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    jobs[0]()  # the retry
    jobs[0]()  # a retry too many sends nothing more
    assert [m.to for m in mail.outbox] == [[registration.email]]


def test_saving_a_published_event_with_new_times_in_the_admin_increments_its_sequence(staff_client):
    event = EventFactory(registrable=True, capacity=1)
    services.register(event=event, name="A", email="a@example.org")
    waiting = services.register(event=event, name="B", email="b@example.org")
    url = reverse("admin:events_event_change", args=[event.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if value is not None and key not in ("partners", "documents")
    }
    local_start = dates.local(event.starts_at + timedelta(hours=1))
    local_end = dates.local(event.ends_at + timedelta(hours=1))
    data.update(
        {
            "starts_at_0": local_start.strftime("%Y-%m-%d"),
            "starts_at_1": local_start.strftime("%H:%M:%S"),
            "ends_at_0": local_end.strftime("%Y-%m-%d"),
            "ends_at_1": local_end.strftime("%H:%M:%S"),
            "commune": event.commune_id,
            "capacity": 2,
            "sessions-TOTAL_FORMS": 0,
            "sessions-INITIAL_FORMS": 0,
            "photos-TOTAL_FORMS": 0,
            "photos-INITIAL_FORMS": 0,
        }
    )
    data.pop("starts_at", None)
    data.pop("ends_at", None)
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    event.refresh_from_db()
    assert event.sequence == 1
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_the_waiting_list_shows_each_persons_rank_in_a_fixed_number_of_queries(
    staff_client, django_assert_max_num_queries
):
    event = EventFactory(registrable=True, capacity=1)
    for n in range(4):
        services.register(event=event, name=f"Personne {n}", email=f"p{n}@example.org", send_email=False)
    url = (
        reverse("admin:events_registration_changelist")
        + f"?event__id__exact={event.pk}&status__exact=waiting"
    )
    with django_assert_max_num_queries(12):
        response = staff_client.get(url)
    ranks = {row.name: row.waiting_ahead + 1 for row in response.context["cl"].result_list}
    assert ranks == {"Personne 1": 1, "Personne 2": 2, "Personne 3": 3}


# --- Staff registering someone by hand ------------------------------------------------------------


def register_by_hand(client, event, **fields):
    data = {"name": "Khadija Amrani", "language": "ar", "send_email": "on", "consent": "on", **fields}
    return client.post(reverse("admin:events_event_register", args=[event.pk]), data)


def test_staff_register_someone_who_called_with_the_public_forms_rules(staff_client):
    event = EventFactory(registrable=True, capacity=1, title_ar="ورشة التسويق")
    page = staff_client.get(reverse("admin:events_event_change", args=[event.pk]))
    assert reverse("admin:events_event_register", args=[event.pk]) in page.text
    assert staff_client.get(reverse("admin:events_event_register", args=[event.pk])).status_code == 200

    response = register_by_hand(staff_client, event, email="Khadija@Example.org", phone="0661 23 45 67")
    assert response.status_code == 302
    first = Registration.objects.get(event=event)
    assert (first.status, first.seat, first.email, first.language) == (
        "confirmed",
        1,
        "khadija@example.org",
        "ar",
    )
    assert first.consent_at is not None
    assert [m.to for m in mail.outbox] == [["khadija@example.org"]]
    assert "ورشة التسويق" in mail.outbox[0].body  # in the language chosen

    # The same address again: refused, nothing added.
    again = register_by_hand(staff_client, event, email="khadija@example.org")
    assert again.status_code == 200
    assert "already registered" in again.text or "déjà inscrite" in again.text
    assert event.registrations.count() == 1

    # The event is full: the next one, by phone only, waits; no address, so no e-mail, ever.
    mail.outbox.clear()
    response = register_by_hand(staff_client, event, name="Ahmed Sbai", phone="0539 99 88 77")
    assert response.status_code == 302
    waiting = Registration.objects.get(event=event, name="Ahmed Sbai")
    assert (waiting.status, waiting.email) == ("waiting", "")
    assert str(waiting) == "Ahmed Sbai"
    # A second phone-only person is not a duplicate of the first.
    register_by_hand(staff_client, event, name="Salma Idrissi", phone="0539 11 22 33")
    assert event.registrations.filter(email="").count() == 2
    # When the first cancels, the one by phone moves up; the e-mails skip those without an address.
    services.cancel(registration=first)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    services.send_message(event=event, subject="Salle", body="Salle B", include_waiting=True)
    assert mail.outbox == []


@pytest.mark.parametrize(
    "fields, error",
    [
        ({"consent": ""}, "consent"),
        ({"name": "", "phone": "0539 99 88 77"}, "name"),
        ({"email": "", "phone": ""}, "__all__"),
        ({"email": "pas-une-adresse"}, "email"),
        ({"phone": "abc"}, "phone"),
    ],
)
def test_a_bad_hand_registration_is_sent_back_and_adds_nothing(staff_client, fields, error):
    event = EventFactory(registrable=True)
    response = register_by_hand(staff_client, event, **{"email": "k@example.org", **fields})
    assert response.status_code == 200
    assert error in response.context["form"].errors
    assert not event.registrations.exists()


def test_a_hand_registration_after_the_deadline_says_what_to_do(staff_client):
    event = EventFactory(registrable=True, past=True)
    response = register_by_hand(staff_client, event, email="k@example.org")
    assert response.status_code == 200
    assert "__all__" in response.context["form"].errors
    assert not event.registrations.exists()


def test_only_the_events_team_may_register_by_hand(client):
    event = EventFactory(registrable=True)
    client.force_login(UserFactory(teams=["reception"]))
    assert client.get(reverse("admin:events_event_register", args=[event.pk])).status_code == 403
    assert register_by_hand(client, event, email="k@example.org").status_code == 403
    assert not event.registrations.exists()
