"""A demo directory, marked as such (``is_demo``, a "DÉMO" badge and source), for a newcomer's site and
for measuring the search at scale: ``seed_demo --actors 50000`` loads in seconds by bulk inserts.

Idempotent: the previous demo structures are removed and the same ones (same random seed) created
again; real structures are never touched.
"""

import datetime
import random

from django.db import connection
from django.utils.text import slugify

from actors.models import Actor, ActorPhoto, Proposal
from mess_portal.models import Commune, Label, LegalFamily, Sector

DEMO_SOURCE = "DÉMO : données fictives"
BATCH = 2000

# Approximate centres of the provinces (latitude, longitude), for plausible map positions.
PROVINCE_CENTRES = {
    "01.051": (35.14, -3.93),
    "01.151": (35.10, -5.15),
    "01.227": (35.73, -5.53),
    "01.331": (35.10, -6.05),
    "01.405": (34.80, -5.58),
    "01.511": (35.70, -5.85),
    "01.571": (35.53, -5.45),
    "01.573": (35.72, -5.35),
}

# Given names of structures (French transliteration, Arabic), as Moroccan cooperatives often bear.
NAMES = [
    ("Al Baraka", "البَرَكة"),
    ("Al Amal", "الأمل"),
    ("Annour", "النُّور"),
    ("Al Khair", "الخير"),
    ("Assafaa", "الصفاء"),
    ("Al Wahda", "الوحدة"),
    ("Annahda", "النهضة"),
    ("Al Fath", "الفتح"),
    ("Tifaouine", "تيفاوين"),
    ("Al Izdihar", "الازدهار"),
    ("Attadamoun", "التضامن"),
    ("Al Yasmine", "الياسمين"),
    ("Al Mostakbal", "المستقبل"),
    ("Rif Al Akhdar", "الريف الأخضر"),
    ("Jbala", "جبالة"),
    ("Al Massira", "المسيرة"),
    ("Ennakhla", "النخلة"),
    ("Al Hidaya", "الهداية"),
    ("Al Fajr", "الفجر"),
    ("Tawasoul", "تواصل"),
]

# For each sector: (French words after "Coopérative", Arabic after "تعاونية", products fr, products ar).
SECTOR_WORDS = {
    "agriculture": (
        "agricole",
        "الفلاحية",
        "Légumes de saison, céréales, olives.",
        "خضر موسمية، حبوب، زيتون.",
    ),
    "elevage": (
        "d'élevage caprin",
        "لتربية الماعز",
        "Lait de chèvre, fromage frais.",
        "حليب الماعز، جبن طري.",
    ),
    "apiculture": (
        "apicole",
        "لتربية النحل",
        "Miel de thym, miel d'euphorbe, pollen.",
        "عسل الزعتر، عسل الدغموس، حبوب اللقاح.",
    ),
    "agro-alimentaire": (
        "de couscous et produits du terroir",
        "للكسكس والمنتوجات المحلية",
        "Couscous roulé main, amlou, confitures.",
        "كسكس يدوي، أملو، مربى.",
    ),
    "argan": (
        "d'huile d'argan",
        "لزيت الأركان",
        "Huile d'argan alimentaire et cosmétique.",
        "زيت الأركان الغذائي والتجميلي.",
    ),
    "plantes-aromatiques-medicinales": (
        "des plantes aromatiques et médicinales",
        "للنباتات العطرية والطبية",
        "Thym, romarin, huiles essentielles.",
        "زعتر، إكليل الجبل، زيوت عطرية.",
    ),
    "artisanat": (
        "féminine de tissage",
        "النسوية للنسيج",
        "Tapis, couvertures, ceintures tissées.",
        "زرابي، أغطية، أحزمة منسوجة.",
    ),
    "peche": ("de pêche artisanale", "للصيد التقليدي", "Poisson frais, conserves.", "سمك طري، معلبات."),
    "foret": ("forestière", "الغابوية", "Liège, bois de chauffe, caroubes.", "الفلين، حطب التدفئة، الخروب."),
    "habitat": ("d'habitat", "للسكن", "Logements en accession sociale.", "سكن اجتماعي."),
    "tourisme": (
        "de tourisme rural",
        "للسياحة القروية",
        "Gîte d'étape, randonnées guidées.",
        "مأوى سياحي، جولات مرفقة.",
    ),
    "services": (
        "de services",
        "للخدمات",
        "Entretien, restauration collective.",
        "الصيانة، الإطعام الجماعي.",
    ),
    "environnement-dechets": (
        "de tri et recyclage",
        "لفرز وتدوير النفايات",
        "Collecte et tri des déchets.",
        "جمع وفرز النفايات.",
    ),
    "transport": (
        "de transport rural",
        "للنقل القروي",
        "Transport de personnes et de marchandises.",
        "نقل الأشخاص والبضائع.",
    ),
    "alphabetisation-education": (
        "d'éducation",
        "للتربية",
        "Cours d'alphabétisation, soutien scolaire.",
        "دروس محو الأمية، دعم مدرسي.",
    ),
    "social-sante": (
        "d'aide sociale",
        "للمساعدة الاجتماعية",
        "Accompagnement des familles.",
        "مواكبة الأسر.",
    ),
    "culture": ("culturelle", "الثقافية", "Musique, théâtre, patrimoine.", "موسيقى، مسرح، تراث."),
    "commerce": (
        "de commercialisation",
        "للتسويق",
        "Vente des produits des membres.",
        "بيع منتوجات الأعضاء.",
    ),
}

