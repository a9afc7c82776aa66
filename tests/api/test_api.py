"""The API's behaviour: same filters as the pages, order, pages, errors, caching headers, CORS, the rate
limit, and a fixed number of queries."""

import json
import re

import pytest
from django.urls import reverse

from actors.models import Actor
from mess_portal import search
from tests.actors.factories import ActorFactory
from tests.factories import sector


def _names(response):
    return [record["name_fr"] for record in response.json()["results"]]


def test_the_directory_filters_are_the_pages_own(client, api_data):
    """The same query string gives the same structures on the directory page and in the API."""
    for query in [
        "q=nour",
        "family=cooperative",
        "sector=agriculture",
        "province=tetouan",
        "women=on",
        "contact=on",
        "founded_from=2011",
    ]:
        page = client.get(reverse("actors:list") + "?" + query)
        api = client.get("/api/v1/structures/?" + query)
        assert api.status_code == 200, query
        assert api.json()["count"] == page.context["count"], query
        assert {a.slug for a in page.context["actors"]} == {r["slug"] for r in api.json()["results"]}, query


def test_support_and_library_filters_are_the_pages_own(client, api_data):
    for query in ["need=financement", "stage=idee", "q=gestion", "cost=gratuit", "province=tanger-assilah"]:
        page = client.get(reverse("support:list") + "?" + query)
        api = client.get("/api/v1/services/?" + query)
        assert [s.slug for s in page.context["services"]] == [r["slug"] for r in api.json()["results"]], query
    for query in ["kind=atlas", "year=2025", "q=atlas", "province=tanger-assilah", "language=fr"]:
        page = client.get(reverse("library:index") + "?" + query)
        api = client.get("/api/v1/documents/?" + query)
        assert [d.slug for d in page.context["documents"]] == [r["slug"] for r in api.json()["results"]], (
            query
        )


def test_events_observations_and_laureates_filter(client, api_data):
    assert [r["title_fr"] for r in client.get("/api/v1/events/?when=past").json()["results"]] == [
        "Salon passé"
    ]
    assert [r["title_fr"] for r in client.get("/api/v1/events/?kind=workshop").json()["results"]] == [
        "Atelier des coopératives"
    ]
    assert client.get("/api/v1/events/").json()["count"] == 2
    values = client.get("/api/v1/observations/?indicator=odco-cooperatives&level=province").json()["results"]
    assert [(v["year"], v["territory_code"], v["value"]) for v in values] == [
        (2023, "01.511", 700.0),
        (2024, "01.511", 812.0),
    ]
    assert client.get("/api/v1/observations/?territory=01.511.01.0").json()["count"] == 1
    assert client.get("/api/v1/observations/?province=tanger-assilah&year=2024").json()["count"] == 2
    assert client.get("/api/v1/observations/?year_from=2024&year_to=2024").json()["count"] == 2
    assert client.get("/api/v1/laureates/?year=2025").json()["count"] == 1


