import factory

from actors.models import Actor, Proposal
from tests.factories import commune, legal_family


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor
        skip_postgeneration_save = True

    name_fr = factory.Sequence(lambda n: f"Coopérative Essai {n}")
    legal_family = factory.LazyFunction(legal_family)
    commune = factory.LazyFunction(commune)
    status = Actor.Status.PUBLISHED

    class Params:
        draft = factory.Trait(status=Actor.Status.DRAFT)
        located = factory.Trait(latitude=35.7673, longitude=-5.7998)
        women_majority = factory.Trait(members_total=20, members_women=15)
        with_contact = factory.Trait(phone="+212 6 11 22 33 44", email="contact@example.org")

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create and extracted:
            self.sectors.set(extracted)

    @factory.post_generation
    def labels(self, create, extracted, **kwargs):
        if create and extracted:
            self.labels.set(extracted)


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    kind = Proposal.Kind.NEW
    sender_name = "Fatima Zahra"
    sender_email = "fatima@example.org"
    data = factory.LazyFunction(
        lambda: {
            "name_fr": "Coopérative Al Amal de Tissage",
            "name_ar": "تعاونية الأمل للنسيج",
            "legal_family": "cooperative",
            "commune": "01.511.01.0",
            "address": "12 rue Al Amal",
            "phone": "",
            "email": "",
            "website": "",
            "sectors": ["artisanat"],
            "creation_year": 2015,
            "members_total": 12,
            "members_women": 12,
            "description_fr": "Tissage traditionnel.",
            "description_ar": "",
            "products_fr": "Tapis",
        }
    )
