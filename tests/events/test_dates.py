from datetime import UTC, date, datetime

import pytest

from events import dates


@pytest.mark.parametrize(
    "month, start, end",
    [
        # Before 2026-09-20 Casablanca was UTC+01: a local month began an hour before midnight UTC.
        (date(2026, 8, 1), datetime(2026, 7, 31, 23, tzinfo=UTC), datetime(2026, 8, 31, 23, tzinfo=UTC)),
        # The month of the change: begins at UTC+01, ends at UTC+00.
        (date(2026, 9, 1), datetime(2026, 8, 31, 23, tzinfo=UTC), datetime(2026, 10, 1, 0, tzinfo=UTC)),
        (date(2026, 12, 1), datetime(2026, 12, 1, 0, tzinfo=UTC), datetime(2027, 1, 1, 0, tzinfo=UTC)),
    ],
)
def test_a_local_month_becomes_a_utc_range(month, start, end):
    assert dates.month_range(month) == (start, end)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2026-12", date(2026, 12, 1)),
        ("2026-13", None),
        ("2026-00", None),
        ("1999-01", None),
        ("2026-1", None),
        ("26-12", None),
        ("", None),
        (None, None),
        ("2026-12\x00", None),
        ("٢٠٢٦-١٢", None),
    ],
)
def test_parse_month(value, expected):
    assert dates.parse_month(value) == expected


def test_previous_and_next_month_across_years():
    assert dates.next_month(date(2026, 12, 1)) == date(2027, 1, 1)
    assert dates.previous_month(date(2027, 1, 1)) == date(2026, 12, 1)
    assert dates.previous_month(date(2026, 3, 1)) == date(2026, 2, 1)


def test_the_days_an_event_covers():
    start = datetime(2026, 12, 3, 9, tzinfo=UTC)
    assert dates.days_of(start, datetime(2026, 12, 5, 0, tzinfo=UTC)) == [
        date(2026, 12, 3),
        date(2026, 12, 4),
    ]
    assert dates.days_of(start, start) == [date(2026, 12, 3)]


def test_the_weeks_of_a_month_start_on_monday():
    weeks = dates.month_weeks(date(2026, 12, 1))
    assert weeks[0][:2] == [None, date(2026, 12, 1)]  # 1 December 2026 is a Tuesday
    assert all(len(week) == 7 for week in weeks)
