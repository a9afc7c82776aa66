"""Factories of the regional contest (the events' own factories are in tests/events/factories.py)."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

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
from tests.actors.factories import ActorFactory
from tests.factories import UserFactory


class ContestEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    kind = Event.Kind.CEREMONY
    slug = factory.Sequence(lambda n: f"ceremonie-{n}")
    title_fr = factory.Sequence(lambda n: f"Cérémonie {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=90))
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + datetime.timedelta(hours=3))
    status = Event.Status.PUBLISHED


class ContestEditionFactory(factory.django.DjangoModelFactory):
    """An edition open for applications now (a month to go), unless a trait says otherwise."""

    class Meta:
        model = ContestEdition
        django_get_or_create = ["year"]

    year = factory.Sequence(lambda n: 2030 + n)
    theme_fr = factory.Sequence(lambda n: f"Thème {n}")
    theme_ar = "موضوع"
    applications_open_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    applications_close_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    status = ContestEdition.Status.OPEN

    class Params:
        closed = factory.Trait(
            applications_open_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=60)),
            applications_close_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1)),
        )
        jury = factory.Trait(
            status=ContestEdition.Status.JURY,
            applications_open_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=60)),
            applications_close_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1)),
        )


class ContestCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContestCategory
        skip_postgeneration_save = True

    edition = factory.SubFactory(ContestEditionFactory)
    name_fr = factory.Sequence(lambda n: f"Catégorie {n}")
    name_ar = factory.Sequence(lambda n: f"فئة {n}")
    prize_fr = "10 000 MAD"

    @factory.post_generation
    def jurors(self, create, extracted, **kwargs):
        if create and extracted:
            self.jurors.set(extracted)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    edition = factory.SubFactory(ContestEditionFactory)
    name_fr = factory.Sequence(lambda n: f"Critère {n}")
    weight = 1
    scale_max = 10


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    category = factory.SubFactory(ContestCategoryFactory)
    edition = factory.SelfAttribute("category.edition")
    number = factory.Sequence(lambda n: n + 1)
    reference = factory.LazyAttribute(lambda a: Application.make_reference(a.edition.year, a.number))
    actor = factory.SubFactory(ActorFactory)
    structure_name = factory.LazyAttribute(lambda a: a.actor.name_fr if a.actor else "Nouvelle structure")
    presentation = "Notre initiative."
    contact_name = "Amina"
    contact_email = factory.Sequence(lambda n: f"candidat{n}@example.org")
    language = "fr"
    consent_at = factory.LazyFunction(timezone.now)


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    juror = factory.SubFactory(UserFactory)
    application = factory.SubFactory(ApplicationFactory)
    criterion = factory.SubFactory(CriterionFactory, edition=factory.SelfAttribute("..application.edition"))
    value = Decimal(5)


class ConflictOfInterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConflictOfInterest

    juror = factory.SubFactory(UserFactory)
    actor = factory.SubFactory(ActorFactory)


class LaureateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Laureate

    application = factory.SubFactory(ApplicationFactory)
    category = factory.SelfAttribute("application.category")
    edition = factory.SelfAttribute("application.edition")
    actor = factory.SelfAttribute("application.actor")
    rank = 1
    prize_fr = "10 000 MAD"