FAMILY_WEIGHTS = {
    "cooperative": 60,
    "association": 30,
    "mutuelle": 2,
    "fondation": 2,
    "union-federation": 2,
    "entreprise-sociale": 2,
    "gie": 1,
    "entreprise-collective-partagee": 1,
}

FAMILY_WORDS = {
    "cooperative": ("Coopérative", "تعاونية"),
    "association": ("Association", "جمعية"),
    "mutuelle": ("Mutuelle", "تعاضدية"),
    "fondation": ("Fondation", "مؤسسة"),
    "union-federation": ("Union des coopératives", "اتحاد تعاونيات"),
    "entreprise-sociale": ("Entreprise sociale", "مقاولة اجتماعية"),
    "gie": ("GIE", "مجموعة ذات النفع الاقتصادي"),
    "entreprise-collective-partagee": ("Entreprise collective", "مقاولة جماعية"),
}


def _clear() -> None:
    demo = Actor.objects.filter(is_demo=True)
    Proposal.objects.filter(actor__in=demo).update(actor=None)
    Actor.objects.filter(possible_duplicate_of__in=demo).update(possible_duplicate_of=None)
    ActorPhoto.objects.filter(actor__in=demo).delete()
    Actor.sectors.through.objects.filter(actor__in=demo).delete()
    Actor.labels.through.objects.filter(actor__in=demo).delete()
    # Every relation is cleared above: one plain DELETE rather than the ORM's collection of 50,000 objects.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Actor._meta.db_table} WHERE is_demo")


