import json
from html import unescape

import pytest
from django.db import connection
from openpyxl import load_workbook

from actors.models import Actor
from tests.factories import commune, province
from tests.support.factories import (
    ProviderFactory,
    SupportServiceFactory,
    access_mode,
    kind,
    need,
    public,
    stage,
)

pytestmark = pytest.mark.django_db

URL = "/fr/accompagnement/"


def names(response):
    return [s.name_fr for s in response.context["services"]]


def test_catalogue_lists_published_services_of_published_organisations(client):
    SupportServiceFactory(name_fr="Visible")
    SupportServiceFactory(name_fr="Brouillon", is_published=False)
    SupportServiceFactory(name_fr="Organisme archivé", provider=ProviderFactory(status=Actor.Status.ARCHIVED))
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == ["Visible"]
    assert "1 service" in response.content.decode()


def test_guided_search_ranks_services_eligible_in_the_commune_first(client):
    tanger = commune("01.511.01.0")
    SupportServiceFactory(name_fr="A · Al Hoceïma seulement", provinces=[province("01.051")])
    SupportServiceFactory(name_fr="B · Tanger-Assilah", provinces=[province("01.511")])
    SupportServiceFactory(name_fr="C · Toute la région")
    SupportServiceFactory(name_fr="D · Commune de Tanger", communes=[tanger])
    response = client.get(URL, {"commune": "tanger"})
    ranked = names(response)
    assert ranked[-1] == "A · Al Hoceïma seulement"
    assert set(ranked[:3]) == {"B · Tanger-Assilah", "C · Toute la région", "D · Commune de Tanger"}
    html = response.content.decode()
    assert html.count("Not offered in your commune") == 1 or html.count("Non proposé dans votre commune") == 1


def test_guided_search_keeps_services_for_the_stage_and_need(client):
    SupportServiceFactory(name_fr="Idée et financement", stages=[stage("idee")], needs=[need("financement")])
    SupportServiceFactory(name_fr="Toutes étapes, financement", needs=[need("financement")])
    SupportServiceFactory(
        name_fr="Développement", stages=[stage("developpement")], needs=[need("financement")]
    )
    SupportServiceFactory(name_fr="Autre besoin", stages=[stage("idee")], needs=[need("numerique")])
    response = client.get(URL, {"stage": "idee", "need": "financement"})
    assert sorted(names(response)) == ["Idée et financement", "Toutes étapes, financement"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "formation"}, ["Formation"]),
        ({"public": "femmes"}, ["Femmes", "Formation"]),  # no public given means open to all
        ({"cost": "payant"}, ["Payant"]),
        ({"province": "chefchaouen"}, ["Femmes", "Formation", "Payant"]),
        ({"q": "couture"}, ["Femmes"]),
    ],
)
def test_plain_filters(client, params, expected):
    SupportServiceFactory(name_fr="Formation", kinds=[kind("formation")])
    SupportServiceFactory(
        name_fr="Femmes", publics=[public("femmes")], description_fr="Atelier couture solidaire"
    )
    SupportServiceFactory(name_fr="Payant", cost="payant", publics=[public("jeunes")])
    SupportServiceFactory(name_fr="Ailleurs", provinces=[province("01.051")], publics=[public("jeunes")])
    response = client.get(URL, params)
    assert sorted(names(response)) == expected


def test_active_filters_show_as_removable_chips(client):
    SupportServiceFactory()
    html = client.get(URL, {"stage": "idee", "cost": "gratuit"}).content.decode()
    assert 'class="chip" href="?cost=gratuit"' in html
    assert 'class="chip" href="?stage=idee"' in html


@pytest.mark.parametrize("query", ["stage=nope", "commune=paris", "kind=x&need=y", "cost=cher"])
def test_unknown_filter_values_get_a_clear_message_not_a_500(client, query):
    SupportServiceFactory()
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert "alert-warning" in response.content.decode()


@pytest.mark.parametrize("page", ["0", "99", "abc"])
def test_a_wrong_page_is_a_404(client, page):
    SupportServiceFactory()
    assert client.get(URL, {"page": page}).status_code == 404


def test_pagination_by_twenty(client):
    SupportServiceFactory.create_batch(21)
    first = client.get(URL)
    assert len(first.context["services"]) == 20
    assert len(client.get(URL, {"page": 2}).context["services"]) == 1


def test_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    SupportServiceFactory.create_batch(3, stages=[stage("idee")], publics=[public("femmes")])
    with django_assert_max_num_queries(16) as small:
        client.get(URL, {"commune": "tanger", "stage": "idee"})
    SupportServiceFactory.create_batch(15, stages=[stage("idee")], publics=[public("femmes")])
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(URL, {"commune": "tanger", "stage": "idee"})


def test_service_page(client, django_assert_max_num_queries):
    service = SupportServiceFactory(
        name_fr="Prêt solidaire jeunes",
        cost="payant",
        cost_details_fr="50 dirhams",
        provinces=[province("01.571")],
        publics=[public("jeunes")],
    )
    service.access_modes.set([access_mode("telephoner")])
    with django_assert_max_num_queries(12):
        response = client.get(service.get_absolute_url())
    html = unescape(response.content.decode())
    assert response.status_code == 200
    for text in [
        "Prêt solidaire jeunes",
        service.provider.name_fr,
        "50 dirhams",
        "Tétouan",
        "+212 5 39 11 22 33",
        service.provider.get_absolute_url(),
    ]:
        assert text in html
    with django_assert_max_num_queries(12):
        assert client.get(f"/ar{service.get_absolute_url()[3:]}").status_code == 200


