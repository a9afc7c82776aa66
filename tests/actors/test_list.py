"""The public directory: filters with counts, chips, order, pagination, map data, downloads."""

import datetime
import json
import re
from io import BytesIO

import pytest
from openpyxl import load_workbook

from actors.models import Actor
from mess_portal.search import lexicon
from tests.actors.factories import ActorFactory
from tests.factories import commune, legal_family, sector

pytestmark = pytest.mark.django_db

URL = "/fr/acteurs/"


def names(response):
    return re.findall(r'<h2 class="h5 mb-1"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def result_count(response):
    return re.search(r'id="result-count"[^>]*>([^<]+)<', response.content.decode()).group(1).strip()


@pytest.fixture
def directory():
    from mess_portal.models import Label

    return {
        "tanger_coop": ActorFactory(
            name_fr="Coopérative Tanger Miel",
            sectors=[sector("apiculture")],
            creation_date=datetime.date(2012, 5, 1),
            women_majority=True,
            with_contact=True,
            located=True,
        ),
        "larache_assoc": ActorFactory(
            name_fr="Association Larache Avenir",
            legal_family=legal_family("association"),
            commune=commune("01.331.01.01") if False else commune_in("01.331"),
            sectors=[sector("culture")],
            creation_date=datetime.date(2001, 1, 1),
            labels=[Label.objects.get(slug="bio")],
        ),
        "chaouen_coop": ActorFactory(
            name_fr="Coopérative Chefchaouen Tissage",
            commune=commune("01.151.01.01"),
            sectors=[sector("artisanat"), sector("apiculture")],
            women_declared=True,
            creation_date=datetime.date(2020, 3, 3),
        ),
        "draft": ActorFactory(name_fr="Coopérative Brouillon", draft=True),
    }


def commune_in(province_code):
    from mess_portal.models import Commune

    return Commune.objects.filter(province__code=province_code).order_by("code").first()


def test_list_shows_published_structures_by_name(client, directory):
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == [
        "Association Larache Avenir",
        "Coopérative Chefchaouen Tissage",
        "Coopérative Tanger Miel",
    ]
    assert result_count(response) == "3 structures"
    assert (
        "<title>Annuaire des acteurs de l&#x27;ESS" in response.content.decode()
        or "<title>" in response.content.decode()
    )


@pytest.mark.parametrize(
    "query, expected",
    [
        ("family=association", ["Association Larache Avenir"]),
        (
            "family=cooperative&family=association",
            ["Association Larache Avenir", "Coopérative Chefchaouen Tissage", "Coopérative Tanger Miel"],
        ),
        ("sector=apiculture", ["Coopérative Chefchaouen Tissage", "Coopérative Tanger Miel"]),
        ("province=chefchaouen", ["Coopérative Chefchaouen Tissage"]),
        ("commune=tanger", ["Coopérative Tanger Miel"]),
        ("founded_from=2010", ["Coopérative Chefchaouen Tissage", "Coopérative Tanger Miel"]),
        ("founded_from=2010&founded_to=2015", ["Coopérative Tanger Miel"]),
        ("women=true", ["Coopérative Chefchaouen Tissage", "Coopérative Tanger Miel"]),
        ("label=bio", ["Association Larache Avenir"]),
        ("contact=true", ["Coopérative Tanger Miel"]),
        ("q=larache", ["Association Larache Avenir"]),
        ("sector=apiculture&province=tanger-assilah", ["Coopérative Tanger Miel"]),
    ],
)
def test_each_filter(client, directory, query, expected):
    assert names(client.get(f"{URL}?{query}")) == expected


def test_facet_counts_tell_what_each_choice_would_give(client, directory):
    html = client.get(f"{URL}?sector=apiculture").content.decode()

    def count(name, slug):
        match = re.search(
            rf'value="{slug}" id="id_{name}_{slug}"( checked)?><label[^>]*>[^<]*<span[^>]*>\((\d+)\)', html
        )
        return int(match.group(2)), bool(match.group(1))

    assert count("family", "cooperative") == (2, False)
    assert count("family", "association") == (0, False)
    # Within its own family, a count ignores the family's current choice.
    assert count("sector", "apiculture") == (2, True)
    assert count("sector", "culture") == (1, False)
    assert count("province", "chefchaouen") == (1, False)
    assert re.search(r'id="id_women"[^>]*>\s*<label[^>]*>[^<]*<span[^>]*>\(2\)', html)


def test_active_filters_show_as_removable_chips(client, directory):
    html = client.get(f"{URL}?sector=apiculture&women=true&q=miel").content.decode()
    chips = dict(re.findall(r'<a class="chip" href="([^"]+)"[^>]*>([^<]+)<', html))
    labels = {label.strip(): url for url, label in chips.items()}
    assert (
        "Secteur : Apiculture" in labels
        or "Sector: Beekeeping" in labels
        or any("Apiculture" in k for k in labels)
    )
    sector_chip = next(url for label, url in labels.items() if "Apiculture" in label)
    assert "sector" not in sector_chip and "women=true" in sector_chip and "q=miel" in sector_chip


def test_orders(client, directory):
    assert names(client.get(f"{URL}?order=newest"))[0] == "Coopérative Chefchaouen Tissage"
    assert names(client.get(f"{URL}?order=oldest"))[0] == "Association Larache Avenir"


def test_pagination_20_a_page(client):
    ActorFactory.create_batch(25)
    first = client.get(URL)
    assert len(names(first)) == 20
    assert result_count(first) == "25 structures"
    assert len(names(client.get(f"{URL}?page=2"))) == 5


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=999",
        "family=unknown",
        "founded_from=year",
        "women=perhaps",
        "order=sideways",
        "commune=%00",
        "q=" + "x" * 500,
    ],
)
def test_bad_input_never_breaks_the_page(client, directory, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200


def test_unknown_filter_value_is_reported_and_ignored(client, directory):
    response = client.get(f"{URL}?family=unknown")
    assert "alert-warning" in response.content.decode()
    assert result_count(response) == "3 structures"


def test_empty_state(client):
    response = client.get(f"{URL}?q=introuvable")
    assert "Aucune structure" in response.content.decode() or "No structure" in response.content.decode()


@pytest.mark.parametrize("size", [1, 30])
def test_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    ActorFactory.create_batch(size, sectors=[sector("apiculture")], located=True)
    lexicon()  # the search's synonym and place tables: read once, then cached (tests/mess_portal/test_search.py)
    with django_assert_max_num_queries(16):
        client.get(f"{URL}?sector=apiculture&family=cooperative&women=true&view=map")
    with django_assert_max_num_queries(14):
        client.get(URL)
    # One more for a text search: its matches, found once, then filter the page and the counts by id.
    with django_assert_max_num_queries(17):
        client.get(f"{URL}?q=essai+cooperative&order=relevance")


def test_search_does_not_create_a_session(client, directory):
    from django.contrib.sessions.models import Session

    client.get(f"{URL}?q=miel")
    assert Session.objects.count() == 0


def test_map_view_and_its_data_follow_the_filters(client, directory):
    html = client.get(f"{URL}?sector=apiculture&view=map").content.decode()
    assert 'id="actors-map"' in html
    assert 'data-url="/fr/acteurs/carte.json?sector=apiculture"' in html
    assert "leaflet.markercluster.js" in html
    # The list is still there under the map.
    assert "Coopérative Tanger Miel" in html
    data = json.loads(client.get("/fr/acteurs/carte.json?sector=apiculture").content)
    assert data["points"] == [[35.7673, -5.7998, "Coopérative Tanger Miel", directory["tanger_coop"].slug]]
    assert data["detail_prefix"] == "/fr/acteurs/"


def test_csv_download_has_published_structures_and_public_fields_only(client, directory):
    response = client.get(f"{URL}?sector=apiculture&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    header = text.splitlines()[0].split(",")
    assert header[:3] == ["name_fr", "name_ar", "acronym"]
    for private in ("status", "is_demo", "possible_duplicate_of", "search_name", "source"):
        assert private not in header
    assert "Coopérative Tanger Miel" in text and "Coopérative Chefchaouen Tissage" in text
    assert "Larache" not in text and "Brouillon" not in text


def test_xlsx_and_json_downloads(client, directory):
    xlsx = client.get(f"{URL}?family=association&format=xlsx")
    sheet = load_workbook(BytesIO(xlsx.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "name_fr" and [row[0] for row in rows[1:]] == ["Association Larache Avenir"]
    data = json.loads(client.get(f"{URL}?q=miel&format=json").content)
    assert [row["name_fr"] for row in data] == ["Coopérative Tanger Miel"]
    assert data[0]["sectors"] == "Apiculture"
    assert data[0]["commune_code"] == "01.511.01.0"


def test_unknown_download_format_is_a_400(client, directory):
    assert client.get(f"{URL}?format=pdf").status_code == 400
    assert client.get(f"{URL}?format=").status_code == 200


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_directory_in_each_language(client, directory, lang):
    response = client.get(f"/{lang}/acteurs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'lang="{lang}"' in html


def test_arabic_directory_is_translated_and_shows_arabic_names(client):
    ActorFactory(name_fr="Coopérative Annour", name_ar="تعاونية النور")
    html = client.get("/ar/acteurs/").content.decode()
    assert 'dir="rtl"' in html
    assert "دليل" in html  # title translated
    assert "تعاونية النور" in names_html(html)


def names_html(html):
    return " ".join(re.findall(r'<h2 class="h5 mb-1"><a href="[^"]+">([^<]+)</a>', html))


def test_directory_is_in_the_navigation(client):
    assert 'href="/fr/acteurs/"' in client.get("/fr/").content.decode()


def test_actor_in_sitemap(client, directory):
    xml = client.get("/sitemap-actors.xml").content.decode()
    assert directory["tanger_coop"].get_absolute_url() in xml
    assert "/acteurs/coop" in xml and "brouillon" not in xml


def test_actor_flag_draft_not_listed():
    assert not Actor.objects.published().filter(status=Actor.Status.DRAFT).exists()


def test_a_download_of_more_structures_than_the_limit_asks_to_narrow_the_search(
    client, directory, monkeypatch
):
    monkeypatch.setattr("actors.views.EXPORT_MAX_ROWS", 2)  # three published structures
    response = client.get(f"{URL}?format=xlsx")
    assert response.status_code == 400
    assert "affinez la recherche (par province, par exemple)" in response.content.decode()
    assert "/fr/donnees/" in response.content.decode()
    html = client.get(URL).content.decode()
    assert "format=csv" not in html
    assert "Les téléchargements s'arrêtent à 10 000 structures" in html
    assert 'href="/fr/donnees/#annuaire"' in html
    assert client.get(f"{URL}?sector=apiculture&format=csv").status_code == 200
