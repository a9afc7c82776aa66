import datetime
import json
import re

import pytest

from tests.actors.factories import ActorFactory
from tests.factories import sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor():
    from mess_portal.models import Label

    return ActorFactory(
        name_fr="Coopérative Al Amal de Tissage",
        name_ar="تعاونية الأمل للنسيج",
        acronym="CAT",
        sectors=[sector("artisanat")],
        labels=[Label.objects.get(slug="commerce-equitable")],
        address="12 rue Al Amal",
        located=True,
        phone="+212 6 11 22 33 44",
        email="contact@alamal.example.org",
        creation_date=datetime.date(2015, 4, 2),
        members_total=20,
        members_women=18,
        members_youth=5,
        employees=3,
        description_fr="Tissage de tapis traditionnels par les femmes du quartier.",
        products_fr="Tapis, couvertures.",
        last_verified=datetime.date(2026, 1, 15),
    )


def test_detail_page_shows_everything_about_the_structure(client, actor):
    response = client.get(f"/fr/acteurs/{actor.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Coopérative Al Amal de Tissage",
        "تعاونية الأمل للنسيج",
        "Coopérative",
        "Tanger",
        "Tanger-Assilah",
        "12 rue Al Amal",
        "+212 6 11 22 33 44",
        "contact@alamal.example.org",
        "Tissage de tapis traditionnels",
        "Tapis, couvertures.",
        "Artisanat",
        "Commerce équitable",
        'data-lat="35.767300"',
        "2015",
        "15 janvier 2026",
    ]:
        assert text in html, text
    assert re.search(r"20,?\s", html) and "18" in html


def test_detail_metadata(client, actor):
    html = client.get(f"/fr/acteurs/{actor.slug}/").content.decode()
    assert "<title>Coopérative Al Amal de Tissage · تعاونية الأمل للنسيج" in html
    assert f'<link rel="canonical" href="http://testserver/fr/acteurs/{actor.slug}/">' in html
    assert '<meta name="description" content="Tissage de tapis traditionnels' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "Organization"
    assert data["name"] == "Coopérative Al Amal de Tissage"
    assert data["alternateName"] == "تعاونية الأمل للنسيج"
    assert data["address"]["addressLocality"] == "Tanger"
    assert data["geo"]["latitude"] == 35.7673


def test_json_ld_cannot_close_the_script(client):
    actor = ActorFactory(description_fr="</script><script>alert(1)</script>")
    html = client.get(actor.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html


def test_arabic_detail_page_puts_the_arabic_name_first(client, actor):
    html = client.get(f"/ar/acteurs/{actor.slug}/").content.decode()
    assert "<title>تعاونية الأمل للنسيج · Coopérative Al Amal de Tissage" in html
    assert 'dir="rtl"' in html


def test_unpublished_structure_is_not_found(client):
    actor = ActorFactory(draft=True)
    assert client.get(actor.get_absolute_url()).status_code == 404
    assert client.get("/fr/acteurs/n-existe-pas/").status_code == 404


def test_detail_without_position_or_contact(client):
    actor = ActorFactory()
    html = client.get(actor.get_absolute_url()).content.decode()
    assert "leaflet.js" not in html
    assert "Pas encore de coordonnées" in html or "No contact details yet" in html


def test_demo_structures_are_marked(client):
    actor = ActorFactory(is_demo=True)
    assert "DÉMO" in client.get(actor.get_absolute_url()).content.decode()


@pytest.mark.parametrize("photos", [0, 5])
def test_detail_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, actor, photos):
    from actors.models import ActorPhoto

    for n in range(photos):
        ActorPhoto.objects.create(actor=actor, image=f"actors/photos/p{n}.jpg", caption=f"Photo {n}")
    # 4 for the structure and its relations, 1 for the support services it offers (none here), 1 for
    # the events it organised or joined, 1 for its prizes in the regional contest.
    with django_assert_max_num_queries(7):
        response = client.get(actor.get_absolute_url())
    assert response.content.decode().count("Photo ") >= photos
