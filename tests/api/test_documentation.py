"""The OpenAPI description (validated by openapi-spec-validator) and the page that documents the API
for people, in French, Arabic and English, server-rendered from that description."""

import re

import pytest
from openapi_schema_validator import OAS30ReadValidator
from openapi_spec_validator import validate

OPERATIONS = 14


def _null_as_type(node):
    """drf-spectacular writes a nullable reference as {"allOf": [ref], "nullable": true}, which the
    OpenAPI 3.0 validator reads as "never null"; the same meaning, spelled for it."""
    if isinstance(node, list):
        return [_null_as_type(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _null_as_type(value) for key, value in node.items()}
    if node.get("nullable") and "allOf" in node:
        rest = {k: v for k, v in node.items() if k not in ("allOf", "nullable")}
        return {**rest, "anyOf": [{"allOf": node["allOf"]}, {"enum": [None]}]}
    return node


@pytest.fixture
def openapi(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oai.openapi+json"
    return response.json()


def test_the_description_is_valid_openapi_3(openapi):
    validate(openapi)
    assert openapi["openapi"].startswith("3.")
    assert len([op for path in openapi["paths"].values() for op in path]) == OPERATIONS
    assert openapi["info"]["license"]["name"]


def test_every_operation_documents_its_answers_and_an_example(openapi):
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            assert method == "get", path
            assert operation["summary"] and operation["description" if path.endswith("s/") else "summary"], (
                path
            )
            responses = operation["responses"]
            assert {"200", "304", "404", "429"} <= set(responses), path
            if not path.endswith("}/"):
                assert "400" in responses, path
            assert "Retry-After" in responses["429"]["headers"]
            assert {"ETag", "Last-Modified"} <= set(responses["200"]["headers"])
            content = responses["200"]["content"]["application/json"]
            # The example given is valid against the answer's own schema.
            schema = {**content["schema"], "components": _null_as_type(openapi["components"])}
            example = next(iter(content["examples"].values()))["value"]
            errors = [e.message for e in OAS30ReadValidator(schema).iter_errors(example)]
            assert errors == [], (path, errors[:3])


def test_finite_parameters_have_their_values_listed(openapi):
    parameters = {p["name"]: p for p in openapi["paths"]["/api/v1/documents/"]["get"]["parameters"]}
    assert "atlas" in parameters["kind"]["schema"]["enum"]
    assert set(parameters["sort"]["schema"]["enum"]) == {
        "relevance",
        "newest",
        "oldest",
        "title",
        "downloads",
    }
    structures = {p["name"]: p for p in openapi["paths"]["/api/v1/structures/"]["get"]["parameters"]}
    assert structures["family"]["schema"]["type"] == "array" and structures["family"]["explode"] is True
    assert structures["page_size"]["schema"]["maximum"] == 100


@pytest.mark.parametrize(
    "language, words",
    [
        (
            "fr",
            [
                "API publique",
                "Limite de débit",
                "120 requêtes par minute",
                "Licence des données",
                "Structures de l'annuaire",
            ],
        ),
        ("ar", ["واجهة برمجة التطبيقات العمومية", "حد عدد الطلبات", "رخصة البيانات"]),
        ("en", ["Public API", "Rate limit", "120 requests per minute", "Licence of the data"]),
    ],
)
def test_the_page_documents_each_operation_in_its_language(
    client, db, settings, django_assert_max_num_queries, language, words
):
    settings.API_RATE_LIMIT = "120/minute"
    with django_assert_max_num_queries(3):
        response = client.get(f"/{language}/api/")
    assert response.status_code == 200
    html = response.content.decode()
    for word in words:
        assert word.replace("'", "&#x27;") in html or word in html, (
            word,
            html[html.find("Limite") : html.find("Limite") + 300],
        )
    assert 'href="/api/v1/openapi.json"' in html
    assert "Creative Commons Attribution 4.0" in html
    assert len(re.findall(r"<section ", html)) == OPERATIONS
    assert html.count("curl -H") == OPERATIONS
    assert "/api/v1/structures/?q=couscous&amp;province=tanger-assilah&amp;family=cooperative" in html
    assert "/api/v1/structures/cooperative-nour-tanger/" in html  # the detail's example identifier
    assert "&quot;count&quot;: 1" in html  # an example answer
    assert "<script" not in html.split("</main>")[0].split("<main")[1]
    assert not response.cookies


def test_the_page_is_in_the_footer_and_the_sitemap(client, db):
    home = client.get("/fr/").content.decode()
    assert 'href="/fr/api/"' in home.split("<footer")[1]
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-api.xml" in index
    section = client.get("/sitemap-api.xml").content.decode()
    assert "/fr/api/" in section and "/ar/api/" in section


def test_api_slash_leads_people_to_the_page(client, db):
    response = client.get("/api/")
    assert response.status_code == 302 and response["Location"] == "/fr/api/"


def test_the_rate_limit_shown_is_the_setting(client, db, settings):
    settings.API_RATE_LIMIT = "2000/hour"
    assert "2000 requêtes par heure" in client.get("/fr/api/").content.decode()
