from datetime import timedelta

import factory
from django.utils import timezone

from events.models import Event, Registration, Session
from tests.factories import commune


def in_days(days: float, hour: int = 9):
    """An instant ``days`` from now, rounded to the hour (UTC)."""
    return (timezone.now() + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    kind = Event.Kind.WORKSHOP
    slug = factory.Sequence(lambda n: f"atelier-{n}")
    title_fr = factory.Sequence(lambda n: f"Atelier coopératif {n}")
    title_ar = factory.Sequence(lambda n: f"ورشة تعاونية {n}")
    summary_fr = "Une matinée pour les coopératives de la région."
    status = Event.Status.PUBLISHED
    starts_at = factory.LazyFunction(lambda: in_days(10))
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + timedelta(hours=3))
    commune = factory.LazyFunction(commune)
    venue_fr = "Maison de l'ESS"

    class Params:
        past = factory.Trait(
            starts_at=factory.LazyFunction(lambda: in_days(-30)),
        )
        draft = factory.Trait(status=Event.Status.DRAFT)
        cancelled = factory.Trait(status=Event.Status.CANCELLED)
        registrable = factory.Trait(registration_open=True, capacity=10)

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create and extracted:
            self.partners.set(extracted)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    starts_at = factory.LazyAttribute(lambda s: s.event.starts_at)
    ends_at = factory.LazyAttribute(lambda s: s.event.starts_at + timedelta(hours=1))
    title_fr = factory.Sequence(lambda n: f"Séance {n}")
    speakers = "Fatima Zahra, coopérative Al Amal\nYoussef Benali, MESS"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory, registrable=True)
    name = factory.Sequence(lambda n: f"Participant {n}")
    email = factory.Sequence(lambda n: f"participant{n}@example.org")
    status = Registration.Status.CONFIRMED
    consent_at = factory.LazyFunction(timezone.now)
