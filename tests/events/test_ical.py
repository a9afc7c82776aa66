"""The .ics files and the feeds, read back with icalendar and with a second parser (vobject)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from django.urls import reverse

from events import services
from events.models import Event
from tests.events.factories import EventFactory, in_days

pytestmark = pytest.mark.django_db

CASABLANCA = ZoneInfo("Africa/Casablanca")
LONG_ARABIC = (
    "الندوة السنوية للاقتصاد الاجتماعي والتضامني بجهة طنجة تطوان الحسيمة: التعاونيات والجمعيات "
    "والتعاضديات في مواجهة تحديات التسويق والتمويل والرقمنة"
)


def ics_of(client, event, lang="fr"):
    response = client.get(f"/{lang}/evenements/{event.slug}/calendrier.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return response.content


def test_an_event_ics_is_valid_for_both_parsers_with_the_right_utc_instant(client, settings):
    settings.SITE_URL = "https://mess.example.org"
    # 10:00 in Casablanca on 15 August 2026 is 09:00 UTC (UTC+01 then); on 15 December, 10:00 UTC.
    summer = EventFactory(
        starts_at=datetime(2026, 8, 15, 10, tzinfo=CASABLANCA),
        ends_at=datetime(2026, 8, 15, 12, tzinfo=CASABLANCA),
    )
    winter = EventFactory(
        starts_at=datetime(2026, 12, 15, 10, tzinfo=CASABLANCA),
        ends_at=datetime(2026, 12, 16, 17, tzinfo=CASABLANCA),
    )
    for event, expected in [
        (summer, datetime(2026, 8, 15, 9, tzinfo=UTC)),
        (winter, datetime(2026, 12, 15, 10, tzinfo=UTC)),
    ]:
        content = ics_of(client, event)
        calendar = icalendar.Calendar.from_ical(content)
        assert calendar["METHOD"] == "PUBLISH"
        assert calendar["VERSION"] == "2.0"
        [component] = calendar.walk("VEVENT")
        assert str(component["UID"]) == f"event-{event.pk}@mess.example.org"
        assert component.decoded("DTSTART") == expected
        assert component.decoded("DTSTART").utcoffset() == timedelta(0)
        assert component.decoded("DTEND") == event.ends_at
        assert component.decoded("DTSTAMP").tzinfo is not None
        assert b"DTSTART:" + expected.strftime("%Y%m%dT%H%M%SZ").encode() in content
        assert int(component["SEQUENCE"]) == 0
        assert str(component["STATUS"]) == "CONFIRMED"

        parsed = vobject.readOne(content.decode())
        vevent = parsed.vevent
        assert vevent.uid.value == f"event-{event.pk}@mess.example.org"
        assert vevent.dtstart.value == expected
        assert vevent.dtstart.value.tzinfo is not None  # no floating time
        assert vevent.dtstamp.value.tzinfo is not None
        assert vevent.dtend.value == event.ends_at
        assert parsed.method.value == "PUBLISH"


def test_lines_end_in_crlf_and_fold_at_75_octets_without_splitting_an_arabic_letter(client):
    event = EventFactory(title_ar=LONG_ARABIC, summary_ar=LONG_ARABIC * 3, venue_ar="قاعة الندوات " * 10)
    content = ics_of(client, event, lang="ar")
    assert b"\r\n" in content
    assert b"\n" not in content.replace(b"\r\n", b"")
    assert content.endswith(b"\r\n")
    lines = content.split(b"\r\n")[:-1]
    assert any(line.startswith(b" ") for line in lines), "long lines are folded"
    for line in lines:
        assert len(line) <= 75, line
        line.decode("utf-8")  # each physical line is valid UTF-8: no letter cut in two
    # Both parsers unfold it back to the whole Arabic text.
    [component] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert str(component["SUMMARY"]) == LONG_ARABIC
    assert vobject.readOne(content.decode()).vevent.summary.value == LONG_ARABIC
    assert LONG_ARABIC * 3 in vobject.readOne(content.decode()).vevent.description.value


def test_an_updated_event_keeps_its_uid_and_increments_its_sequence(client):
    event = EventFactory(starts_at=in_days(5), ends_at=in_days(5) + timedelta(hours=2))
    uid = icalendar.Calendar.from_ical(ics_of(client, event)).walk("VEVENT")[0]["UID"]

    previous = services.calendar_state(event)
    event.starts_at += timedelta(hours=1)
    event.save()
    services.event_saved(event=event, previous=previous)
    [component] = icalendar.Calendar.from_ical(ics_of(client, event)).walk("VEVENT")
    assert component["UID"] == uid
    assert int(component["SEQUENCE"]) == 1

    # A change that calendars do not show (the description) leaves the sequence alone.
    previous = services.calendar_state(event)
    event.description_fr = "Nouveau texte"
    event.save()
    services.event_saved(event=event, previous=previous)
    event.refresh_from_db()
    assert event.sequence == 1

    # A draft's changes are nobody's business yet.
    draft = EventFactory(draft=True)
    previous = services.calendar_state(draft)
    draft.starts_at += timedelta(hours=1)
    draft.save()
    services.event_saved(event=draft, previous=previous)
    draft.refresh_from_db()
    assert draft.sequence == 0


def test_a_cancelled_event_says_so_with_a_higher_sequence(client):
    event = EventFactory()
    previous = services.calendar_state(event)
    event.status = Event.Status.CANCELLED
    event.save()
    services.event_saved(event=event, previous=previous)
    [component] = icalendar.Calendar.from_ical(ics_of(client, event)).walk("VEVENT")
    assert str(component["STATUS"]) == "CANCELLED"
    assert int(component["SEQUENCE"]) == 1
    assert vobject.readOne(ics_of(client, event).decode()).vevent.status.value == "CANCELLED"


def test_the_feed_holds_the_upcoming_published_events_only(client):
    upcoming = EventFactory(title_fr="À venir")
    cancelled = EventFactory(cancelled=True)
    EventFactory(past=True)
    EventFactory(draft=True)
    response = client.get(reverse("events:calendar_feed"))
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    uids = {str(c["UID"]).split("@")[0] for c in calendar.walk("VEVENT")}
    assert uids == {f"event-{upcoming.pk}", f"event-{cancelled.pk}"}
    parsed = vobject.readOne(response.content.decode())
    assert len(parsed.vevent_list) == 2


def test_the_pages_link_to_the_feed_with_webcal(client):
    text = client.get(reverse("events:index")).text
    assert 'href="webcal://testserver/fr/evenements/calendrier.ics"' in text


def test_the_atom_feed_lists_upcoming_events(client):
    event = EventFactory(title_fr="Atelier dans le flux")
    EventFactory(past=True, title_fr="Passé")
    response = client.get(reverse("events:atom_feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Atelier dans le flux" in response.text and "Passé" not in response.text
    assert event.get_absolute_url() in response.text


def test_an_unknown_or_draft_event_has_no_ics(client):
    assert client.get("/fr/evenements/inconnu/calendrier.ics").status_code == 404
    draft = EventFactory(draft=True)
    assert client.get(f"/fr/evenements/{draft.slug}/calendrier.ics").status_code == 404