def _structure(rng, index, family, sector_slugs, commune):
    given_fr, given_ar = rng.choice(NAMES)
    family_fr, family_ar = FAMILY_WORDS[family.slug]
    words_fr, words_ar, products_fr, products_ar = SECTOR_WORDS.get(sector_slugs[0], SECTOR_WORDS["services"])
    place_fr, place_ar = commune.name_fr, commune.name_ar or commune.name_fr
    if family.slug == "cooperative":
        name_fr = f"{family_fr} {words_fr} {given_fr} {place_fr}"
        name_ar = f"{family_ar} {given_ar} {words_ar} {place_ar}"
    elif family.slug == "association":
        name_fr = f"{family_fr} {given_fr} pour le développement de {place_fr}"
        name_ar = f"{family_ar} {given_ar} للتنمية ب{place_ar}"
    else:
        name_fr = f"{family_fr} {given_fr} {place_fr}"
        name_ar = f"{family_ar} {given_ar} {place_ar}"
    total = rng.randint(7, 150)
    women = rng.randint(0, total)
    lat, lng = PROVINCE_CENTRES.get(commune.province.code, (35.3, -5.6))
    year = rng.choice([rng.randint(1985, 2025), rng.randint(2010, 2025)])
    has_contact = rng.random() < 0.7
    actor = Actor(
        name_fr=name_fr,
        name_ar=name_ar,
        slug=f"{slugify(name_fr)[:100]}-{index}",
        legal_family=family,
        commune=commune,
        address=f"{rng.randint(1, 120)} rue {given_fr}, {place_fr}",
        latitude=round(lat + rng.uniform(-0.18, 0.18), 6),
        longitude=round(lng + rng.uniform(-0.18, 0.18), 6),
        phone=f"+212 6 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
        if has_contact
        else "",
        email=f"contact{index}@demo.example.org" if has_contact and rng.random() < 0.5 else "",
        creation_date=datetime.date(year, rng.randint(1, 12), rng.randint(1, 28)),
        members_total=total,
        members_women=women,
        members_youth=rng.randint(0, total),
        employees=rng.randint(0, 12),
        women_declared=women * 2 > total and rng.random() < 0.5,
        description_fr=(
            f"Fiche de démonstration. {family_fr} créée en {year} à {place_fr}, "
            f"qui réunit {total} membres dont {women} femmes. {products_fr}"
        ),
        description_ar=f"بطاقة تجريبية. {family_ar} تأسست سنة {year} ب{place_ar}، تضم {total} عضوا منهم {women} نساء. {products_ar}",
        products_fr=products_fr,
        products_ar=products_ar,
        status=Actor.Status.PUBLISHED
        if rng.random() < 0.95
        else rng.choice([Actor.Status.DRAFT, Actor.Status.PENDING]),
        last_verified=datetime.date(2026, 1, 1) - datetime.timedelta(days=rng.randint(0, 900)),
        source=DEMO_SOURCE,
        is_demo=True,
    )
    actor.refresh_search_fields()
    return actor


def seed(*, stdout=None, actors: int = 120, seed: int = 2026, **options) -> None:
    _clear()
    if not actors:
        return
    rng = random.Random(seed)
    families = {family.slug: family for family in LegalFamily.objects.all()}
    family_choices = [families[slug] for slug in FAMILY_WEIGHTS if slug in families] or list(
        families.values()
    )
    family_weights = [FAMILY_WEIGHTS.get(family.slug, 1) for family in family_choices]
    sectors = list(Sector.objects.order_by("pk"))
    labels = list(Label.objects.order_by("pk"))
    communes = list(Commune.objects.select_related("province").order_by("code"))
    if not (family_choices and sectors and communes):
        return
    SectorLink, LabelLink = Actor.sectors.through, Actor.labels.through
    for start in range(0, actors, BATCH):
        batch, chosen_sectors, chosen_labels = [], [], []
        for index in range(start, min(start + BATCH, actors)):
            # Every family, sector and commune appears even in a small directory.
            family = (
                family_choices[index]
                if index < len(family_choices)
                else rng.choices(family_choices, family_weights)[0]
            )
            first_sector = sectors[index % len(sectors)] if index < len(sectors) else rng.choice(sectors)
            picked = [first_sector, *rng.sample(sectors, rng.choice([0, 0, 1]))]
            picked = list(dict.fromkeys(picked))
            commune = communes[index % len(communes)] if index < len(communes) else rng.choice(communes)
            batch.append(_structure(rng, index + 1, family, [s.slug for s in picked], commune))
            chosen_sectors.append(picked)
            chosen_labels.append(rng.sample(labels, 1) if labels and rng.random() < 0.06 else [])
        created = Actor.objects.bulk_create(batch, batch_size=BATCH)
        SectorLink.objects.bulk_create(
            [
                SectorLink(actor_id=a.pk, sector_id=s.pk)
                for a, ss in zip(created, chosen_sectors, strict=True)
                for s in ss
            ],
            batch_size=5000,
        )
        LabelLink.objects.bulk_create(
            [
                LabelLink(actor_id=a.pk, label_id=lb.pk)
                for a, ls in zip(created, chosen_labels, strict=True)
                for lb in ls
            ],
            batch_size=5000,
        )
    if stdout:
        stdout.write(f"Directory: {actors} demo structures (marked DÉMO).")
