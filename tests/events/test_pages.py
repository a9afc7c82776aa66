from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from events.models import Event, Registration
from tests.actors.factories import ActorFactory
from tests.events.factories import EventFactory, SessionFactory, in_days
from tests.factories import commune

pytestmark = pytest.mark.django_db

CASABLANCA = ZoneInfo("Africa/Casablanca")
UTC = ZoneInfo("UTC")


def local(*args):
    return datetime(*args, tzinfo=CASABLANCA)


# --- List, filters, calendar -----------------------------------------------------------------------


def test_the_list_shows_upcoming_events_and_the_archive_the_past_ones(client):
    upcoming = EventFactory(title_fr="Atelier à venir")
    past = EventFactory(past=True, title_fr="Salon passé")
    EventFactory(draft=True, title_fr="Brouillon caché")
    cancelled = EventFactory(cancelled=True, title_fr="Formation annulée")

    response = client.get(reverse("events:index"))
    assert response.status_code == 200
    assert upcoming.title_fr in response.text
    assert cancelled.title_fr in response.text and "Annulé" in response.text
    assert past.title_fr not in response.text
    assert "Brouillon caché" not in response.text

    response = client.get(reverse("events:index") + "?when=past")
    assert past.title_fr in response.text
    assert upcoming.title_fr not in response.text


def test_upcoming_events_come_soonest_first(client):
    later = EventFactory(starts_at=in_days(20), title_fr="Plus tard")
    sooner = EventFactory(starts_at=in_days(2), title_fr="Bientôt")
    text = client.get(reverse("events:index")).text
    assert text.index(sooner.title_fr) < text.index(later.title_fr)


def test_filters_by_kind_and_province(client):
    EventFactory(kind=Event.Kind.TRAINING, title_fr="Formation à Tétouan", commune=commune("01.571.01.11"))
    EventFactory(kind=Event.Kind.WORKSHOP, title_fr="Atelier à Tanger")
    response = client.get(reverse("events:index") + "?kind=training")
    assert "Formation à Tétouan" in response.text and "Atelier à Tanger" not in response.text
    response = client.get(reverse("events:index") + "?province=tetouan")
    assert "Formation à Tétouan" in response.text and "Atelier à Tanger" not in response.text
    assert 'class="chip"' in response.text


def test_an_unknown_filter_value_is_a_clear_400_not_an_error(client):
    response = client.get(reverse("events:index") + "?kind=inconnu&month=2026-13")
    assert response.status_code == 400
    assert "alert-warning" in response.text


def test_the_month_filter_uses_local_boundaries(client):
    # 31 December 23:30 in Casablanca (UTC+00 since 2026-09-20) belongs to December, and an event at
    # 00:30 on 1 November 2026 local belongs to November even if UTC said otherwise.
    december = EventFactory(
        title_fr="Réveillon solidaire",
        starts_at=local(2026, 12, 31, 23, 30),
        ends_at=local(2026, 12, 31, 23, 59),
    )
    EventFactory(title_fr="Janvier", starts_at=local(2027, 1, 1, 0, 30), ends_at=local(2027, 1, 1, 2))
    september = EventFactory(
        title_fr="Fin de l’été",
        starts_at=local(2026, 9, 1, 0, 30),  # UTC+01 then: 23:30 UTC on 31 August
        ends_at=local(2026, 9, 1, 2),
    )
    assert september.starts_at.astimezone(UTC).day == 31
    text = client.get(reverse("events:index") + "?month=2026-12").text
    assert december.title_fr in text and "Janvier" not in text
    text = client.get(reverse("events:index") + "?month=2026-08").text
    assert september.title_fr not in text
    text = client.get(reverse("events:index") + "?month=2026-09").text
    assert september.title_fr in text


def test_a_multi_day_event_shows_in_each_month_it_covers(client):
    EventFactory(title_fr="Salon à cheval", starts_at=local(2026, 11, 29, 10), ends_at=local(2026, 12, 2, 18))
    assert "Salon à cheval" in client.get(reverse("events:index") + "?month=2026-11").text
    assert "Salon à cheval" in client.get(reverse("events:index") + "?month=2026-12").text


def test_the_calendar_view_works_without_javascript_with_previous_and_next_months(client):
    EventFactory(
        title_fr="Foire de décembre", starts_at=local(2026, 12, 10, 9), ends_at=local(2026, 12, 11, 17)
    )
    response = client.get(reverse("events:index") + "?view=calendar&month=2026-12")
    assert response.status_code == 200
    text = response.text
    assert "décembre 2026" in text
    assert text.count("Foire de décembre") >= 3  # two days in the grid, once in the list
    assert "month=2026-11" in text and "month=2027-01" in text
    assert "<script" not in text.split("</footer>")[0].split("<main")[-1]


