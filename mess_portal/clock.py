"""Time-zone rules from the PyPI ``tzdata`` package, never from the system.

Morocco has been on permanent UTC+00 since 2026-09-20 (IANA tz database 2026c). A server whose system
time-zone data is older (Debian's tzdata 2025b here) still says UTC+01 for ``Africa/Casablanca``, and
every local time the portal shows would be an hour off. Python's ``zoneinfo`` looks in the system
folders first and in the ``tzdata`` package last; with an empty search path it reads only the package,
whose version ``pyproject.toml`` pins to a floor that knows the change.

What stays with the database: PostgreSQL converts time zones with its own copy of the rules (the
system's on Debian). The portal therefore never asks the database for local dates or hours
(``__date``, ``TruncDay`` ... with a time zone): it computes local boundaries in Python and filters on
UTC ranges.
"""

import datetime
import os
import time
import zoneinfo
from importlib import resources

from django.utils import timezone


def use_packaged_time_zones() -> None:
    zoneinfo.reset_tzpath(to=())
    # Zones built before the reset (none, normally: settings run this first) would keep the old rules.
    zoneinfo.ZoneInfo.clear_cache()


def use_packaged_zone_for_the_process(name: str) -> None:
    """The C library's local time from the ``tzdata`` package too: Django sets ``TZ=<TIME_ZONE>``, which
    the C library reads from the system's older data (19:15 at 18:15 UTC after 2026-09-20). What uses it
    is what people read in logs: gunicorn's access log, the development server's lines. Run once the
    settings are loaded (``MessPortalConfig.ready``)."""
    if not hasattr(time, "tzset"):
        return
    try:
        path = resources.files("tzdata").joinpath("zoneinfo", *name.split("/"))
    except ModuleNotFoundError:
        return
    if path.is_file():
        os.environ["TZ"] = f":{path}"
        time.tzset()


def local_month_bounds(year: int, month: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The first instant of a local month and of the next one (aware, in the site's time zone)."""
    tz = timezone.get_default_timezone()
    start = datetime.datetime(year, month, 1, tzinfo=tz)
    end = datetime.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=tz)
    return start, end


def local_months(
    first: datetime.datetime, last: datetime.datetime
) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """The local months from the one holding ``first`` to the one holding ``last``, as bounds: filter on
    ``field__gte=start, field__lt=end`` (UTC ranges) rather than asking the database for local months."""
    first, last = timezone.localtime(first), timezone.localtime(last)
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(local_month_bounds(year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


# --- the admin's date drill-down ---------------------------------------------------------------------


class LocalDatetimes:
    """A queryset mixin: ``datetimes()`` (the admin's date drill-down: which years, months or days hold
    records) computed with the portal's zone rules. The database only truncates to the UTC hour, which
    needs no zone (Morocco's offsets are whole hours); Python then places each hour in its local day.
    The links' own filters are local ranges computed in Python already (Django's ChangeList)."""

    def datetimes(self, field_name, kind, order="ASC", tzinfo=None):
        from django.db.models.functions import TruncHour

        zone = tzinfo or timezone.get_current_timezone()
        hours = (
            self.order_by()
            .annotate(_utc_hour=TruncHour(field_name, tzinfo=datetime.UTC))
            .values_list("_utc_hour", flat=True)
            .distinct()
        )
        found = set()
        for hour in hours:
            if hour is None:
                continue
            local = hour.astimezone(zone)
            found.add(
                datetime.datetime(
                    local.year,
                    local.month if kind in ("month", "day") else 1,
                    local.day if kind == "day" else 1,
                    tzinfo=zone,
                )
            )
        return sorted(found, reverse=order == "DESC")


_local_classes: dict[type, type] = {}


def with_local_datetimes(queryset):
    """``queryset``, and every queryset made from it, with LocalDatetimes' ``datetimes()``."""
    cls = type(queryset)
    if issubclass(cls, LocalDatetimes):
        return queryset
    if cls not in _local_classes:
        _local_classes[cls] = type(f"Local{cls.__name__}", (LocalDatetimes, cls), {})
    queryset = queryset._chain()
    queryset.__class__ = _local_classes[cls]
    return queryset
