"""The admin's date drill-down puts each record in its local year, month and day by the portal's zone rules
(mess_portal.clock), even where the database's own time-zone data is older (PostgreSQL on Debian says
UTC+01 for Morocco after 2026-09-20, and put 23:30 UTC on 31 October under November)."""

import datetime
import re

import pytest

from support.models import OrientationRequest
from tests.factories import UserFactory
from tests.support.factories import OrientationRequestFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
LIST = "/admin/support/orientationrequest/"


@pytest.fixture
def requests_at_month_ends():
    instants = {
        "halloween": datetime.datetime(2026, 10, 31, 23, 30, tzinfo=UTC),  # 23:30 on 31 October (UTC+00)
        "july": datetime.datetime(2026, 6, 30, 23, 30, tzinfo=UTC),  # 00:30 on 1 July (UTC+01 then)
        "december": datetime.datetime(2026, 12, 5, 10, tzinfo=UTC),
    }
    made = {}
    for name, instant in instants.items():
        request = OrientationRequestFactory()
        OrientationRequest.objects.filter(pk=request.pk).update(created_at=instant)
        made[name] = request
    return made


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))


def links(page, part):
    return sorted({int(n) for n in re.findall(rf"created_at__{part}=(\d+)", page.content.decode())})


def test_the_months_of_a_year_are_local_months(client, staff, requests_at_month_ends):
    page = client.get(LIST, {"created_at__year": 2026})
    assert page.status_code == 200
    assert links(page, "month") == [7, 10, 12]


def test_the_days_of_a_month_are_local_days_and_the_link_finds_the_record(
    client, staff, requests_at_month_ends
):
    page = client.get(LIST, {"created_at__year": 2026, "created_at__month": 10})
    assert links(page, "day") == [31]
    assert list(page.context["cl"].result_list) == [requests_at_month_ends["halloween"]]
    day = client.get(LIST, {"created_at__year": 2026, "created_at__month": 7, "created_at__day": 1})
    assert list(day.context["cl"].result_list) == [requests_at_month_ends["july"]]


def test_the_years_and_the_other_admins_with_a_drill_down(client, staff, requests_at_month_ends):
    OrientationRequest.objects.filter(pk=requests_at_month_ends["december"].pk).update(
        created_at=datetime.datetime(2026, 12, 31, 23, 59, tzinfo=UTC)  # still 2026, locally
    )
    assert links(client.get(LIST), "month") == [7, 10, 12]  # one year: Django shows its months
    for url in ("/admin/actors/actor/", "/admin/library/document/", "/admin/library/subscriber/"):
        assert client.get(url).status_code == 200
