"""iCalendar (RFC 5545) for the events: one event's .ics, the feed of upcoming events.

Built with ``icalendar``, which writes CRLF line ends and folds lines at 75 octets between characters
(never inside a multi-byte Arabic letter). Times are written in UTC (``...Z``), so a calendar needs no
time-zone definition; the UID comes from the database id and stays when the event changes, while
SEQUENCE grows with each change a calendar must hear about (times, place, status).
"""

from datetime import UTC
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone, translation
from icalendar import Calendar
from icalendar import Event as ICalEvent

from events.models import Event

PRODID = "-//MESS Tanger-Tetouan-Al Hoceima//Portail//FR"


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def event_uid(event: Event) -> str:
    return f"event-{event.pk}@{site_host()}"


def _location(event: Event) -> str:
    parts = [event.venue, event.address]
    if event.commune_id:
        parts.append(f"{event.commune.name}, {event.commune.province.name}")
    return ", ".join(part for part in parts if part) or event.online_url


def _component(event: Event, *, stamp) -> ICalEvent:
    url = f"{settings.SITE_URL}{event.get_absolute_url()}"
    component = ICalEvent()
    component.add("uid", event_uid(event))
    component.add("dtstamp", stamp)
    component.add("dtstart", event.starts_at.astimezone(UTC))
    component.add("dtend", event.ends_at.astimezone(UTC))
    component.add("sequence", event.sequence)
    component.add("last-modified", event.updated_at.astimezone(UTC))
    component.add("summary", event.title)
    description = "\n\n".join(part for part in [event.summary, url] if part)
    component.add("description", description)
    component.add("url", url)
    location = _location(event)
    if location:
        component.add("location", location)
    if event.latitude is not None and event.longitude is not None:
        component.add("geo", (float(event.latitude), float(event.longitude)))
    component.add("categories", [str(event.get_kind_display())])
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return component


def calendar_bytes(events, *, name: str = "", language: str = "fr") -> bytes:
    """A VCALENDAR (METHOD:PUBLISH) holding ``events``, in ``language``."""
    with translation.override(language):
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        if name:
            calendar.add("x-wr-calname", name)
            calendar.add("name", name)
        stamp = timezone.now().astimezone(UTC).replace(microsecond=0)
        for event in events:
            calendar.add_component(_component(event, stamp=stamp))
        return calendar.to_ical()
