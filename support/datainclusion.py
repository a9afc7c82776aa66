"""The catalogue in the data·inclusion v1 exchange format (structures and services), valid against the
official schema (the ``data-inclusion-schema`` package, 1.0.10: its pydantic models check it in the tests).

Our reference lists are mapped onto the official vocabularies by ``DataInclusionMapping`` rows, which
staff edit in the admin (seeded with a mapping for every local value). What differs for Morocco (see
docs/datainclusion.md) goes in extra fields, which the official models ignore: the HCP code of the commune
(``code_commune_hcp``) where France has an INSEE code, the ICE (``ice``) where France has a SIRET, the
eligible territories as HCP codes (``zone_eligibilite_hcp``: ``zone_eligibilite`` takes French codes only,
so it is left empty), and our own values of each mapped field (``types_locaux``, ``thematiques_locales``,
``publics_locaux``, ``modes_acces_locaux``).
"""

from collections import defaultdict

from data_inclusion.schema import v1

from support.models import DataInclusionMapping, SupportService

SOURCE = "mess-tanger-tetouan-al-hoceima"
REGION_CODE = "01"
Kind = DataInclusionMapping.Kind

VOCABULARIES = {
    Kind.TYPE: v1.TypeService,
    Kind.THEMATIQUE: v1.Thematique,
    Kind.FRAIS: v1.Frais,
    Kind.PUBLIC: v1.Public,
    Kind.MODE_ACCUEIL: v1.ModeAccueil,
    Kind.MODE_MOBILISATION: v1.ModeMobilisation,
}


def official_values(kind: str) -> list[str]:
    return sorted(member.value for member in VOCABULARIES[kind])


def local_values(kind: str) -> list[str]:
    from support.models import AccessMode, Need, Public, SupportKind

    if kind == Kind.FRAIS:
        return list(SupportService.Cost.values)
    model = {
        Kind.TYPE: SupportKind,
        Kind.THEMATIQUE: Need,
        Kind.PUBLIC: Public,
        Kind.MODE_ACCUEIL: AccessMode,
        Kind.MODE_MOBILISATION: AccessMode,
    }[kind]
    return list(model.objects.order_by("position", "slug").values_list("slug", flat=True))


def mapping() -> dict:
    """{kind: {local value: [official values]}}, read once per export."""
    table = defaultdict(lambda: defaultdict(list))
    for kind, local, official in DataInclusionMapping.objects.order_by("pk").values_list(
        "kind", "local_value", "official_value"
    ):
        table[kind][local].append(official)
    return table


def _mapped(table, kind, local_values_) -> list[str]:
    found = []
    for local in local_values_:
        for official in table[kind].get(local, []):
            if official not in found:
                found.append(official)
    return found


def _no_final_period(name: str) -> str:
    # The official schema warns against names that end with a period.
    return name[:-1].rstrip() if name.endswith(".") and not name.endswith("etc.") else name


def structure(actor) -> dict:
    return {
        "source": SOURCE,
        "id": actor.slug,
        "nom": _no_final_period(actor.name_fr),
        "description": actor.description_fr or None,
        "lien_source": None,
        "date_maj": actor.updated_at.date().isoformat(),
        "siret": None,
        "ice": actor.ice or None,
        "commune": actor.commune.name_fr,
        "code_postal": None,
        "code_insee": None,
        "code_commune_hcp": actor.commune.code,
        "adresse": actor.address or None,
        "complement_adresse": None,
        "longitude": float(actor.longitude) if actor.longitude is not None else None,
        "latitude": float(actor.latitude) if actor.latitude is not None else None,
        "telephone": actor.phone or None,
        "courriel": actor.email or None,
        "site_web": actor.website or None,
        "horaires_accueil": None,
        "accessibilite_lieu": None,
        "reseaux_porteurs": None,
    }


def service(item: SupportService, table) -> dict:
    provider = item.provider
    kinds = [k.slug for k in sorted(item.kinds.all(), key=lambda k: (k.position, k.slug))]
    needs = [n.slug for n in item.needs.all()]
    publics = [p.slug for p in item.publics.all()]
    modes = [m.slug for m in item.access_modes.all()]
    # data·inclusion v1 has one type per service: the first of ours (in the list's order) that maps.
    types = _mapped(table, Kind.TYPE, kinds)
    # A public matches when the person belongs to one of them: "tous-publics" absorbs the others, and a
    # service for no public in particular is for all.
    official_publics = _mapped(table, Kind.PUBLIC, publics)
    if not publics or "tous-publics" in official_publics:
        official_publics = ["tous-publics"]
    frais = _mapped(table, Kind.FRAIS, [item.cost])
    if item.region_wide:
        zone = [REGION_CODE]
    else:
        zone = sorted(
            [p.code for p in item.eligible_provinces.all()] + [c.code for c in item.eligible_communes.all()]
        )
    return {
        "source": SOURCE,
        "structure_id": provider.slug,
        "id": item.slug,
        "nom": _no_final_period(item.name_fr),
        "description": item.description_fr,
        "lien_source": None,
        "date_maj": item.updated_at.date().isoformat(),
        "type": types[0] if types else None,
        "thematiques": sorted(_mapped(table, Kind.THEMATIQUE, needs)) or None,
        "frais": frais[0] if frais else None,
        "frais_precisions": item.cost_details_fr or None,
        "publics": sorted(official_publics),
        "publics_precisions": ", ".join(p.name_fr for p in item.publics.all()) or None,
        "conditions_acces": item.conditions_fr or None,
        "commune": provider.commune.name_fr,
        "code_postal": None,
        "code_insee": None,
        "code_commune_hcp": provider.commune.code,
        "adresse": provider.address or None,
        "complement_adresse": None,
        "longitude": float(provider.longitude) if provider.longitude is not None else None,
        "latitude": float(provider.latitude) if provider.latitude is not None else None,
        "telephone": item.contact_phone or None,
        "courriel": item.contact_email or None,
        "contact_nom_prenom": item.contact_name or None,
        "modes_accueil": sorted(_mapped(table, Kind.MODE_ACCUEIL, modes)) or None,
        # French codes only (INSEE): ours are HCP codes, given in zone_eligibilite_hcp.
        "zone_eligibilite": None,
        "lien_mobilisation": item.url or None,
        "modes_mobilisation": sorted(_mapped(table, Kind.MODE_MOBILISATION, modes)) or None,
        "mobilisable_par": ["professionnels", "usagers"],
        "mobilisation_precisions": None,
        "horaires_accueil": None,
        # Moroccan specifics and our own values (extra fields, outside the official schema).
        "zone_eligibilite_hcp": zone,
        "types_locaux": kinds,
        "thematiques_locales": needs,
        "publics_locaux": publics,
        "modes_acces_locaux": modes,
    }


def export(services) -> dict:
    services = list(
        services.select_related("provider__commune").prefetch_related(
            "kinds", "needs", "publics", "access_modes", "eligible_provinces", "eligible_communes"
        )
    )
    table = mapping()
    providers = {s.provider.pk: s.provider for s in services}
    return {
        "structures": [structure(actor) for actor in sorted(providers.values(), key=lambda a: a.slug)],
        "services": [service(item, table) for item in services],
    }
