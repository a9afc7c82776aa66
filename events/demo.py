"""Demo events, marked DÉMO, placed relative to today: the annual seminar with its programme, workshops
and trainings past and upcoming, one small workshop full with a waiting list. Idempotent: ``clear()``
removes the demo events and their registrations, ``seed()`` makes them again."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from actors.models import Actor
from events import dates
from events.models import Event, Registration, Session
from library.models import Document
from mess_portal.models import Commune

MESS_PLACE = {
    "venue_fr": "Maison de l'Economie Sociale et Solidaire (MESS)",
    "venue_ar": "دار الاقتصاد الاجتماعي والتضامني",
    "venue_en": "House of the Social and Solidarity Economy (MESS)",
    "address": "Rue des Amoureux, BP 1292, 90000 Tanger",
    "commune": "01.511.01.0",
    "latitude": Decimal("35.767300"),
    "longitude": Decimal("-5.799800"),
}
TRAINING_ROOM = {
    "venue_fr": "MESS, salle de formation",
    "venue_ar": "دار الاقتصاد الاجتماعي والتضامني، قاعة التكوين",
    "venue_en": "MESS, training room",
}


def _at(day_offset: int, hour: int, minute: int = 0) -> datetime:
    """A local time (Casablanca) ``day_offset`` days from today, as an aware datetime."""
    day = dates.today() + timedelta(days=day_offset)
    return datetime.combine(day, time(hour, minute), tzinfo=dates.zone())


EVENTS = [
    {
        "slug": "demo-seminaire-annuel-ess",
        "kind": Event.Kind.SEMINAR,
        "days": (24, 25),
        "hours": ((9, 0), (17, 0)),
        "title_fr": "DÉMO · Séminaire annuel de l'économie sociale et solidaire",
        "title_ar": "نموذج · الندوة السنوية للاقتصاد الاجتماعي والتضامني",
        "title_en": "DEMO · Annual seminar on the social and solidarity economy",
        "summary_fr": "Deux journées pour faire le point sur l'ESS dans la région : chiffres de l'observatoire, "
        "retours d'expérience de coopératives et d'associations, ateliers sur la commercialisation.",
        "summary_ar": "يومان لتقييم وضعية الاقتصاد الاجتماعي والتضامني بالجهة: أرقام المرصد، وتجارب التعاونيات "
        "والجمعيات، وورشات حول التسويق.",
        "summary_en": "Two days to take stock of the social economy in the region: the observatory's figures, "
        "cooperatives and associations sharing their experience, workshops on selling.",
        "description_fr": "Contenu de démonstration. Le séminaire réunit chaque année les coopératives, "
        "associations et mutuelles de Tanger-Tétouan-Al Hoceïma, leurs partenaires publics et les bailleurs.\n\n"
        "Cette édition porte sur l'accès aux marchés : circuits courts, marchés publics, vente en ligne.",
        "description_ar": "محتوى تجريبي. تجمع الندوة كل سنة تعاونيات وجمعيات وتعاضديات جهة طنجة تطوان الحسيمة "
        "وشركاءها العموميين والممولين.\n\nتتناول هذه الدورة الولوج إلى الأسواق: الدوائر القصيرة، والصفقات "
        "العمومية، والبيع عبر الإنترنت.",
        "place": MESS_PLACE,
        "capacity": 120,
        "sessions": [
            (
                0,
                (9, 0),
                (9, 45),
                "Ouverture et mot d'accueil",
                "الافتتاح وكلمة الترحيب",
                "Opening and welcome",
                "Directrice de la MESS\nReprésentant du Conseil régional",
            ),
            (
                0,
                (10, 0),
                (11, 30),
                "L'ESS dans la région en chiffres",
                "الاقتصاد الاجتماعي والتضامني بالجهة بالأرقام",
                "The region's social economy in figures",
                "Équipe de l'ORESS, observatoire régional",
            ),
            (
                0,
                (11, 45),
                (13, 0),
                "Table ronde : vendre en circuit court",
                "مائدة مستديرة: البيع عبر الدوائر القصيرة",
                "Round table: selling through short supply chains",
                "Présidente d'une coopérative féminine de Chefchaouen\nGérant d'une coopérative agricole de Larache",
            ),
            (
                0,
                (14, 30),
                (16, 30),
                "Atelier : répondre à un marché public",
                "ورشة: الاستجابة لصفقة عمومية",
                "Workshop: bidding for a public contract",
                "Consultant en commande publique",
            ),
            (
                1,
                (9, 30),
                (12, 0),
                "Atelier : vendre en ligne",
                "ورشة: البيع عبر الإنترنت",
                "Workshop: selling online",
                "Association d'appui au numérique",
            ),
            (
                1,
                (14, 0),
                (16, 0),
                "Synthèse et recommandations",
                "الخلاصات والتوصيات",
                "Conclusions and recommendations",
                "Rapporteurs des ateliers",
            ),
        ],
    },
    {
        "slug": "demo-seminaire-annuel-ess-precedent",
        "kind": Event.Kind.SEMINAR,
        "days": (-340, -339),
        "hours": ((9, 0), (17, 0)),
        "title_fr": "DÉMO · Séminaire annuel de l'ESS, édition précédente",
        "title_ar": "نموذج · الندوة السنوية للاقتصاد الاجتماعي والتضامني، الدورة السابقة",
        "title_en": "DEMO · Annual social economy seminar, previous edition",
        "summary_fr": "L'édition précédente, consacrée au financement des coopératives : ses présentations sont en ligne.",
        "summary_ar": "الدورة السابقة، المخصصة لتمويل التعاونيات: عروضها متاحة على الموقع.",
        "summary_en": "The previous edition, on financing cooperatives: its presentations are online.",
        "place": MESS_PLACE,
        "capacity": 100,
        "documents": True,
        "sessions": [
            (
                0,
                (9, 30),
                (11, 0),
                "Financer une coopérative",
                "تمويل تعاونية",
                "Financing a cooperative",
                "Représentant d'une banque participative",
            ),
        ],
    },
    {
        "slug": "demo-atelier-emballage-produits-terroir",
        "kind": Event.Kind.WORKSHOP,
        "days": (9, 9),
        "hours": ((9, 30), (12, 30)),
        "title_fr": "DÉMO · Atelier : l'emballage des produits du terroir",
        "title_ar": "نموذج · ورشة: تغليف المنتجات المحلية",
        "title_en": "DEMO · Workshop: packaging local products",
        "summary_fr": "Une matinée pratique pour les coopératives : étiquetage, normes, coûts. Places limitées.",
        "summary_ar": "صبيحة تطبيقية لفائدة التعاونيات: الملصقات، والمعايير، والتكاليف. المقاعد محدودة.",
        "summary_en": "A practical morning for cooperatives: labels, standards, costs. Few places.",
        "place": {**MESS_PLACE, **TRAINING_ROOM},
        "capacity": 3,
        "waiting_list": True,
    },
    {
        "slug": "demo-formation-gestion-cooperative-tetouan",
        "kind": Event.Kind.TRAINING,
        "days": (16, 17),
        "hours": ((9, 0), (16, 0)),
        "title_fr": "DÉMO · Formation : tenir la comptabilité d'une coopérative",
        "title_ar": "نموذج · تكوين: مسك محاسبة التعاونية",
        "title_en": "DEMO · Training: keeping a cooperative's accounts",
        "summary_fr": "Deux jours à Tétouan pour les trésoriers et gérants de coopératives nouvellement créées.",
        "summary_ar": "يومان بتطوان لفائدة أمناء المال ومسيري التعاونيات حديثة التأسيس.",
        "summary_en": "Two days in Tétouan for the treasurers and managers of new cooperatives.",
        "place": {
            "venue_fr": "Chambre d'artisanat",
            "venue_ar": "غرفة الصناعة التقليدية",
            "venue_en": "Chamber of Crafts",
            "address": "Avenue Mohammed V",
            "commune": "01.571.01.11",
        },
        "capacity": 25,
    },
    {
        "slug": "demo-journee-information-statut-auto-entrepreneur",
        "kind": Event.Kind.INFORMATION_DAY,
        "days": (5, 5),
        "hours": ((15, 0), (17, 0)),
        "title_fr": "DÉMO · Journée d'information en ligne : créer une coopérative",
        "title_ar": "نموذج · يوم إعلامي عن بعد: تأسيس تعاونية",
        "title_en": "DEMO · Online information session: starting a cooperative",
        "summary_fr": "Les étapes, les pièces à fournir et les appuis disponibles, en visioconférence.",
        "summary_ar": "المراحل والوثائق المطلوبة وأشكال الدعم المتاحة، عبر الفيديو.",
        "summary_en": "The steps, the papers and the support available, by video call.",
        "online_url": "https://meet.example.org/mess-cooperative",
        "capacity": None,
    },
    {
        "slug": "demo-salon-ess-chefchaouen",
        "kind": Event.Kind.FAIR,
        "days": (-60, -58),
        "hours": ((10, 0), (19, 0)),
        "title_fr": "DÉMO · Salon régional des produits de l'ESS à Chefchaouen",
        "title_ar": "نموذج · المعرض الجهوي لمنتجات الاقتصاد الاجتماعي والتضامني بشفشاون",
        "title_en": "DEMO · Regional fair of social economy products in Chefchaouen",
        "summary_fr": "Trois jours d'exposition-vente pour une quarantaine de coopératives de la région.",
        "summary_ar": "ثلاثة أيام من العرض والبيع لحوالي أربعين تعاونية من الجهة.",
        "summary_en": "Three days of exhibition and sales for some forty cooperatives of the region.",
        "place": {
            "venue_fr": "Place Outa El Hammam",
            "venue_ar": "ساحة وطاء الحمام",
            "venue_en": "Outa El Hammam square",
            "commune": "01.151.01.01",
        },
    },
    {
        "slug": "demo-atelier-marketing-numerique",
        "kind": Event.Kind.WORKSHOP,
        "days": (-20, -20),
        "hours": ((9, 30), (12, 30)),
        "title_fr": "DÉMO · Atelier : se faire connaître sur les réseaux sociaux",
        "title_ar": "نموذج · ورشة: التعريف بالتعاونية عبر شبكات التواصل الاجتماعي",
        "title_en": "DEMO · Workshop: getting known on social media",
        "summary_fr": "Photographier ses produits, écrire une publication, répondre aux clients.",
        "summary_ar": "تصوير المنتجات، وكتابة منشور، والرد على الزبناء.",
        "summary_en": "Photographing products, writing a post, answering customers.",
        "place": {**MESS_PLACE, **TRAINING_ROOM},
        "capacity": 20,
    },
]

PEOPLE = [
    ("Fatima Zahra El Amrani", "fatima.elamrani@example.org", "ar"),
    ("Youssef Benali", "youssef.benali@example.org", "fr"),
    ("Salma Akhrif", "salma.akhrif@example.org", "ar"),
    ("Mohamed Tahiri", "mohamed.tahiri@example.org", "fr"),
    ("Nadia Boukhris", "nadia.boukhris@example.org", "fr"),
]


def clear() -> None:
    demo = Event.objects.filter(is_demo=True, slug__in=[spec["slug"] for spec in EVENTS])
    Registration.objects.filter(event__in=demo).delete()
    demo.delete()


def seed(*, stdout=None, **options) -> None:
    actors = list(Actor.objects.published().filter(is_demo=True).order_by("pk")[:6])
    documents = list(Document.objects.published().filter(slug__startswith="demo-").order_by("pk")[:2])
    for index, spec in enumerate(EVENTS):
        event = _event(spec)
        if actors:
            event.organiser = actors[index % len(actors)] if spec["kind"] != Event.Kind.SEMINAR else None
            event.save(update_fields=["organiser"])
            event.partners.set(actors[(index + 1) % len(actors) : (index + 1) % len(actors) + 2])
        if spec.get("documents") and documents:
            event.documents.set(documents)
        for offset, start, end, title_fr, title_ar, title_en, speakers in spec.get("sessions", []):
            day = spec["days"][0] + offset
            Session.objects.create(
                event=event,
                starts_at=_at(day, *start),
                ends_at=_at(day, *end),
                title_fr=title_fr,
                title_ar=title_ar,
                title_en=title_en,
                speakers=speakers,
            )
        _registrations(event, spec, actors)


def _event(spec) -> Event:
    place = dict(spec.get("place", {}))
    commune = Commune.objects.filter(code=place.pop("commune", None)).first()
    first, last = spec["days"]
    (start_h, start_m), (end_h, end_m) = spec["hours"]
    return Event.objects.create(
        slug=spec["slug"],
        kind=spec["kind"],
        status=Event.Status.PUBLISHED,
        is_demo=True,
        starts_at=_at(first, start_h, start_m),
        ends_at=_at(last, end_h, end_m),
        commune=commune,
        online_url=spec.get("online_url", ""),
        registration_open="capacity" in spec,
        capacity=spec.get("capacity"),
        **{key: spec.get(key, "") for key in _TEXT_FIELDS},
        **place,
    )


_TEXT_FIELDS = [
    f"{base}_{lang}" for base in ("title", "summary", "description") for lang in ("fr", "ar", "en")
]


def _registrations(event, spec, actors):
    if not event.registration_open:
        return
    now = event.created_at
    count = len(PEOPLE) if spec.get("waiting_list") else 2
    for n, (name, email, language) in enumerate(PEOPLE[:count]):
        confirmed = event.capacity is None or n < event.capacity
        Registration.objects.create(
            event=event,
            name=name,
            email=email,
            language=language,
            organisation=actors[n % len(actors)].name_fr if actors else "",
            actor=actors[n % len(actors)] if actors else None,
            status=Registration.Status.CONFIRMED if confirmed else Registration.Status.WAITING,
            seat=n + 1 if confirmed and event.capacity else None,
            consent_at=now,
            created_at=now + timedelta(minutes=n),
            checked_in_at=event.starts_at if confirmed and event.is_past() else None,
        )