def test_the_calendar_keeps_the_filters_in_its_month_links(client):
    text = client.get(reverse("events:index") + "?view=calendar&month=2027-01&kind=fair").text
    assert "view=calendar&amp;month=2027-02&amp;kind=fair" in text
    assert "view=calendar&amp;month=2026-12&amp;kind=fair" in text


def test_the_calendar_of_an_empty_month_says_so(client):
    response = client.get(reverse("events:index") + "?view=calendar&month=2030-02")
    assert response.status_code == 200
    assert "Aucun événement ce mois-ci" in response.text


def test_an_empty_list_says_so_and_points_to_the_archive(client):
    response = client.get(reverse("events:index"))
    assert "?when=past" in response.text
    assert response.status_code == 200


def test_the_list_is_paginated(client):
    for n in range(14):
        EventFactory(starts_at=in_days(n + 1))
    response = client.get(reverse("events:index"))
    assert 'rel="next"' in response.text
    assert client.get(reverse("events:index") + "?page=2").status_code == 200
    assert client.get(reverse("events:index") + "?page=3").status_code == 404


# --- Detail -----------------------------------------------------------------------------------------


def test_the_detail_page_shows_times_in_casablanca_the_place_map_programme_and_partners(client):
    organiser = ActorFactory(name_fr="Coopérative Al Amal")
    partner = ActorFactory(name_fr="Association Tanmia")
    event = EventFactory(
        title_fr="Séminaire annuel",
        kind=Event.Kind.SEMINAR,
        starts_at=local(2026, 12, 3, 9),
        ends_at=local(2026, 12, 4, 17),
        latitude=35.7673,
        longitude=-5.7998,
        organiser=organiser,
        partners=[partner],
    )
    SessionFactory(
        event=event, title_fr="Ouverture", starts_at=local(2026, 12, 3, 9, 30), ends_at=local(2026, 12, 3, 10)
    )
    SessionFactory(event=event, title_fr="Synthèse", starts_at=local(2026, 12, 4, 15), ends_at=None)
    response = client.get(event.get_absolute_url())
    text = response.text
    assert response.status_code == 200
    assert "<h1" in text and "Séminaire annuel" in text
    assert "du 3 décembre 2026 au 4 décembre 2026" in text
    assert "09:30–10:00" in text and "15:00" in text
    assert "Fatima Zahra, coopérative Al Amal" in text
    assert 'data-lat="35.767300"' in text
    assert organiser.get_absolute_url() in text and partner.get_absolute_url() in text
    assert reverse("events:ics", args=[event.slug]) in text


def test_text_falls_back_to_french(client):
    event = EventFactory(title_fr="Atelier en français", title_ar="", title_en="")
    assert "Atelier en français" in client.get("/ar/evenements/" + event.slug + "/").text


def test_the_venue_is_in_the_pages_language_or_french(client):
    event = EventFactory(venue_fr="Salle de conférence", venue_ar="قاعة الندوات", venue_en="")
    assert "قاعة الندوات" in client.get(f"/ar/evenements/{event.slug}/").text
    assert "Salle de conférence" in client.get(f"/fr/evenements/{event.slug}/").text
    assert "Salle de conférence" in client.get(f"/en/evenements/{event.slug}/").text
    ics = client.get(f"/ar/evenements/{event.slug}/calendrier.ics").content.decode()
    assert "قاعة الندوات" in ics.replace("\r\n ", "")


def test_a_draft_event_is_not_found(client):
    assert client.get(EventFactory(draft=True).get_absolute_url()).status_code == 404


def test_the_directory_page_of_a_structure_lists_its_events(client):
    actor = ActorFactory()
    EventFactory(title_fr="Organisé par elle", organiser=actor)
    EventFactory(title_fr="En partenariat", partners=[actor])
    EventFactory(title_fr="Sans elle")
    text = client.get(actor.get_absolute_url()).text
    assert "Organisé par elle" in text and "En partenariat" in text and "Sans elle" not in text