@pytest.mark.parametrize(
    "url, parameter",
    [
        ("/api/v1/structures/?family=inconnue", "family"),
        ("/api/v1/structures/?founded_from=abc", "founded_from"),
        ("/api/v1/structures/?order=random", "order"),
        ("/api/v1/services/?need=inconnu", "need"),
        ("/api/v1/services/?commune=atlantide", "commune"),
        ("/api/v1/documents/?kind=inconnu", "kind"),
        ("/api/v1/documents/?year=1999", "year"),
        ("/api/v1/events/?month=2026-13", "month"),
        ("/api/v1/events/?when=tomorrow", "when"),
        ("/api/v1/observations/?indicator=secret-indicator", "indicator"),
        ("/api/v1/observations/?territory=99.999", "territory"),
        ("/api/v1/observations/?year=abc", "year"),
        ("/api/v1/laureates/?year=2026", "year"),
        ("/api/v1/structures/?page_size=1000", "page_size"),
        ("/api/v1/structures/?page_size=zero", "page_size"),
    ],
)
def test_a_bad_parameter_is_a_json_400_naming_it(client, api_data, url, parameter):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == 400 and list(body["errors"]) == [parameter] and body["errors"][parameter][0]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/structures/?page=99",
        "/api/v1/structures/?page=abc",
        "/api/v1/structures/inconnue/",
        "/api/v1/observations/abc/",
        "/api/v1/laureates/999999/",
        "/api/v1/inconnu/",
        "/api/v2/structures/",
        "/api/v1/structures/%00/",
    ],
)
def test_unknown_pages_and_records_are_a_json_404(client, api_data, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == 404


def test_a_missing_final_slash_is_redirected(client, api_data):
    response = client.get("/api/v1/structures?q=nour")
    assert response.status_code == 301 and response["Location"] == "/api/v1/structures/?q=nour"


def test_order_is_stable_and_pages_link_to_each_other(client, api_data):
    for _ in range(5):
        ActorFactory(name_fr="Même nom")  # ties broken by id
    first = client.get("/api/v1/structures/?page_size=3").json()
    assert first["count"] == 9 and first["previous"] is None
    assert first["next"].endswith("/api/v1/structures/?page=2&page_size=3")
    seen = [r["slug"] for r in first["results"]]
    url = first["next"]
    while url:
        page = client.get(url).json()
        seen += [r["slug"] for r in page["results"]]
        url = page["next"]
    expected = list(Actor.objects.published().order_by("name_fr", "pk").values_list("slug", flat=True))
    assert seen == expected
    assert (
        client.get("/api/v1/structures/?page=3&page_size=3").json()["previous"].endswith("page=2&page_size=3")
    )


def test_conditional_get_answers_304_until_the_data_changes(client, api_data):
    url = "/api/v1/structures/?family=cooperative"
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    assert "max-age=" in first["Cache-Control"] and "public" in first["Cache-Control"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    # Another query has another ETag.
    assert client.get(url + "&page_size=5")["ETag"] != etag
    # A change to a published record: a new version, answered in full.
    api_data.actor.sectors.add(sector("artisanat"))
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    api_data.actor.description_fr = "Nouvelle description"
    api_data.actor.save()
    assert client.get(url, HTTP_IF_NONE_MATCH=changed["ETag"]).status_code == 200


def test_a_304_costs_no_query(client, api_data, django_assert_num_queries):
    url = "/api/v1/documents/?q=atlas"
    etag = client.get(url)["ETag"]
    with django_assert_num_queries(0):
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_cors_for_any_origin_on_the_api_only(client, api_data):
    response = client.get("/api/v1/structures/", HTTP_ORIGIN="https://data.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/v1/structures/",
        HTTP_ORIGIN="https://data.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == 200
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    page = client.get(reverse("actors:list"), HTTP_ORIGIN="https://data.example.org")
    assert "Access-Control-Allow-Origin" not in page


def test_no_cookie_and_no_session_is_made(client, api_data):
    from django.contrib.sessions.models import Session

    for url in ["/api/v1/", "/api/v1/structures/", "/api/v1/structures/inconnue/", "/api/v1/openapi.json"]:
        response = client.get(url)
        assert not response.cookies, url
        assert "Set-Cookie" not in response, url
    assert Session.objects.count() == 0


def test_the_rate_limit_is_per_address_and_answers_429_in_json(client, api_data, settings):
    settings.API_RATE_LIMIT = "3/minute"
    for _ in range(3):
        assert client.get("/api/v1/indicators/", REMOTE_ADDR="192.0.2.1").status_code == 200
    limited = client.get("/api/v1/indicators/", REMOTE_ADDR="192.0.2.1")
    assert limited.status_code == 429
    assert limited["Content-Type"] == "application/json"
    assert limited.json()["status"] == 429
    assert 0 < int(limited["Retry-After"]) <= 60
    # Another address is not limited.
    assert client.get("/api/v1/indicators/", REMOTE_ADDR="192.0.2.2").status_code == 200


def test_behind_the_proxy_the_address_is_the_last_forwarded_one(client, api_data, settings):
    settings.API_RATE_LIMIT = "2/minute"
    settings.USE_X_FORWARDED_FOR = True
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for _ in range(2):
        assert (
            client.get("/api/v1/indicators/", HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy).status_code == 200
        )
    # The client's own word (the first entries) changes nothing: the proxy appended the real address.
    spoofed = client.get("/api/v1/indicators/", HTTP_X_FORWARDED_FOR="10.1.1.1, 203.0.113.9", **proxy)
    assert spoofed.status_code == 429
    assert client.get("/api/v1/indicators/", HTTP_X_FORWARDED_FOR="203.0.113.10", **proxy).status_code == 200


def test_the_rate_limit_setting_is_checked():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            **__import__("os").environ,
            "DJANGO_SETTINGS_MODULE": "mess_portal.settings",
            "API_RATE_LIMIT": "lots",
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "API_RATE_LIMIT" in result.stderr


LISTS_AND_DETAILS = [
    ("/api/v1/structures/?page_size=100", 5),
    (
        "/api/v1/structures/?q=nour&family=cooperative&sector=agriculture&province=tanger-assilah&order=newest",
        10,  # the search's matches found once (actors.filters), then the page and its count by id
    ),
    ("/api/v1/structures/{structure}/", 4),
    ("/api/v1/services/?page_size=100&commune=tanger&need=financement", 12),
    ("/api/v1/services/{service}/", 8),
    ("/api/v1/documents/?page_size=100&q=atlas&theme=&kind=atlas", 6),
    ("/api/v1/documents/{document}/", 4),
    ("/api/v1/indicators/", 2),
    ("/api/v1/indicators/{indicator}/", 1),
    ("/api/v1/observations/?indicator=odco-cooperatives&territory=01.511", 4),
    ("/api/v1/events/?province=tanger-assilah&when=upcoming", 3),
    ("/api/v1/events/{event}/", 1),
    ("/api/v1/laureates/?year=2025", 3),
    ("/api/v1/laureates/{laureate}/", 1),
]


@pytest.mark.parametrize("url, queries", LISTS_AND_DETAILS)
def test_queries_are_pinned_whatever_the_number_of_records(
    client, api_data, django_assert_max_num_queries, url, queries
):
    for n in range(30):
        ActorFactory(name_fr=f"Coopérative Nour {n}", sectors=[sector("agriculture")])
    url = url.format(**api_data.identifiers)
    # The search's place names and word forms are read once, then kept (mess_portal.search): the count is
    # that of every request after the first.
    search.lexicon()
    with django_assert_max_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]


def test_a_database_outage_or_a_crash_under_the_api_answers_json(rf):
    from mess_portal.outage import outage_response
    from mess_portal.views import server_error

    outage = outage_response(rf.get("/api/v1/structures/"))
    assert outage.status_code == 503 and outage["Content-Type"] == "application/json"
    assert json.loads(outage.content)["status"] == 503 and int(outage["Retry-After"]) >= 0
    crash = server_error(rf.get("/api/v1/structures/"))
    assert crash.status_code == 500 and crash["Content-Type"] == "application/json"
    assert "<html" in server_error(rf.get("/fr/acteurs/")).content.decode()


def test_head_and_options_are_answered(client, api_data):
    head = client.head("/api/v1/structures/")
    assert head.status_code == 200 and head.content == b"" and head["ETag"]
    assert client.head("/api/v1/structures/", HTTP_IF_NONE_MATCH=head["ETag"]).status_code == 304
    options = client.options("/api/v1/structures/")
    assert options.status_code == 200 and options["Content-Type"] == "application/json"
    assert "POST" not in options["Allow"]
