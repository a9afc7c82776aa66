"""Demo content of the regional contest, marked DÉMO: last year's edition, judged and published (with
its applications, jury marks and laureates), and this year's, open for applications. Jurors' demo
accounts (``demo-jury``, ``demo-jury-2``, ``demo-jury-3``) exist only when DEBUG is on, like the other
demo accounts; without them last year's laureates are recorded without marks.

Idempotent: ``clear()`` removes the contest's demo content, ``seed()`` recreates it the same.
"""

import datetime
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from actors.models import Actor
from events import contest_services as services
from events.models import (
    Application,
    ConflictOfInterest,
    ContestCategory,
    ContestEdition,
    Criterion,
    Event,
    Laureate,
    Score,
)
from library import services as library_services
from library.models import Document
from library.pdf import inspect_pdf
from mess_portal.demo import DEMO_PASSWORD
from mess_portal.groups import group_name
from mess_portal.pdf import build_pdf

CASABLANCA = ZoneInfo("Africa/Casablanca")
JURORS = ["demo-jury", "demo-jury-2", "demo-jury-3"]
CEREMONY_SLUG = "demo-ceremonie-concours-{year}"

CATEGORIES = [
    {
        "name_fr": "Meilleure coopérative",
        "name_ar": "أفضل تعاونية",
        "name_en": "Best cooperative",
        "description_fr": "Une coopérative exemplaire par sa gouvernance, son activité et ses résultats.",
        "prize_fr": "40 000 MAD et un accompagnement d'un an",
        "prize_ar": "40.000 درهم ومواكبة لمدة سنة",
        "prize_en": "MAD 40,000 and a year of support",
    },
    {
        "name_fr": "Initiative féminine",
        "name_ar": "مبادرة نسائية",
        "name_en": "Women's initiative",
        "description_fr": "Une structure fondée ou dirigée par des femmes.",
        "prize_fr": "30 000 MAD",
        "prize_ar": "30.000 درهم",
        "prize_en": "MAD 30,000",
    },
    {
        "name_fr": "Initiative des jeunes",
        "name_ar": "مبادرة الشباب",
        "name_en": "Youth initiative",
        "description_fr": "Une structure dont la majorité des membres a moins de 35 ans.",
        "prize_fr": "30 000 MAD",
        "prize_ar": "30.000 درهم",
        "prize_en": "MAD 30,000",
    },
    {
        "name_fr": "Innovation et environnement",
        "name_ar": "الابتكار والبيئة",
        "name_en": "Innovation and environment",
        "description_fr": "Une solution nouvelle pour un besoin du territoire ou pour l'environnement.",
        "prize_fr": "30 000 MAD",
        "prize_ar": "30.000 درهم",
        "prize_en": "MAD 30,000",
    },
]
CRITERIA = [
    ("Impact social et territorial", "الأثر الاجتماعي والترابي", "Social and territorial impact", 3, 20),
    ("Viabilité économique", "الاستدامة الاقتصادية", "Economic viability", 2, 10),
    ("Gouvernance démocratique", "الحكامة الديمقراطية", "Democratic governance", 1, 10),
]


def _local(year, month, day, hour=0, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=CASABLANCA)


def clear() -> None:
    editions = ContestEdition.objects.filter(is_demo=True)
    Laureate.objects.filter(edition__in=editions).delete()
    Score.objects.filter(application__edition__in=editions).delete()
    applications = Application.objects.filter(edition__in=editions)
    for application in applications.prefetch_related("attachments"):
        for attachment in application.attachments.all():
            attachment.file.delete(save=False)
    applications.delete()
    ConflictOfInterest.objects.filter(juror__username__in=JURORS).delete()
    ceremonies = list(editions.values_list("ceremony", flat=True))
    editions.delete()
    Event.objects.filter(
        pk__in=[pk for pk in ceremonies if pk], slug__startswith="demo-ceremonie-concours-"
    ).delete()


