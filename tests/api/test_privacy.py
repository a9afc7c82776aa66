"""Only published records and public fields: every answer of every endpoint, lists and details, searched
for the private values the data holds beside them."""

import pytest
from django.urls import reverse

from tests.api.conftest import SECRET

RESOURCES = ["structure", "service", "document", "indicator", "observation", "event", "laureate"]
IDENTIFIER = {
    "structure": "slug",
    "service": "slug",
    "document": "slug",
    "indicator": "code",
    "observation": "id",
    "event": "slug",
    "laureate": "id",
}
# Lists in their other states: searches and filters that reach the private records if anything does.
EXTRA_LISTS = [
    "/api/v1/structures/?q=SECRET",
    "/api/v1/structures/?q=brouillon&order=verified",
    "/api/v1/services/?q=SECRET&commune=tanger",
    "/api/v1/documents/?q=SECRET&sort=title",
    "/api/v1/observations/?territory=01.511",
    "/api/v1/observations/?province=tanger-assilah&breakdown=none",
    "/api/v1/events/?when=past",
    "/api/v1/events/?when=upcoming&month=2026-12",
    "/api/v1/laureates/?year=2026",
    "/api/v1/",
]


def test_no_private_value_appears_in_any_answer(client, api_data):
    answers = {}
    details = []
    for resource in RESOURCES:
        url = reverse(f"api:{resource}-list") + "?format=json&page_size=100"
        response = client.get(url)
        assert response.status_code == 200, url
        answers[url] = response
        key = IDENTIFIER[resource]
        for record in response.json()["results"]:
            details.append(reverse(f"api:{resource}-detail", args=[record[key]]) + "?format=json")
    assert len(details) >= 10
    for url in details + EXTRA_LISTS:
        answers[url] = client.get(url)
    for resource, identifier in api_data.private_identifiers.items():
        url = reverse(f"api:{resource}-detail", args=[identifier]) + "?format=json"
        answers[url] = client.get(url)
        assert answers[url].status_code == 404, url
    answers["openapi"] = client.get(reverse("api:openapi"))
    for url, response in answers.items():
        assert response.status_code in (200, 400, 404), url
        text = response.content.decode()
        assert SECRET not in text.upper(), (url, text[text.upper().find(SECRET) - 200 :][:400])
        assert "@private.test" not in text, url
        assert "987654321" not in text and "424242" not in text, url
        assert not response.cookies, url


def test_the_public_records_are_there(client, api_data):
    """The walk above is not vacuous: each published record is listed, with its public fields."""
    structures = client.get("/api/v1/structures/").json()
    names = {r["name_fr"] for r in structures["results"]}
    assert {"Coopérative Nour", "Association Amal"} <= names
    assert structures["count"] == 4  # and the two organisations offering the support services
    nour = client.get(f"/api/v1/structures/{api_data.actor.slug}/").json()
    assert nour["email"] == "contact@example.org"  # the structure's own address, as on its page
    assert nour["women_structure"] is True
    service = client.get("/api/v1/services/").json()["results"]
    assert [s["name_fr"] for s in service] == ["Formation à la gestion"]
    assert "contact_name" not in service[0] and "email" not in service[0]
    event = client.get(f"/api/v1/events/{api_data.identifiers['event']}/").json()
    assert event["organiser"] is None  # organised by a draft structure
    laureates = client.get("/api/v1/laureates/").json()["results"]
    assert [(r["year"], r["rank"], r["name_fr"]) for r in laureates] == [(2025, 1, "Coopérative Nour")]
    assert laureates[0]["structure"]["slug"] == api_data.actor.slug
    observations = client.get("/api/v1/observations/").json()
    assert observations["count"] == 3
    indicators = client.get("/api/v1/indicators/").json()
    assert [i["code"] for i in indicators["results"]] == ["odco-cooperatives"]
    documents = client.get("/api/v1/documents/").json()["results"]
    assert [d["title_fr"] for d in documents] == ["Atlas de l'ESS"]
    assert documents[0]["download_url"].endswith(f"/fr/bibliotheque/{documents[0]['slug']}/telecharger/")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_nothing_can_be_written(client, api_data, method):
    for resource in RESOURCES:
        response = getattr(client, method)(
            reverse(f"api:{resource}-list"), data="{}", content_type="application/json"
        )
        assert response.status_code == 405
        assert response["Content-Type"] == "application/json"
        assert response.json()["status"] == 405
        assert "GET" in response["Allow"] and "POST" not in response["Allow"]
