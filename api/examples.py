"""One example record per resource: shown in the OpenAPI description and on the API's page."""

from drf_spectacular.utils import OpenApiExample

SITE = "https://mess-tanger.ma"

_TANGER = {
    "code": "01.511",
    "slug": "tanger-assilah",
    "name_fr": "Tanger-Assilah",
    "name_ar": "طنجة أصيلة",
    "name_en": "Tangier-Assilah",
}
_COMMUNE = {
    "code": "01.511.01.0",
    "slug": "tanger",
    "name_fr": "Tanger",
    "name_ar": "طنجة",
    "name_en": "Tangier",
}

STRUCTURE = {
    "slug": "cooperative-nour-tanger",
    "name_fr": "Coopérative Nour",
    "name_ar": "تعاونية نور",
    "acronym": "",
    "legal_family": {
        "slug": "cooperative",
        "name_fr": "Coopérative",
        "name_ar": "تعاونية",
        "name_en": "Cooperative",
    },
    "sectors": [
        {"slug": "artisanat", "name_fr": "Artisanat", "name_ar": "الصناعة التقليدية", "name_en": "Crafts"}
    ],
    "labels": [],
    "commune": _COMMUNE,
    "province": _TANGER,
    "address": "Rue de Fès, Tanger",
    "latitude": 35.7673,
    "longitude": -5.7998,
    "phone": "+212 5 39 00 00 00",
    "email": "contact@cooperative-nour.ma",
    "website": None,
    "creation_date": "2012-03-15",
    "ice": "",
    "odco_number": "12345",
    "rc_number": "",
    "members_total": 24,
    "members_women": 20,
    "members_youth": 6,
    "employees": 3,
    "women_structure": True,
    "description_fr": "Tissage et broderie traditionnels.",
    "description_ar": "",
    "description_en": "",
    "products_fr": "Tapis, coussins",
    "products_ar": "",
    "products_en": "",
    "logo": None,
    "photos": [],
    "last_verified": "2026-10-01",
    "source": "ODCO",
    "updated_at": "2026-11-02T09:30:00Z",
    "url": f"{SITE}/fr/acteurs/cooperative-nour-tanger/",
}

SERVICE = {
    "slug": "formation-gestion-cooperative",
    "name_fr": "Formation à la gestion d'une coopérative",
    "name_ar": "",
    "name_en": "",
    "provider": {"slug": "odco-tanger", "name_fr": "ODCO Tanger", "name_ar": ""},
    "description_fr": "Cinq jours de formation à la comptabilité et à la gouvernance.",
    "description_ar": "",
    "description_en": "",
    "kinds": [{"slug": "formation", "name_fr": "Formation", "name_ar": "تكوين", "name_en": "Training"}],
    "needs": [{"slug": "gestion", "name_fr": "Gestion", "name_ar": "", "name_en": "Management"}],
    "stages": [],
    "publics": [],
    "cost": "gratuit",
    "cost_details_fr": "",
    "cost_details_ar": "",
    "cost_details_en": "",
    "conditions_fr": "",
    "conditions_ar": "",
    "conditions_en": "",
    "access_modes": [],
    "region_wide": True,
    "eligible_provinces": [],
    "eligible_communes": [],
    "phone": "+212 5 39 00 00 01",
    "link": None,
    "updated_at": "2026-11-02T09:30:00Z",
    "url": f"{SITE}/fr/accompagnement/formation-gestion-cooperative/",
}

DOCUMENT = {
    "slug": "atlas-ess-2025",
    "kind": "atlas",
    "title_fr": "Atlas de l'ESS 2025",
    "title_ar": "",
    "title_en": "",
    "summary_fr": "Les chiffres de l'ESS par province.",
    "summary_ar": "",
    "summary_en": "",
    "language": "fr",
    "year": 2025,
    "authors": "ORESS",
    "themes": [],
    "sectors": [],
    "provinces": [],
    "page_count": 48,
    "file_size": 2400000,
    "file_sha256": "0" * 64,
    "download_url": f"{SITE}/fr/bibliotheque/atlas-ess-2025/telecharger/",
    "cover": None,
    "published_at": "2025-12-01T10:00:00Z",
    "updated_at": "2025-12-01T10:00:00Z",
    "url": f"{SITE}/fr/bibliotheque/atlas-ess-2025/",
}

