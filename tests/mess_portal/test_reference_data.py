import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from mess_portal.groups import STAFF_GROUPS, group_name
from mess_portal.models import Commune, Label, LegalFamily, Province, Region, Sector
from mess_portal.reference import load_all
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_migrate_loads_the_region_its_provinces_and_communes():
    region = Region.objects.get()
    assert region.code == "01"
    assert region.name_ar == "طنجة-تطوان-الحسيمة"
    assert Province.objects.count() == 8
    assert Commune.objects.count() == 146
    tanger = Commune.objects.get(code="01.511.01.0")
    assert (tanger.name_fr, tanger.name_ar, tanger.province.code) == ("Tanger", "طنجة", "01.511")
    assert tanger.population_2014 == 947952 and tanger.population_2024 == 1275428
    assert set(Province.objects.values_list("kind", flat=True)) == {"prefecture", "province"}
    chefchaouen = Province.objects.get(name_fr="Chefchaouen")
    assert chefchaouen.population_2014 == sum(chefchaouen.communes.values_list("population_2014", flat=True))


def test_loading_again_changes_nothing():
    before = list(Commune.objects.order_by("code").values_list("code", "name_fr", "population_2024"))
    load_all()
    assert list(Commune.objects.order_by("code").values_list("code", "name_fr", "population_2024")) == before
    assert Commune.objects.count() == 146


def test_taxonomies_are_seeded_with_real_values():
    assert set(LegalFamily.objects.values_list("slug", flat=True)) >= {
        "cooperative",
        "association",
        "mutuelle",
        "fondation",
        "union-federation",
        "entreprise-sociale",
        "gie",
        "entreprise-collective-partagee",
    }
    assert Sector.objects.filter(slug="argan", name_ar="الأركان").exists()
    assert Label.objects.exists()


def test_translated_names_fall_back_to_french():
    family = LegalFamily.objects.get(slug="cooperative")
    family.name_en = ""
    with translation.override("ar"):
        assert family.name == "تعاونية"
    with translation.override("en"):
        assert family.name == "Coopérative"


def test_each_team_has_a_group_with_its_permissions():
    for key in STAFF_GROUPS:
        assert Group.objects.filter(name=group_name(key)).exists()
    directory = Group.objects.get(name=group_name("directory"))
    codenames = set(directory.permissions.values_list("codename", flat=True))
    assert {"change_sector", "add_legalfamily", "view_commune"} <= codenames
    assert "change_commune" not in codenames


@pytest.mark.parametrize("model", ["region", "province", "commune"])
def test_territories_are_read_only_in_the_admin(client, model):
    client.force_login(UserFactory(superuser=True))
    listing = client.get(f"/admin/mess_portal/{model}/")
    assert listing.status_code == 200
    assert client.get(f"/admin/mess_portal/{model}/add/").status_code == 403


def test_admin_is_in_french_with_a_translated_header(client):
    client.force_login(UserFactory(superuser=True))
    html = client.get("/admin/").content.decode()
    assert "MESS Tanger-Tétouan-Al Hoceïma : administration" in html
    assert 'lang="fr"' in html


def test_directory_team_edits_sectors_but_not_territories(client):
    client.force_login(UserFactory(teams=["directory"]))
    assert client.get("/admin/mess_portal/sector/add/").status_code == 200
    assert client.get("/admin/mess_portal/commune/").status_code == 200
    assert client.get("/admin/auth/user/").status_code == 403


def test_admin_commune_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    client.force_login(UserFactory(superuser=True))
    with django_assert_max_num_queries(12):
        assert client.get("/admin/mess_portal/commune/").status_code == 200
