import factory

from support.models import (
    AccessMode,
    Need,
    OrientationRequest,
    ProjectStage,
    Public,
    SupportKind,
    SupportService,
)
from tests.actors.factories import ActorFactory
from tests.factories import commune, legal_family


def kind(slug="accompagnement"):
    return SupportKind.objects.get(slug=slug)


def need(slug="financement"):
    return Need.objects.get(slug=slug)


def stage(slug="idee"):
    return ProjectStage.objects.get(slug=slug)


def public(slug="femmes"):
    return Public.objects.get(slug=slug)


def access_mode(slug="telephoner"):
    return AccessMode.objects.get(slug=slug)


class ProviderFactory(ActorFactory):
    """An organisation of the directory that offers support."""

    name_fr = factory.Sequence(lambda n: f"Organisme d'appui {n}")
    name_ar = factory.Sequence(lambda n: f"هيئة الدعم {n}")
    legal_family = factory.LazyFunction(lambda: legal_family("association"))
    phone = "+212 5 39 11 22 33"
    email = factory.Sequence(lambda n: f"appui{n}@example.org")


class SupportServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportService
        skip_postgeneration_save = True

    provider = factory.SubFactory(ProviderFactory)
    name_fr = factory.Sequence(lambda n: f"Service d'appui {n}")
    name_ar = factory.Sequence(lambda n: f"خدمة الدعم {n}")
    description_fr = "Un service pour aider les porteurs de projet à avancer."

    @factory.post_generation
    def kinds(self, create, extracted, **kwargs):
        if create:
            self.kinds.set(extracted if extracted is not None else [kind()])

    @factory.post_generation
    def needs(self, create, extracted, **kwargs):
        if create:
            self.needs.set(extracted if extracted is not None else [need()])

    @factory.post_generation
    def stages(self, create, extracted, **kwargs):
        if create and extracted:
            self.stages.set(extracted)

    @factory.post_generation
    def publics(self, create, extracted, **kwargs):
        if create and extracted:
            self.publics.set(extracted)

    @factory.post_generation
    def provinces(self, create, extracted, **kwargs):
        if create and extracted:
            self.region_wide = False
            self.save(update_fields=["region_wide"])
            self.eligible_provinces.set(extracted)

    @factory.post_generation
    def communes(self, create, extracted, **kwargs):
        if create and extracted:
            self.region_wide = False
            self.save(update_fields=["region_wide"])
            self.eligible_communes.set(extracted)


class OrientationRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrientationRequest

    requester_kind = OrientationRequest.RequesterKind.PROJECT_HOLDER
    name = "Fatima Zahra El Idrissi"
    email = "fatima@example.org"
    phone = "0612345678"
    commune = factory.LazyFunction(commune)
    message = "Je voudrais créer une coopérative de couscous avec des voisines."
    consent = True