def _rules(year: int) -> Document:
    slug = f"demo-reglement-concours-{year}"
    document = Document.objects.filter(slug=slug).first()
    if document:
        return document
    title = f"DÉMO · Règlement du concours régional de l'ESS {year}"
    pages = [
        [f"# Règlement du concours régional {year}", "", "DOCUMENT DE DÉMONSTRATION"],
        [
            "# Article 1. Qui peut candidater",
            "Les coopératives, associations et mutuelles de la région Tanger-Tétouan-Al Hoceïma.",
            "# Article 2. Le jury",
            "Le jury note chaque candidature selon les critères publiés, pondérés.",
        ],
    ]
    document = Document(
        slug=slug,
        kind=Document.Kind.LEGAL_TEXT,
        year=year,
        title_fr=title,
        summary_fr="Document de démonstration : le règlement du concours.",
        language=Document.Language.FRENCH,
        authors="MESS Tanger-Tétouan-Al Hoceïma (démo)",
        status=Document.Status.PUBLISHED,
    )
    library_services.document_save(document=document, pdf=inspect_pdf(build_pdf(pages, title=title)))
    return document


def _edition(year: int, *, status, opens, closes, jury, ceremony_at) -> ContestEdition:
    ceremony, _created = Event.objects.update_or_create(
        slug=CEREMONY_SLUG.format(year=year),
        defaults={
            "kind": Event.Kind.CEREMONY,
            "title_fr": f"DÉMO · Cérémonie de remise des prix du concours régional {year}",
            "title_ar": f"نموذج · حفل توزيع جوائز المسابقة الجهوية {year}",
            "title_en": f"DEMO · Award ceremony of the {year} regional contest",
            "starts_at": ceremony_at,
            "ends_at": ceremony_at + datetime.timedelta(hours=3),
            "status": Event.Status.PUBLISHED,
            "is_demo": True,
        },
    )
    edition = ContestEdition.objects.create(
        year=year,
        theme_fr=f"DÉMO · L'ESS, moteur de l'emploi local ({year})",
        theme_ar=f"نموذج · الاقتصاد الاجتماعي والتضامني محرك للتشغيل المحلي ({year})",
        theme_en=f"DEMO · The social economy, a driver of local jobs ({year})",
        introduction_fr="Le concours est ouvert aux structures de l'ESS de la région, inscrites ou non à "
        "l'annuaire. Une candidature par structure.",
        introduction_ar="المسابقة مفتوحة لهيئات الاقتصاد الاجتماعي والتضامني بالجهة. ترشيح واحد لكل هيئة.",
        introduction_en="The contest is open to the region's social economy structures, listed in the "
        "directory or not. One application per structure.",
        prizes_fr="Un prix par catégorie, remis lors de la cérémonie.",
        prizes_ar="جائزة لكل فئة تسلم خلال الحفل.",
        prizes_en="One prize per category, awarded at the ceremony.",
        rules=_rules(year),
        applications_open_at=opens,
        applications_close_at=closes,
        jury_starts_on=jury[0],
        jury_ends_on=jury[1],
        ceremony=ceremony,
        status=status,
        anonymous_jury=year % 2 == 0,
        is_demo=True,
    )
    for position, spec in enumerate(CATEGORIES):
        ContestCategory.objects.create(edition=edition, position=position, **spec)
    for position, (name_fr, name_ar, name_en, weight, scale) in enumerate(CRITERIA):
        Criterion.objects.create(
            edition=edition,
            position=position,
            name_fr=name_fr,
            name_ar=name_ar,
            name_en=name_en,
            weight=weight,
            scale_max=scale,
        )
    return edition


def _jurors() -> list:
    if not settings.DEBUG:
        return []
    User = get_user_model()
    group = Group.objects.get(name=group_name("jury"))
    jurors = []
    for username in JURORS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "is_staff": True,
                "email": f"{username}@example.org",
                "first_name": "Démo",
                "last_name": "Jury",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(group)
        jurors.append(user)
    return jurors