INDICATOR = {
    "code": "odco-cooperatives",
    "name_fr": "Coopératives (ODCO)",
    "name_ar": "التعاونيات",
    "name_en": "Cooperatives (ODCO)",
    "unit_fr": "coopératives",
    "unit_ar": "",
    "unit_en": "cooperatives",
    "definition_fr": "Coopératives enregistrées par l'ODCO.",
    "definition_ar": "",
    "definition_en": "",
    "source": "Office du Développement de la Coopération (ODCO)",
    "licence": "Données publiques",
    "link": "https://www.odco.gov.ma/",
    "retrieved_on": "2026-09-01",
    "note_fr": "",
    "note_ar": "",
    "note_en": "",
    "breakdown": "",
    "is_count": True,
    "decimals": 0,
    "updated_at": "2026-09-01T08:00:00Z",
    "url": f"{SITE}/fr/observatoire/indicateurs/odco-cooperatives/",
    "observations_url": f"{SITE}/api/v1/observations/?indicator=odco-cooperatives",
}

OBSERVATION = {
    "id": 1234,
    "indicator": "odco-cooperatives",
    "year": 2024,
    "level": "province",
    "territory_code": "01.511",
    "breakdown": "",
    "category": "",
    "value": 812.0,
}

EVENT = {
    "slug": "seminaire-ess-2026",
    "kind": "seminar",
    "title_fr": "Séminaire régional de l'ESS",
    "title_ar": "",
    "title_en": "",
    "summary_fr": "Deux jours d'échanges.",
    "summary_ar": "",
    "summary_en": "",
    "description_fr": "",
    "description_ar": "",
    "description_en": "",
    "starts_at": "2026-12-10T09:00:00Z",
    "ends_at": "2026-12-11T17:00:00Z",
    "cancelled": False,
    "venue_fr": "Maison de l'ESS",
    "venue_ar": "دار الاقتصاد الاجتماعي والتضامني",
    "venue_en": "",
    "address": "Rue des Amoureux, Tanger",
    "commune": _COMMUNE,
    "province": _TANGER,
    "latitude": None,
    "longitude": None,
    "online_url": None,
    "organiser": None,
    "registration_open": True,
    "url": f"{SITE}/fr/evenements/seminaire-ess-2026/",
    "ical_url": f"{SITE}/fr/evenements/seminaire-ess-2026/calendrier.ics",
    "updated_at": "2026-11-02T09:30:00Z",
}

LAUREATE = {
    "id": 7,
    "year": 2025,
    "theme_fr": "L'ESS et l'emploi des jeunes",
    "category": {"id": 3, "name_fr": "Innovation sociale", "name_ar": "", "name_en": "Social innovation"},
    "rank": 1,
    "name_fr": "Coopérative Nour",
    "name_ar": "تعاونية نور",
    "prize_fr": "50 000 MAD",
    "prize_ar": "",
    "prize_en": "",
    "structure": {"slug": "cooperative-nour-tanger", "name_fr": "Coopérative Nour", "name_ar": "تعاونية نور"},
    "url": f"{SITE}/fr/concours/2025/",
}


def list_example(record):
    return OpenApiExample(
        "Une page de résultats",
        value=record,  # drf-spectacular puts it in a page: {"count": 1, "next": null, ..., "results": [record]}
        response_only=True,
        status_codes=["200"],
    )


def detail_example(record):
    return OpenApiExample("Un enregistrement", value=record, response_only=True, status_codes=["200"])
