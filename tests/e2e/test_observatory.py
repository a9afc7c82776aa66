"""In a real browser, without JavaScript help: the Atlas in French and in Arabic, its indicator changed
and then its per-10,000 switch, each time through the GET form; the map's colours, its legend and its
ranked table follow, and the URL keeps the state."""

import datetime

import pytest
from django.db import connections

from mess_portal.models import Commune, Province
from observatory import demo
from tests.actors.factories import ActorFactory


@pytest.fixture
def atlas_data(reference_data):
    """Structures spread unevenly over the provinces (and their members unlike their counts), so that
    each indicator and each measure colours the map differently; the HCP series for the official list."""
    try:
        for index, province in enumerate(Province.objects.order_by("code")):
            commune = Commune.objects.filter(province=province).order_by("code").first()
            for n in range(index % 4 + 1):
                ActorFactory(
                    commune=commune,
                    members_total=(8 - index) * 10 + n,
                    members_women=(8 - index) * 3,
                    creation_date=datetime.date(2000 + index, 1, 1),
                )
        demo.seed()
        yield
    finally:
        connections.close_all()


def map_state(page) -> dict:
    fills = page.locator(".province-map svg.map-svg g.provinces path").evaluate_all(
        "paths => paths.map(p => p.getAttribute('fill'))"
    )
    return {
        "fills": fills,
        "legend": page.locator(".map-legend").inner_text(),
        "table": page.locator(".map-table tbody").inner_text(),
    }


@pytest.mark.parametrize("lang, direction", [("fr", "ltr"), ("ar", "rtl")])
def test_atlas_changes_indicator_and_measure(page, live_server, atlas_data, lang, direction):
    page.goto(f"/{lang}/observatoire/atlas/")
    assert page.locator("html").get_attribute("dir") == direction
    assert page.locator(".province-map svg.map-svg g.provinces path").count() == 8
    structures = map_state(page)
    assert len(set(structures["fills"])) > 1  # classes, not one colour
    assert "OpenStreetMap" in page.locator(".map-credit").inner_text()

    page.select_option("#id_indicator", "members")
    page.locator(".atlas-form button[type=submit]").click()
    page.wait_for_url("**indicator=members**")
    members = map_state(page)
    assert members["fills"] != structures["fills"]
    assert members["legend"] != structures["legend"]
    assert members["table"] != structures["table"]
    assert page.locator("#id_indicator").input_value() == "members"

    page.check("#measure-per-10000")
    page.locator(".atlas-form button[type=submit]").click()
    page.wait_for_url("**measure=per-10000**")
    per_capita = map_state(page)
    assert per_capita["table"] != members["table"]
    assert per_capita["legend"] != members["legend"]
    assert per_capita["fills"] != members["fills"]
    assert page.locator("#measure-per-10000").is_checked()
    assert page.locator("#id_indicator").input_value() == "members"

    # An official series by province from the same form.
    page.select_option("#id_indicator", "hcp-non-profit-establishments")
    page.locator(".atlas-form button[type=submit]").click()
    page.wait_for_url("**indicator=hcp-non-profit-establishments**")
    official = map_state(page)
    assert official["table"] != per_capita["table"]
    assert "HCP" in page.locator(".province-map-caption").inner_text()