def test_documents_appear_once_the_event_is_over(client):
    from tests.library.factories import DocumentFactory

    document = DocumentFactory(title_fr="Actes du séminaire")
    upcoming = EventFactory()
    upcoming.documents.add(document)
    past = EventFactory(past=True)
    past.documents.add(document)
    assert "Actes du séminaire" not in client.get(upcoming.get_absolute_url()).text
    assert "Actes du séminaire" in client.get(past.get_absolute_url()).text


# --- Registration through the page ----------------------------------------------------------------

FORM = {
    "name": "Salma Akhrif",
    "email": "salma@example.org",
    "phone": "0661 22 33 44",
    "organisation": "Coopérative Al Amal",
    "consent": "on",
}


def test_places_left_are_shown(client):
    event = EventFactory(registrable=True, capacity=3)
    Registration.objects.create(
        event=event, name="A", email="a@example.org", status="confirmed", seat=1, consent_at=event.created_at
    )
    assert "2 places restantes" in client.get(event.get_absolute_url()).text


def test_registering_through_the_form(client):
    event = EventFactory(registrable=True, capacity=1)
    response = client.post(reverse("events:register", args=[event.slug]), FORM)
    assert response.status_code == 302
    assert response["Location"].endswith("?status=confirmed")
    registration = Registration.objects.get(event=event)
    assert registration.status == "confirmed" and registration.language == "fr"
    assert len(mail.outbox) == 1
    page = client.get(response["Location"])
    assert page.status_code == 200
    # The next person joins the waiting list.
    response = client.post(
        reverse("events:register", args=[event.slug]), {**FORM, "email": "other@example.org"}
    )
    assert response["Location"].endswith("?status=waiting")
    assert "Complet" in client.get(event.get_absolute_url()).text


def test_registering_with_a_structure_of_the_directory(client):
    actor = ActorFactory(slug="cooperative-al-amal")
    event = EventFactory(registrable=True)
    client.post(reverse("events:register", args=[event.slug]), {**FORM, "actor": "cooperative-al-amal"})
    assert Registration.objects.get(event=event).actor == actor
    # The whole link, pasted from the structure's page, in any language.
    for n, link in enumerate(
        ["https://mess.example.org/ar/acteurs/cooperative-al-amal/", "/fr/acteurs/cooperative-al-amal"]
    ):
        client.post(
            reverse("events:register", args=[event.slug]),
            {**FORM, "email": f"l{n}@example.org", "actor": link},
        )
        assert Registration.objects.get(event=event, email=f"l{n}@example.org").actor == actor
    for bad in ("inconnue", "http://[broken/x", "/fr/acteurs/", "https://x.org/\x00/"):
        response = client.post(
            reverse("events:register", args=[event.slug]), {**FORM, "email": "b@example.org", "actor": bad}
        )
        assert response.status_code == 400


def test_consent_is_required_and_links_to_the_legal_notice(client):
    event = EventFactory(registrable=True)
    response = client.post(reverse("events:register", args=[event.slug]), {**FORM, "consent": ""})
    assert response.status_code == 400
    assert reverse("site:legal") in response.text
    assert "09-08" in response.text
    assert not Registration.objects.exists()


def test_a_second_registration_with_the_same_address_is_refused_clearly(client):
    event = EventFactory(registrable=True)
    client.post(reverse("events:register", args=[event.slug]), FORM)
    response = client.post(reverse("events:register", args=[event.slug]), FORM)
    assert response.status_code == 409
    assert Registration.objects.count() == 1


def test_closed_registrations_show_no_form_and_refuse_posts(client):
    event = EventFactory(registrable=True, registration_closes_at=in_days(-1))
    assert '<form method="post"' not in client.get(event.get_absolute_url()).text
    assert client.post(reverse("events:register", args=[event.slug]), FORM).status_code == 409
    assert not Registration.objects.exists()


def test_the_honeypot_answers_robots_like_people_and_stores_nothing(client):
    event = EventFactory(registrable=True)
    response = client.post(reverse("events:register", args=[event.slug]), {**FORM, "homepage": "http://spam"})
    assert response.status_code == 302
    assert not Registration.objects.exists() and not mail.outbox


def test_the_rate_limit_stops_a_flood(client):
    event = EventFactory(registrable=True, capacity=None)
    codes = [
        client.post(
            reverse("events:register", args=[event.slug]), {**FORM, "email": f"p{n}@example.org"}
        ).status_code
        for n in range(12)
    ]
    assert codes[:10] == [302] * 10 and codes[10:] == [429, 429]


