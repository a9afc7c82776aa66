"""Published records the API shows, and beside them everything it must never show, each private value
marked with SECRET so that a test can look for it in every answer."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from actors.models import Actor
from events.models import ContestEdition
from library.models import Subscriber, Theme
from mess_portal.models import Label, Province
from observatory.models import Indicator, Observation
from tests.actors.factories import ActorFactory, ProposalFactory
from tests.events.contest_factories import (
    ApplicationFactory,
    ConflictOfInterestFactory,
    ContestCategoryFactory,
    ContestEditionFactory,
    CriterionFactory,
    LaureateFactory,
    ScoreFactory,
)
from tests.events.factories import EventFactory, RegistrationFactory, SessionFactory
from tests.factories import UserFactory, commune, sector
from tests.library.factories import DocumentFactory
from tests.support.factories import OrientationRequestFactory, SupportServiceFactory, need, stage

# Every private value below contains this; no API answer may.
SECRET = "SECRET"


@pytest.fixture(autouse=True)
def _french_outside_requests():
    with translation.override("fr"):
        yield


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    # The rate limit has its own tests; the others make many requests from one address.
    settings.API_RATE_LIMIT = "100000/minute"


@dataclass
class ApiData:
    actor: Actor
    identifiers: dict = field(default_factory=dict)
    private_identifiers: dict = field(default_factory=dict)


@pytest.fixture
def api_data(db):
    """Public: two published structures (one with a sector and a label), a support service, a document,
    an indicator with values, two events, a contest edition with its results published and one laureate.
    Private: drafts, pending and archived records, proposals, registrations, orientation requests,
    applications, scores, notes and people's e-mails."""
    tanger = Province.objects.get(slug="tanger-assilah")
    label = Label.objects.order_by("pk").first()
    actor = ActorFactory(
        name_fr="Coopérative Nour",
        name_ar="تعاونية نور",
        with_contact=True,
        located=True,
        creation_date=datetime.date(2012, 3, 15),
        members_total=20,
        members_women=15,
        description_fr="Tissage et couscous.",
        sectors=[sector("agriculture")],
        labels=[label] if label else [],
    )
    other = ActorFactory(name_fr="Association Amal", commune=commune("01.571.01.11"))
    # Private structures: not published in any way.
    draft = ActorFactory(
        name_fr="Brouillon SECRET-DRAFT", status=Actor.Status.DRAFT, email="secret-draft@private.test"
    )
    ActorFactory(name_fr="En attente SECRET-PENDING", status=Actor.Status.PENDING)
    ActorFactory(name_fr="Archivée SECRET-ARCHIVED", status=Actor.Status.ARCHIVED)
    ProposalFactory(
        sender_name="SECRET-SENDER",
        sender_email="secret-sender@private.test",
        message="SECRET-PROPOSAL-MESSAGE",
        staff_note="SECRET-STAFF-NOTE",
    )
    ProposalFactory(
        kind="correction",
        actor=actor,
        sender_email="secret-corrector@private.test",
        data={"name_fr": "SECRET-CORRECTION"},
    )
    # Support: one published service whose contact is a person; an unpublished one.
    service = SupportServiceFactory(
        name_fr="Formation à la gestion",
        contact_name="SECRET-CONTACT-PERSON",
        email="secret-contact@private.test",
        stages=[stage("idee")],
        needs=[need("financement")],
    )
    SupportServiceFactory(name_fr="SECRET-UNPUBLISHED-SERVICE", is_published=False)
    SupportServiceFactory(name_fr="SECRET-SERVICE-OF-DRAFT", provider=draft)
    OrientationRequestFactory(
        name="SECRET-REQUESTER",
        email="secret-requester@private.test",
        message="SECRET-ORIENTATION-MESSAGE",
        internal_notes="SECRET-INTERNAL-NOTES",
    )
    # Library.
    theme = Theme.objects.order_by("pk").first()
    document = DocumentFactory(
        title_fr="Atlas de l'ESS",
        kind="atlas",
        year=2025,
        provinces=[tanger],
        themes=[theme] if theme else [],
    )
    draft_document = DocumentFactory(title_fr="SECRET-DRAFT-DOCUMENT", draft=True)
    DocumentFactory(title_fr="SECRET-ARCHIVED-DOCUMENT", status="archived")
    Subscriber.objects.create(email="secret-subscriber@private.test")
    # Observatory.
    indicator = Indicator.objects.create(
        code="odco-cooperatives", name_fr="Coopératives (ODCO)", source="ODCO", licence="Données publiques"
    )
    for year, value in [(2023, 700), (2024, 812)]:
        Observation.objects.create(
            indicator=indicator, territory_code="01.511", year=year, value=Decimal(value)
        )
    Observation.objects.create(
        indicator=indicator, territory_code="01.511.01.0", year=2024, value=Decimal(500)
    )
    hidden = Indicator.objects.create(code="secret-indicator", name_fr="SECRET-INDICATOR", is_published=False)
    hidden_observation = Observation.objects.create(
        indicator=hidden, territory_code="01.511", year=2024, value=Decimal("424242.4242")
    )
    # Events: a published one organised by a draft structure, a past one, a draft one; registrations.
    event = EventFactory(title_fr="Atelier des coopératives", organiser=draft, partners=[actor, draft])
    SessionFactory(event=event, title_fr="Ouverture")
    EventFactory(title_fr="Salon passé", past=True, kind="fair")
    draft_event = EventFactory(title_fr="SECRET-DRAFT-EVENT", draft=True)
    RegistrationFactory(
        event=event, name="SECRET-REGISTRANT", email="secret-registrant@private.test", phone="0600SECRET"
    )
    # The contest: an edition with published results (one laureate, one other application), one whose
    # jury is at work (its ranking is not public).
    published = ContestEditionFactory(year=2025, closed=True, status=ContestEdition.Status.PUBLISHED)
    category = ContestCategoryFactory(edition=published, name_fr="Meilleure coopérative")
    criterion = CriterionFactory(edition=published, name_fr="Impact")
    juror = UserFactory(username="juror", email="secret-juror@private.test", is_staff=True)
    winner = ApplicationFactory(
        category=category,
        actor=actor,
        contact_name="SECRET-APPLICANT",
        contact_email="secret-applicant@private.test",
        presentation="SECRET-PRESENTATION",
        turnover=987654321,
    )
    loser = ApplicationFactory(
        category=category,
        actor=None,
        structure_name="SECRET-NOT-A-LAUREATE",
        contact_email="secret-loser@private.test",
    )
    ScoreFactory(juror=juror, application=winner, criterion=criterion, value=Decimal("7.5"))
    ScoreFactory(juror=juror, application=loser, criterion=criterion, value=Decimal("3.5"))
    ConflictOfInterestFactory(juror=juror, actor=other, note="SECRET-CONFLICT")
    laureate = LaureateFactory(application=winner, rank=1, prize_fr="50 000 MAD")
    jury = ContestEditionFactory(year=2026, jury=True)
    jury_category = ContestCategoryFactory(edition=jury, name_fr="SECRET-JURY-CATEGORY")
    jury_laureate = LaureateFactory(
        application=ApplicationFactory(
            category=jury_category, actor=None, structure_name="SECRET-JURY-RANKING"
        ),
        rank=1,
    )
    return ApiData(
        actor=actor,
        identifiers={
            "structure": actor.slug,
            "service": service.slug,
            "document": document.slug,
            "indicator": indicator.code,
            "event": event.slug,
            "laureate": laureate.pk,
        },
        private_identifiers={
            "structure": draft.slug,
            "document": draft_document.slug,
            "indicator": hidden.code,
            "event": draft_event.slug,
            "laureate": jury_laureate.pk,
            "observation": hidden_observation.pk,
        },
    )


def in_days(days):
    return timezone.now() + datetime.timedelta(days=days)
