"""Pages kept for anonymous visitors (mess_portal/pagecache.py): served from the cache, never stale after
a change made in the admin (edit, import, merge, delete), never kept for or served to staff, one copy per
language, each visitor's own CSRF token; and the directory's map data bounded by its grid."""

import gzip
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from actors import views as actor_views
from actors.models import Actor
from tests.actors.factories import ActorFactory
from tests.factories import UserFactory, commune, legal_family

pytestmark = pytest.mark.django_db
LIST = "/fr/acteurs/"


@pytest.fixture
def staff():
    client = Client()
    client.force_login(UserFactory(teams=["directory"]))
    return client


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def assert_served_from_cache(client, url, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


def test_an_admin_edit_shows_at_once_on_cached_pages(client, staff, django_assert_num_queries):
    actor = ActorFactory(name_fr="Coopérative Ancienne Enseigne")
    detail = actor.get_absolute_url()
    for url in (detail, LIST, "/fr/"):
        page(client, url)
        assert_served_from_cache(client, url, django_assert_num_queries)
    response = staff.post(
        f"/admin/actors/actor/{actor.pk}/change/",
        {
            "name_fr": "Coopérative Nouvelle Enseigne",
            "slug": actor.slug,
            "legal_family": actor.legal_family_id,
            "commune": actor.commune_id,
            "status": "published",
            "photos-TOTAL_FORMS": "0",
            "photos-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    for url in (detail, LIST):
        html = page(client, url)
        assert "Coopérative Nouvelle Enseigne" in html
        assert "Ancienne Enseigne" not in html


def test_an_import_shows_at_once(client, staff, django_assert_num_queries):
    actor = ActorFactory(name_fr="Coopérative Al Baraka", ice="001234567000089", phone="")
    url = actor.get_absolute_url()
    assert "0539000000" not in page(client, url)
    assert_served_from_cache(client, url, django_assert_num_queries)
    csv = "Nom;Forme juridique;Code commune;Téléphone;ICE\nCoopérative Al Baraka;Coopérative;01.511.01.0;0539000000;001234567000089\n"
    dry_run = staff.post(
        "/admin/actors/actor/import/",
        {"format": "0", "import_file": SimpleUploadedFile("annuaire.csv", csv.encode())},
    )
    assert dry_run.status_code == 200
    # The dry run changed nothing: the page is the same.
    assert "0539000000" not in page(client, url)
    fields = dict(
        re.findall(
            r'name="(import_file_name|original_file_name|format|resource)" value="([^"]*)"',
            dry_run.content.decode(),
        )
    )
    assert staff.post("/admin/actors/actor/process_import/", fields).status_code == 302
    actor.refresh_from_db()
    assert actor.phone == "0539000000" and actor.status == Actor.Status.PUBLISHED
    assert "0539000000" in page(client, url).replace(" ", "")


def test_a_merge_shows_at_once(client, staff, django_assert_num_queries):
    rich = ActorFactory(name_fr="Coopérative Riche", phone="0539", email="r@example.org")
    poor = ActorFactory(name_fr="Coop Pauvre Doublon")
    assert "Coop Pauvre Doublon" in page(client, LIST)
    page(client, poor.get_absolute_url())
    assert_served_from_cache(client, poor.get_absolute_url(), django_assert_num_queries)
    staff.post("/admin/actors/actor/", {"action": "merge", "_selected_action": [rich.pk, poor.pk]})
    assert list(Actor.objects.all()) == [rich]
    assert "Coop Pauvre Doublon" not in page(client, LIST)
    assert client.get(poor.get_absolute_url()).status_code == 404


def test_a_delete_shows_at_once(client, staff):
    actor = ActorFactory(name_fr="Coopérative Bientôt Supprimée")
    assert "Bientôt Supprimée" in page(client, LIST)
    staff.post(f"/admin/actors/actor/{actor.pk}/delete/", {"post": "yes"})
    assert not Actor.objects.exists()
    assert "Bientôt Supprimée" not in page(client, LIST)
    assert client.get(actor.get_absolute_url()).status_code == 404


def test_staff_never_get_a_cached_page_nor_fill_the_cache(client, staff):
    actor = ActorFactory(name_fr="Coopérative Vue Par Tous")
    url = actor.get_absolute_url()
    # A page rendered for staff is not kept: the next visitor's is rendered too.
    page(staff, url)
    with CaptureQueriesContext(connection) as queries:
        page(client, url)
    assert len(queries) > 0
    # A write that bypasses the signals (QuerySet.update): visitors keep the cached page until it expires,
    # staff see the data.
    Actor.objects.filter(pk=actor.pk).update(name_fr="Coopérative Changée En Douce")
    assert "Vue Par Tous" in page(client, url)
    assert "Changée En Douce" in page(staff, url)


def test_language_variants_are_kept_apart(client, django_assert_num_queries):
    actor = ActorFactory(name_fr="Coopérative Deux Langues", name_ar="تعاونية اللغتين")
    slug_url = actor.get_absolute_url().removeprefix("/fr")
    french = page(client, "/fr" + slug_url)
    arabic = page(client, "/ar" + slug_url)
    assert '<html lang="fr"' in french and '<html lang="ar" dir="rtl"' in arabic
    assert_served_from_cache(client, "/ar" + slug_url, django_assert_num_queries)
    assert '<html lang="fr"' in page(client, "/fr" + slug_url)
    assert '<html lang="ar" dir="rtl"' in page(client, "/ar" + slug_url)
    english = page(client, "/en" + slug_url)
    assert '<html lang="en"' in english


def test_a_cached_page_with_a_form_carries_each_visitors_own_csrf_token(django_assert_num_queries):
    tokens = []
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        response = visitor.get("/fr/bibliotheque/")
        html = response.content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        assert "csrf-token" not in html
        assert "csrftoken" in response.cookies
        tokens.append(token)
        # The token of the page is valid with the visitor's cookie: the form is accepted (not 403).
        sent = visitor.post(
            "/fr/bibliotheque/lettre/inscription/",
            {"csrfmiddlewaretoken": token, "email": "lecteur@example.org"},
        )
        assert sent.status_code != 403
    assert tokens[0] != tokens[1]
    with django_assert_num_queries(0):
        Client().get("/fr/bibliotheque/")


def test_no_write_on_a_cached_get(client):
    from django.contrib.sessions.models import Session

    ActorFactory()
    for _ in range(2):
        page(client, LIST)
        page(client, "/fr/")
    assert not Session.objects.exists()


def test_map_data_is_bounded_by_its_grid_whatever_the_number_of_structures(client):
    """3,000 structures spread over the region (as 50,000 would be): the map's data holds at most one
    marker per grid cell, whatever their number."""
    tanger, family = commune(), legal_family()
    south, north, west, east = 34.6, 35.95, -6.4, -3.7
    count, columns = 3000, 60
    rows = count // columns
    Actor.objects.bulk_create(
        Actor(
            name_fr=f"Coopérative Carte {index}",
            slug=f"cooperative-carte-{index}",
            legal_family=family,
            commune=tanger,
            status=Actor.Status.PUBLISHED,
            latitude=round(south + (north - south) * (index // columns) / rows, 5),
            longitude=round(west + (east - west) * (index % columns) / columns, 5),
        )
        for index in range(count)
    )
    assert count > actor_views.MAP_EXACT_POINTS
    response = client.get("/fr/acteurs/carte.json")
    data = json.loads(response.content)
    cells = ((north - south) / actor_views.MAP_CELL_DEGREES + 1) * (
        (east - west) / actor_views.MAP_CELL_DEGREES + 1
    )
    markers = len(data["points"]) + len(data["clusters"])
    assert markers <= cells < count
    assert len(data["points"]) + sum(cluster[2] for cluster in data["clusters"]) == count
    assert all(len(cluster) == 3 for cluster in data["clusters"])
    # Compact: about 20 bytes a group, a few kilobytes once compressed.
    assert len(gzip.compress(response.content)) < 16 * 1024


def test_a_bulk_admin_action_that_sends_no_signal_shows_at_once(client, django_assert_num_queries):
    """The library's "archive" action writes with QuerySet.update: the admin's POST forgets the pages."""
    from tests.library.factories import DocumentFactory

    document = DocumentFactory(title_fr="Guide des coopératives à archiver")
    url = "/fr/bibliotheque/"
    assert "Guide des coopératives à archiver" in page(client, url)
    assert_served_from_cache(client, url, django_assert_num_queries)
    staff = Client()
    staff.force_login(UserFactory(superuser=True))
    response = staff.post(
        "/admin/library/document/",
        {"action": "archive", "_selected_action": [document.pk], "index": "0"},
    )
    assert response.status_code == 302
    assert "Guide des coopératives à archiver" not in page(client, url)
