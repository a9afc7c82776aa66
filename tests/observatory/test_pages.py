"""The observatory's pages as a visitor reads them, in French, Arabic and English: the numbers shown are
the ones counted by hand on the known directory; bad input is a 400 or a 404; queries are bounded."""

import re

import pytest
from django.utils import translation

from observatory.numbers import format_number
from tests.actors.factories import ActorFactory
from tests.factories import commune

pytestmark = pytest.mark.django_db

PAGES = [
    "/{lang}/observatoire/",
    "/{lang}/observatoire/?province=tanger-assilah&family=cooperative&year_from=2000&year_to=2020",
    "/{lang}/observatoire/atlas/",
    "/{lang}/observatoire/atlas/?indicator=women-members&measure=per-10000",
    "/{lang}/observatoire/indicateurs/structures/",
    "/{lang}/observatoire/indicateurs/women-share/",
    "/{lang}/observatoire/indicateurs/hcp-employed-cooperative-members/",
    "/{lang}/observatoire/indicateurs/hcp-population/",
    "/{lang}/observatoire/provinces/tanger-assilah/",
    "/{lang}/observatoire/provinces/ouezzane/",
]


def text(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_every_page_renders_in_each_language(client, known, hcp_series, lang):
    for url in PAGES:
        response = client.get(url.format(lang=lang))
        assert response.status_code == 200, url
        html = response.content.decode()
        assert html.count("<h1") == 1, url
        assert f'lang="{lang}"' in html
        if lang == "ar":
            assert 'dir="rtl"' in html


def test_panorama_shows_the_hand_counted_figures(client, known):
    response = client.get("/fr/observatoire/")
    page = text(response)
    assert "Panorama" in response.content.decode().split("<title>")[1].split("</title>")[0]
    # Key figures, with their source and date.
    for value in (4, 35, 11):
        assert format_number(value) in page
    with translation.override("fr"):
        assert format_number(11 / 15 * 100, 1) in page
    assert "CC BY 4.0" in page


def test_panorama_filters_keep_their_state_and_narrow_the_figures(client, known):
    response = client.get("/fr/observatoire/?province=tanger-assilah&family=association")
    html = response.content.decode()
    assert '<option value="tanger-assilah" selected>' in html
    assert '<option value="association" selected>' in html
    figures = {k.key: k.value for k in response.context["key_figures"]}
    assert figures["structures"] == 1 and figures["members"] == 20
    # Download links keep the selection.
    assert (
        "province=tanger-assilah&amp;family=association&amp;download=structures-by-province&amp;format=csv"
        in html
    )


def test_bad_filters_show_an_error_and_the_whole_region(client, known):
    response = client.get("/fr/observatoire/?province=atlantide&year_from=abc&year_to=1800")
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()
    assert {k.key: k.value for k in response.context["key_figures"]}["structures"] == 4
    reversed_years = client.get("/fr/observatoire/?year_from=2020&year_to=2010")
    assert "alert-danger" in reversed_years.content.decode()


def test_atlas_shows_the_map_its_legend_and_the_ranked_table(client, known):
    response = client.get("/fr/observatoire/atlas/?indicator=structures")
    html = response.content.decode()
    assert response.context["map"].values[known.tanger.code] == 2
    assert "map-legend" in html and "OpenStreetMap" in html
    table = html.split('class="map-table')[1]
    # Tanger-Assilah first, with 2 structures.
    first_row = table.split("<tbody>")[1].split("</tr>")[0]
    assert "Tanger-Assilah" in first_row and ">2<" in first_row
    per_capita = client.get("/fr/observatoire/atlas/?indicator=structures&measure=per-10000")
    values = per_capita.context["map"].values
    assert values[known.tanger.code] == pytest.approx(2 / known.tanger.population_2024 * 10_000)
    assert values[known.fahs.code] is None
    rows = per_capita.content.decode().split('class="map-table')[1].split("<tbody>")[1].split("</tr>")
    assert "Fahs-Anjra" in rows[-2] and "pas de données" in rows[-2]  # no data, last


def test_atlas_with_a_share_ignores_per_capita_and_says_so(client, known):
    response = client.get("/fr/observatoire/atlas/?indicator=women-share&measure=per-10000")
    assert response.context["per_capita"] is False and response.context["per_capita_ignored"] is True


def test_province_page_beside_the_region(client, known):
    response = client.get("/fr/observatoire/provinces/tanger-assilah/")
    page = text(response)
    assert "Tanger-Assilah" in response.content.decode().split("<title>")[1]
    rows = {row.key: row for row in response.context["comparisons"]}
    assert (rows["members"].province, rows["members"].region) == (30, 35)
    with translation.override("fr"):
        assert format_number(30 / 35 * 100, 1) in page
    assert "/fr/acteurs/?province=tanger-assilah" in response.content.decode()


def test_empty_province_page(client, known):
    response = client.get("/fr/observatoire/provinces/ouezzane/")
    assert response.status_code == 200
    assert "pas de données" in text(response)


def test_indicator_page_of_an_official_series(client, known, hcp_series):
    response = client.get("/fr/observatoire/indicateurs/hcp-employed-cooperative-members/")
    page = text(response)
    assert "CC BY 4.0" in page and "hcp.ma" in response.content.decode()
    assert response.context["map"] is not None
    with translation.override("fr"):
        assert format_number(2.2, 1) in page  # the region, from the HCP


@pytest.mark.parametrize(
    "url, status",
    [
        ("/fr/observatoire/indicateurs/inconnu/", 404),
        ("/fr/observatoire/provinces/atlantide/", 404),
        ("/fr/observatoire/?download=inconnu&format=csv", 404),
        ("/fr/observatoire/?download=structures-by-province&format=exe", 400),
        ("/fr/observatoire/atlas/?indicator=inconnu", 200),
        ("/fr/observatoire/indicateurs/structures/?download=structures-all-data&format=svg", 400),
    ],
)
def test_bad_parameters(client, known, url, status):
    assert client.get(url).status_code == status


def test_a_get_writes_no_session(client, known):
    client.get("/fr/observatoire/")
    assert "sessionid" not in client.cookies


@pytest.mark.parametrize(
    "url",
    [
        "/fr/observatoire/",
        "/fr/observatoire/?province=tetouan&sector=agriculture",
        "/fr/observatoire/atlas/?indicator=members&measure=per-10000",
        "/fr/observatoire/indicateurs/structures/",
        "/fr/observatoire/indicateurs/hcp-population/",
        "/fr/observatoire/provinces/tanger-assilah/",
    ],
)
def test_queries_are_bounded_whatever_the_directory_size(
    client, known, hcp_series, url, django_assert_max_num_queries
):
    with django_assert_max_num_queries(16):
        client.get(url)
    with django_assert_max_num_queries(1):  # warm: the figures come from the cache
        client.get(url)
    for _ in range(25):
        ActorFactory(commune=commune("01.571.01.07"), members_total=4)
    with django_assert_max_num_queries(16):
        client.get(url)


def test_the_panorama_links_to_the_same_structures_in_the_directory(client, known):
    response = client.get("/fr/observatoire/?province=tanger-assilah&family=cooperative&year_from=2000")
    html = response.content.decode()
    assert "/fr/acteurs/?province=tanger-assilah&amp;family=cooperative&amp;founded_from=2000" in html
    listed = client.get("/fr/acteurs/?province=tanger-assilah&family=cooperative&founded_from=2000")
    assert listed.context["count"] == 1


def test_home_and_navigation_lead_to_the_observatory(client, known):
    html = client.get("/fr/").content.decode()
    assert html.count('href="/fr/observatoire/"') >= 2  # the menu and the home card