def test_unpublished_service_page_is_a_404(client):
    service = SupportServiceFactory(is_published=False)
    assert client.get(service.get_absolute_url()).status_code == 404


def test_exports_carry_the_filtered_services(client):
    SupportServiceFactory(name_fr="Gratuit", name_ar="مجاني")
    SupportServiceFactory(name_fr="Payant", cost="payant")
    csv = client.get(URL, {"cost": "gratuit", "format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "Gratuit" in text and "مجاني" in text and "Payant" not in text
    as_json = json.loads(client.get(URL, {"format": "json"}).content)
    assert {row["name_fr"] for row in as_json} == {"Gratuit", "Payant"}
    xlsx = client.get(URL, {"format": "xlsx"})
    assert "spreadsheetml" in xlsx["Content-Type"]


def test_xlsx_export_opens_as_a_workbook(client, tmp_path):
    SupportServiceFactory(name_fr="Classeur")
    path = tmp_path / "export.xlsx"
    path.write_bytes(client.get(URL, {"format": "xlsx"}).content)
    sheet = load_workbook(path).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "Classeur" in values


def test_an_unknown_format_is_a_404(client):
    assert client.get(URL, {"format": "pdf"}).status_code == 404


def test_datainclusion_export_maps_fields_and_codes(client):
    tanger = commune("01.511.01.0")
    provider = ProviderFactory(name_fr="Centre d'appui", ice="001234567000089", commune=tanger)
    service = SupportServiceFactory(
        provider=provider,
        name_fr="Prêt solidaire",
        kinds=[kind("financement")],
        needs=[need("financement")],
        publics=[public("femmes"), public("cooperatives")],
        provinces=[province("01.511")],
        cost="payant",
        cost_details_fr="Adhésion",
    )
    service.access_modes.set([access_mode("se-presenter"), access_mode("telephoner")])
    data = json.loads(client.get(URL, {"format": "datainclusion"}).content)
    (structure,) = data["structures"]
    assert structure["id"] == provider.slug
    assert structure["nom"] == "Centre d'appui"
    assert structure["code_commune_hcp"] == "01.511.01.0" and structure["code_insee"] is None
    assert structure["ice"] == "001234567000089" and structure["siret"] is None
    (item,) = data["services"]
    assert item["structure_id"] == provider.slug
    assert item["type"] == "aide-financiere" and item["types_locaux"] == ["financement"]
    assert item["thematiques"] == [
        "creer-une-entreprise--developper-son-entreprise",
        "creer-une-entreprise--structurer-son-projet-de-creation-dentreprise",
    ]
    assert item["publics"] == ["actifs", "femmes"]  # cooperatives: people working on their own account
    assert item["frais"] == "payant" and item["frais_precisions"] == "Adhésion"
    assert item["zone_eligibilite"] is None and item["zone_eligibilite_hcp"] == ["01.511"]
    assert item["modes_accueil"] == ["a-distance", "en-presentiel"]
    assert item["modes_mobilisation"] == ["se-presenter", "telephoner"]


def test_exports_carry_no_orientation_request_data(client):
    from tests.support.factories import OrientationRequestFactory

    service = SupportServiceFactory()
    request = OrientationRequestFactory(email="secret.person@example.org", name="Secret Person")
    request.suggested_services.set([service])
    for fmt in ["csv", "json", "datainclusion"]:
        body = client.get(URL, {"format": fmt}).content.decode("utf-8-sig")
        assert "secret.person" not in body and "Secret Person" not in body


def test_the_organisation_page_lists_its_services(client, django_assert_max_num_queries):
    provider = ProviderFactory()
    SupportServiceFactory(provider=provider, name_fr="Permanence juridique", kinds=[kind("information")])
    SupportServiceFactory(provider=provider, name_fr="Brouillon caché", is_published=False)
    with django_assert_max_num_queries(8):
        html = client.get(provider.get_absolute_url()).content.decode()
    assert "Permanence juridique" in html and "Brouillon caché" not in html
    assert 'id="support-services"' in html
    other = ProviderFactory()
    assert 'id="support-services"' not in client.get(other.get_absolute_url()).content.decode()


def test_staff_add_a_service_with_a_link_typed_without_its_scheme(client):
    from support.models import SupportService
    from tests.factories import UserFactory

    provider = SupportServiceFactory().provider
    client.force_login(UserFactory(superuser=True))
    assert client.get("/admin/support/supportservice/add/").status_code == 200
    response = client.post(
        "/admin/support/supportservice/add/",
        {
            "provider": provider.pk,
            "name_fr": "Permanence juridique",
            "description_fr": "Un juriste répond aux questions des coopératives.",
            "slug": "permanence-juridique",
            "kinds": [kind().pk],
            "needs": [need().pk],
            "cost": SupportService.Cost.FREE,
            "url": "mess.example.org/permanence",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert (
        SupportService.objects.get(slug="permanence-juridique").url == "https://mess.example.org/permanence"
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="unaccent is PostgreSQL's")
def test_text_search_ignores_accents_on_postgresql(client):
    SupportServiceFactory(name_fr="Création de coopérative")
    SupportServiceFactory(name_fr="Atelier numérique")
    assert names(client.get(URL, {"q": "creation cooperative"})) == ["Création de coopérative"]
