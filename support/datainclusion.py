"""The catalogue in the data·inclusion v1 exchange format (structures and services).

Field names are data·inclusion's where a field applies. What differs for Morocco (see
docs/datainclusion.md): communes are identified by their HCP code (``code_commune_hcp``), not by an
INSEE code (``code_insee`` stays null); ``zone_eligibilite`` lists HCP codes (region ``01``, provinces
``01.511``, communes ``01.511.01.0``) instead of INSEE codes; structures carry their ICE (``ice``)
where France has a SIRET (``siret`` stays null).
"""

from support.models import SupportService

SOURCE = "mess-tanger-tetouan-al-hoceima"
REGION_CODE = "01"
# Our ways of reaching a service, as data·inclusion's modes_accueil.
REMOTE_MODES = {"telephoner", "envoyer-un-courriel", "formulaire-en-ligne"}


def _codes(items):
    return sorted({item.datainclusion_code for item in items if item.datainclusion_code})


def structure(actor) -> dict:
    return {
        "source": SOURCE,
        "id": actor.slug,
        "nom": actor.name_fr,
        "description": actor.description_fr,
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
        "reseaux_porteurs": [],
    }


def service(item: SupportService) -> dict:
    provider = item.provider
    modes = [mode.slug for mode in item.access_modes.all()]
    accueil = []
    if "se-presenter" in modes:
        accueil.append("en-presentiel")
    if REMOTE_MODES.intersection(modes):
        accueil.append("a-distance")
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
        "nom": item.name_fr,
        "description": item.description_fr,
        "lien_source": None,
        "date_maj": item.updated_at.date().isoformat(),
        "types": _codes(item.kinds.all()),
        "thematiques": _codes(item.needs.all()),
        "frais": item.cost,
        "frais_precisions": item.cost_details_fr or None,
        "publics": _codes(item.publics.all()),
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
        "modes_accueil": accueil,
        "zone_eligibilite": zone,
        "lien_mobilisation": item.url or None,
        "modes_mobilisation": _codes(item.access_modes.all()),
        "mobilisable_par": ["usagers", "professionnels"],
        "mobilisation_precisions": None,
        "horaires_accueil": None,
    }


def export(services) -> dict:
    services = list(
        services.select_related("provider__commune").prefetch_related(
            "kinds", "needs", "publics", "access_modes", "eligible_provinces", "eligible_communes"
        )
    )
    providers = {s.provider.pk: s.provider for s in services}
    return {
        "structures": [structure(actor) for actor in sorted(providers.values(), key=lambda a: a.slug)],
        "services": [service(item) for item in services],
    }
