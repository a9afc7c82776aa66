"""The data·inclusion export checked with the official package's own models (data-inclusion-schema
1.0.10, pydantic), warnings treated as errors; the mapping table staff edit in the admin."""

import json

import pytest
from data_inclusion.schema import v1
from pydantic import ValidationError

from support import datainclusion, demo, reference
from support.models import DataInclusionMapping, SupportService
from tests.factories import UserFactory, commune, province
from tests.support.factories import (
    ProviderFactory,
    SupportServiceFactory,
    kind,
    need,
    public,
)

pytestmark = pytest.mark.django_db

URL = "/fr/accompagnement/"
STRICT = {"ignore_warnings": False}  # the package's "avertissements" (e.g. a name ending in a period) fail


def exported(client) -> dict:
    return json.loads(client.get(URL, {"format": "datainclusion"}).content)


def every_local_value_once():
    """One service per local value of each list, plus the demo catalogue: every mapping is exercised."""
    from support.models import AccessMode, Need, Public, SupportKind

    demo.seed()
    provider = ProviderFactory(
        name_fr="Centre régional d'appui.", ice="001234567000089", website="https://appui.example.org"
    )
    for model, field in ((SupportKind, "kinds"), (Need, "needs"), (Public, "publics"), (AccessMode, "modes")):
        for entry in model.objects.all():
            service = SupportServiceFactory(
                provider=provider, name_fr=f"Service {field} {entry.slug}", cost="payant", region_wide=False
            )
            if field == "modes":
                service.access_modes.set([entry])
            else:
                getattr(service, field).set([entry])
            service.eligible_communes.set([commune("01.511.01.0")])
    SupportServiceFactory(provider=provider, name_fr="Pour tous", publics=[], provinces=[province("01.511")])


def test_every_exported_structure_and_service_validates_with_the_official_models(client):
    every_local_value_once()
    data = exported(client)
    assert len(data["services"]) == SupportService.objects.published().count() > 30
    assert len(data["structures"]) > 5
    for item in data["structures"]:
        v1.Structure.model_validate(item, context=STRICT)
    for item in data["services"]:
        service = v1.Service.model_validate(item, context=STRICT)
        # Every field the schema has is filled where we have the information, and mapped values kept.
        assert service.type is not None and service.frais is not None and service.publics
        assert service.thematiques and service.modes_accueil is not None or not item["modes_acces_locaux"]
        assert item["zone_eligibilite_hcp"]


def test_every_local_value_has_a_valid_official_value():
    for kind_ in DataInclusionMapping.Kind.values:
        table = datainclusion.mapping()[kind_]
        for local in datainclusion.local_values(kind_):
            assert table.get(local), f"{kind_} {local} has no data·inclusion value"
            assert set(table[local]) <= set(datainclusion.official_values(kind_))
    for row in DataInclusionMapping.objects.all():
        row.full_clean()
    assert DataInclusionMapping.objects.count() == sum(
        len(v) for _k, _l, v in reference.DATAINCLUSION_MAPPING
    )


def test_the_one_field_left_empty_is_zone_eligibilite_whose_codes_are_french(client):
    """HCP codes (region 01, province 01.511, commune 01.511.01.0) are not INSEE codes: the schema
    rejects those with dots and would read "01" as the French département of the Ain. So the field stays
    empty and the codes go in zone_eligibilite_hcp (docs/datainclusion.md)."""
    SupportServiceFactory(region_wide=False, provinces=[province("01.511")])
    (item,) = exported(client)["services"]
    assert item["zone_eligibilite"] is None and item["zone_eligibilite_hcp"] == ["01.511"]
    with pytest.raises(ValidationError) as error:
        v1.Service.model_validate({**item, "zone_eligibilite": ["01.511", "01.511.01.0"]}, context=STRICT)
    assert {problem["loc"][0] for problem in error.value.errors()} == {"zone_eligibilite"}


def test_a_service_for_all_or_for_project_holders_is_tous_publics_alone(client):
    SupportServiceFactory(name_fr="Ouvert", publics=[])
    SupportServiceFactory(name_fr="Porteurs", publics=[public("femmes"), public("porteurs-de-projet")])
    services = {s["nom"]: s for s in exported(client)["services"]}
    assert services["Ouvert"]["publics"] == ["tous-publics"]
    assert services["Porteurs"]["publics"] == ["tous-publics"]
    assert services["Porteurs"]["publics_locaux"] == ["femmes", "porteurs-de-projet"]


def test_staff_editing_a_mapping_in_the_admin_changes_the_export(client):
    SupportServiceFactory(kinds=[kind("atelier")], needs=[need("export")], publics=[public("cooperatives")])
    assert exported(client)["services"][0]["publics"] == ["actifs"]
    row = DataInclusionMapping.objects.get(kind="public", local_value="cooperatives")
    client.force_login(UserFactory(superuser=True))
    url = f"/admin/support/datainclusionmapping/{row.pk}/change/"
    bad = client.post(
        url, {"kind": "public", "local_value": "cooperatives", "official_value": "cooperatives"}
    )
    assert bad.status_code == 200 and "pas une valeur du vocabulaire officiel" in bad.content.decode()
    response = client.post(
        url, {"kind": "public", "local_value": "cooperatives", "official_value": "familles"}
    )
    assert response.status_code == 302
    added = client.post(
        "/admin/support/datainclusionmapping/add/",
        {
            "kind": "thematique",
            "local_value": "export",
            "official_value": "souvrir-a-linternational--connaitre-les-opportunites-demploi-a-letranger",
        },
    )
    assert added.status_code == 302
    client.logout()
    (item,) = exported(client)["services"]
    assert item["publics"] == ["familles"]
    assert "souvrir-a-linternational--connaitre-les-opportunites-demploi-a-letranger" in item["thematiques"]
    v1.Service.model_validate(item, context=STRICT)


def test_a_local_value_without_mapping_stays_in_the_extra_fields_only(client):
    DataInclusionMapping.objects.filter(kind="thematique", local_value="export").delete()
    SupportServiceFactory(needs=[need("export")], kinds=[kind("atelier")])
    SupportService.objects.update(region_wide=True)
    (item,) = exported(client)["services"]
    assert item["thematiques"] is None and item["thematiques_locales"] == ["export"]
    assert item["zone_eligibilite_hcp"] == ["01"]
    v1.Service.model_validate(item, context=STRICT)