def _apply(edition, category, actor, rng, *, when) -> Application:
    number = edition.applications.count() + 1
    members = rng.randint(8, 60)
    return Application.objects.create(
        edition=edition,
        category=category,
        number=number,
        reference=Application.make_reference(edition.year, number),
        actor=actor,
        structure_name=actor.name_fr,
        presentation=f"DÉMO · {actor.name_fr} présente son initiative : production locale, emplois pour les "
        "femmes et les jeunes de la commune, vente en circuit court.",
        members_total=members,
        members_women=rng.randint(0, members),
        members_youth=rng.randint(0, members),
        employees=rng.randint(0, 12),
        contact_name="Contact démo",
        contact_email=f"candidature-{edition.year}-{number}@example.org",
        language=rng.choice(["fr", "ar"]),
        consent_at=when,
        acknowledged_at=when,
        is_demo=True,
    )


def seed(*, stdout=None, seed=2026, **options) -> None:
    rng = random.Random(seed)
    now = timezone.now()
    year = timezone.localtime(now, CASABLANCA).year
    past_year = year - 1
    jurors = _jurors()
    actors = list(Actor.objects.published().filter(is_demo=True).order_by("pk")[:12])

    past = _edition(
        past_year,
        status=ContestEdition.Status.JURY,
        opens=_local(past_year, 3, 1, 9),
        closes=_local(past_year, 5, 31, 23, 59),
        jury=(datetime.date(past_year, 6, 2), datetime.date(past_year, 6, 30)),
        ceremony_at=_local(past_year, 7, 10, 10),
    )
    categories = list(past.categories.all())
    criteria = list(past.criteria.all())
    for category in categories:
        category.jurors.set(jurors)
    for index, actor in enumerate(actors[:8]):
        _apply(
            past, categories[index % len(categories)], actor, rng, when=_local(past_year, 4, 1 + index, 10)
        )
    if jurors and actors:
        # One declared conflict of interest: the first juror does not mark the first structure.
        ConflictOfInterest.objects.create(juror=jurors[0], actor=actors[0], note="DÉMO · membre du bureau")
        for application in past.applications.select_related("category"):
            for juror in jurors:
                if juror == jurors[0] and application.actor_id == actors[0].pk:
                    continue
                for criterion in criteria:
                    Score.objects.create(
                        juror=juror,
                        application=application,
                        criterion=criterion,
                        value=Decimal(rng.randint(criterion.scale_max // 2, criterion.scale_max)),
                    )
        services.laureates_from_ranking(edition=past, per_category=2)
    else:
        for category in categories:
            for rank, application in enumerate(
                past.applications.filter(category=category).order_by("number")[:2], 1
            ):
                Laureate.objects.create(
                    edition=past,
                    category=category,
                    application=application,
                    actor=application.actor,
                    rank=rank,
                    prize_fr=category.prize_fr if rank == 1 else "",
                    prize_ar=category.prize_ar if rank == 1 else "",
                    prize_en=category.prize_en if rank == 1 else "",
                )
    if past.laureates.exists():
        # Published without e-mails: demo applicants have example.org addresses, and none is sent.
        past.applications.update(result_sent_at=now)
        past.status = ContestEdition.Status.PUBLISHED
        past.results_published_at = now
        past.save(update_fields=["status", "results_published_at"])

    current = _edition(
        year,
        status=ContestEdition.Status.OPEN,
        opens=now - datetime.timedelta(days=30),
        closes=now + datetime.timedelta(days=60),
        jury=((now + datetime.timedelta(days=65)).date(), (now + datetime.timedelta(days=90)).date()),
        # A ceremony at 10:00 Morocco time, not at whatever minute the demo was loaded.
        ceremony_at=timezone.localtime(now + datetime.timedelta(days=100), CASABLANCA).replace(
            hour=10, minute=0, second=0, microsecond=0
        ),
    )
    current_categories = list(current.categories.all())
    for category in current_categories:
        category.jurors.set(jurors)
    # Other structures than last year's when the directory has enough; last year's applicants otherwise.
    for index, actor in enumerate(actors[8:11] or actors[:3]):
        _apply(current, current_categories[index % len(current_categories)], actor, rng, when=now)
    if stdout:
        stdout.write(
            f"Contest: editions {past_year} (published, {past.applications.count()} applications, "
            f"{past.laureates.count()} laureates) and {year} (open)."
        )
