"""The events' iCalendar checked strictly, beyond reading it back (tests/events/test_ical.py):

- ``ical`` (PyPI, allenporter/ical): an RFC 5545 parser built on pydantic models that rejects what the
  RFC forbids (a missing DTSTAMP or UID, DTEND before DTSTART, bad property values); it works offline;
- ``vobject``'s ``validate()``: the RFC's required and once-only properties of each component;
- ``icalendar``: no parse error recorded on any component, and a round trip gives the same calendar.

There is no official iCalendar validator to run offline (the icalendar.org one is a web service); these
are the strictest parsers on PyPI.
"""

from datetime import timedelta

import icalendar
import pytest
import vobject
from django.urls import reverse
from ical.calendar_stream import IcsCalendarStream

from events import services
from events.models import Event
from tests.events.factories import EventFactory, in_days
from tests.events.test_ical import LONG_ARABIC, ics_of

pytestmark = pytest.mark.django_db


def strictly_valid(content: bytes) -> list:
    """Check ``content`` with the three parsers; returns ical's events."""
    text = content.decode("utf-8")
    calendar = IcsCalendarStream.calendar_from_ics(text)  # raises CalendarParseError when invalid
    vobject.readOne(text).validate(raiseException=True, complainUnrecognized=False)
    parsed = icalendar.Calendar.from_ical(content)
    assert all(not component.errors for component in parsed.walk()), [c.errors for c in parsed.walk()]
    assert icalendar.Calendar.from_ical(parsed.to_ical()) == parsed
    return calendar.events


def test_an_event_ics_is_strictly_valid_in_french_and_arabic(client):
    event = EventFactory(
        title_ar=LONG_ARABIC,
        summary_ar=LONG_ARABIC * 3,
        starts_at=in_days(10),
        ends_at=in_days(10) + timedelta(hours=3),
    )
    for lang in ("fr", "ar"):
        [parsed] = strictly_valid(ics_of(client, event, lang=lang))
        assert parsed.dtstart == event.starts_at and parsed.end == event.ends_at
        assert parsed.uid.startswith(f"event-{event.pk}@")
        assert parsed.dtstamp is not None
    [parsed] = strictly_valid(ics_of(client, event, lang="ar"))
    assert parsed.summary == LONG_ARABIC


def test_a_cancelled_event_and_the_feed_are_strictly_valid(client):
    event = EventFactory()
    previous = services.calendar_state(event)
    event.status = Event.Status.CANCELLED
    event.save()
    services.event_saved(event=event, previous=previous)
    [parsed] = strictly_valid(ics_of(client, event))
    assert parsed.status == "CANCELLED" and parsed.sequence == 1
    EventFactory(title_fr="Atelier")
    response = client.get(reverse("events:calendar_feed"))
    assert len(strictly_valid(response.content)) == 2


@pytest.mark.parametrize(
    "broken",
    [
        "DTSTAMP:20261130T100000Z\r\nSUMMARY:a\r\nSUMMARY:b\r\n",  # a property allowed once, twice
        "DTSTAMP:20261130T100000Z\r\nDTSTART:2026-12-01\r\n",  # not an RFC 5545 date
        "SUMMARY:no dtstamp\r\n",  # DTSTAMP is required
    ],
)
def test_the_strict_check_rejects_what_the_rfc_forbids(broken):
    content = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:1@test\r\n"
        "DTSTART:20261201T100000Z\r\n"
        * ("DTSTART" not in broken)
        + broken
        + "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    with pytest.raises(Exception):  # noqa: B017 - each parser has its own error class
        strictly_valid(content.encode())