def test_registering_in_arabic_sends_the_confirmation_in_arabic(client):
    event = EventFactory(registrable=True, title_ar="ورشة التسويق")
    client.post(f"/ar/evenements/{event.slug}/inscription/", FORM)
    assert Registration.objects.get().language == "ar"
    assert "ورشة التسويق" in mail.outbox[0].subject
    assert "/ar/evenements/inscription/annuler/" in mail.outbox[0].body


def test_a_get_writes_nothing_and_creates_no_session(client):
    event = EventFactory(registrable=True)
    for url in [
        reverse("events:index"),
        event.get_absolute_url(),
        reverse("events:index") + "?view=calendar",
    ]:
        response = client.get(url)
        assert "sessionid" not in response.cookies


# --- Fixed numbers of queries -----------------------------------------------------------------------


def _many_events(n):
    actors = [ActorFactory() for _ in range(3)]
    for index in range(n):
        event = EventFactory(
            starts_at=in_days(index + 1), registrable=True, partners=actors, organiser=actors[0]
        )
        SessionFactory(event=event)
        SessionFactory(event=event)


@pytest.mark.parametrize("size", [2, 14])
def test_the_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    _many_events(size)
    with django_assert_max_num_queries(4):
        client.get(reverse("events:index") + "?kind=workshop&province=tanger-assilah")
    with django_assert_max_num_queries(4):
        client.get(reverse("events:index"))


@pytest.mark.parametrize("size", [2, 14])
def test_the_calendar_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    _many_events(size)
    month = (in_days(5)).strftime("%Y-%m")
    with django_assert_max_num_queries(3):
        client.get(reverse("events:index") + f"?view=calendar&month={month}")


@pytest.mark.parametrize("sessions", [1, 12])
def test_the_detail_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, sessions):
    actors = [ActorFactory() for _ in range(sessions)]
    event = EventFactory(registrable=True, partners=actors, organiser=actors[0])
    for _ in range(sessions):
        SessionFactory(event=event)
    with django_assert_max_num_queries(7):
        client.get(event.get_absolute_url())


def test_the_home_page_seminar_card_leads_to_the_seminars(client):
    assert reverse("events:index") + "?kind=seminar" in client.get(reverse("site:home")).text


def test_the_sitemap_lists_published_events(client):
    event = EventFactory()
    draft = EventFactory(draft=True)
    text = client.get("/sitemap-events.xml").text
    assert event.get_absolute_url() in text and draft.get_absolute_url() not in text
    assert "/fr/evenements/" in client.get("/sitemap-events-index.xml").text


def test_times_before_and_after_the_offset_change_show_as_local(client):
    # 09:00 local: 08:00 UTC in August 2026 (UTC+01), 09:00 UTC in December 2026 (UTC+00).
    summer = EventFactory(
        starts_at=datetime(2026, 8, 10, 8, tzinfo=UTC), ends_at=datetime(2026, 8, 10, 10, tzinfo=UTC)
    )
    winter = EventFactory(
        starts_at=datetime(2026, 12, 10, 9, tzinfo=UTC), ends_at=datetime(2026, 12, 10, 11, tzinfo=UTC)
    )
    assert "09:00–11:00" in client.get(summer.get_absolute_url()).text
    assert "09:00–11:00" in client.get(winter.get_absolute_url()).text
    assert timedelta(0) == winter.starts_at.astimezone(CASABLANCA).utcoffset()


def test_a_mail_server_that_fails_still_registers_through_the_page(client, settings):
    settings.EMAIL_BACKEND = "tests.support.broken_mail.BrokenBackend"
    event = EventFactory(registrable=True)
    response = client.post(reverse("events:register", args=[event.slug]), FORM)
    assert response.status_code == 302
    assert Registration.objects.get(event=event).status == "confirmed"


def test_list_cards_show_places_left(client):
    event = EventFactory(registrable=True, capacity=5, title_fr="Atelier avec places")
    Registration.objects.create(
        event=event, name="A", email="a@example.org", status="confirmed", seat=1, consent_at=event.created_at
    )
    assert "4 places restantes" in client.get(reverse("events:index")).text


def test_the_detail_page_describes_the_event_for_search_engines(client):
    import json
    import re as re_module

    event = EventFactory(title_fr="Atelier </script><b>x</b>", cancelled=True)
    text = client.get(event.get_absolute_url()).text
    block = re_module.search(r'<script type="application/ld\+json">(.*?)</script>', text, re_module.S).group(
        1
    )
    data = json.loads(block)
    assert data["@type"] == "Event" and data["name"] == event.title_fr
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["startDate"] == event.starts_at.isoformat()
