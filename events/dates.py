"""Local dates of the events, in Africa/Casablanca, computed in Python.

The database is never asked for a local date (its time-zone rules are stale, mess_portal/clock.py):
a local month or day becomes a pair of UTC instants here, and queries filter on that range.
"""

import calendar
import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from mess_portal.clock import local_month_bounds

MONTH_PATTERN = re.compile(r"^([0-9]{4})-([0-9]{2})\Z")


def zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local(moment: datetime) -> datetime:
    return moment.astimezone(zone())


def today() -> date:
    return local(timezone.now()).date()


def start_of_day(day: date) -> datetime:
    """The UTC instant at which ``day`` begins in Casablanca."""
    return datetime.combine(day, time.min, tzinfo=zone()).astimezone(ZoneInfo("UTC"))


def parse_month(value: str | None) -> date | None:
    """``2026-12`` -> date(2026, 12, 1); None for anything else (or a year out of 2000..2100)."""
    match = MONTH_PATTERN.match(value or "")
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return date(year, month, 1)


def next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def previous_month(first: date) -> date:
    return date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)


def month_range(first: date) -> tuple[datetime, datetime]:
    """The instants at which a local month begins and the next one begins (the site's one helper)."""
    return local_month_bounds(first.year, first.month)


def month_weeks(first: date) -> list[list[date | None]]:
    """The weeks of a month, Monday first, with None outside the month."""
    return [[day if day.month == first.month else None for day in week] for week in _weeks(first)]


def _weeks(first: date):
    return calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)


def days_of(start: datetime, end: datetime) -> list[date]:
    """The local days an event covers (an event ending at midnight does not cover the next day)."""
    first = local(start).date()
    last = local(end - timedelta(microseconds=1)).date() if end > start else first
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
