"""Local time is Morocco's as the IANA database knows it now (2026c: UTC+00 from 2026-09-20), whatever
the system's time-zone data says."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

UTC = datetime.UTC


@pytest.fixture
def casablanca():
    return zoneinfo.ZoneInfo("Africa/Casablanca")


def test_time_zone_rules_come_from_the_tzdata_package():
    assert zoneinfo.TZPATH == ()


def test_after_2026_09_20_morocco_is_on_utc(casablanca):
    assert datetime.datetime(2026, 11, 30, 12, tzinfo=casablanca).utcoffset() == datetime.timedelta(0)
    assert datetime.datetime(2027, 7, 1, 12, tzinfo=casablanca).utcoffset() == datetime.timedelta(0)


def test_before_2026_09_20_morocco_was_on_utc_plus_one(casablanca):
    assert datetime.datetime(2026, 6, 15, 12, tzinfo=casablanca).utcoffset() == datetime.timedelta(hours=1)


def test_the_site_shows_local_time_from_utc(settings):
    assert settings.TIME_ZONE == "Africa/Casablanca"
    instant = datetime.datetime(2026, 11, 30, 9, 30, tzinfo=UTC)
    assert timezone.localtime(instant).strftime("%H:%M") == "09:30"
    summer = datetime.datetime(2026, 7, 1, 9, 30, tzinfo=UTC)
    assert timezone.localtime(summer).strftime("%H:%M") == "10:30"


def test_the_process_local_time_is_the_packaged_one_too():
    """What gunicorn's access log and the development server print (the C library's local time)."""
    import time

    winter = datetime.datetime(2026, 11, 30, 18, 15, tzinfo=UTC).timestamp()
    summer = datetime.datetime(2026, 7, 1, 18, 15, tzinfo=UTC).timestamp()
    assert time.strftime("%H:%M %z", time.localtime(winter)) == "18:15 +0000"
    assert time.strftime("%H:%M %z", time.localtime(summer)) == "19:15 +0100"
