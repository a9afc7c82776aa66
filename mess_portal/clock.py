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

import zoneinfo


def use_packaged_time_zones() -> None:
    zoneinfo.reset_tzpath(to=())
    # Zones built before the reset (none, normally: settings run this first) would keep the old rules.
    zoneinfo.ZoneInfo.clear_cache()
