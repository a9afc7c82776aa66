"""Factories shared by every app's tests. Territories are real (loaded by migrate): pick, don't invent."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from mess_portal.groups import group_name
from mess_portal.models import Commune, LegalFamily, Province, Sector


def commune(code: str = "01.511.01.0") -> Commune:
    """A real commune of the region (default: Tanger)."""
    return Commune.objects.select_related("province").get(code=code)


def province(code: str = "01.511") -> Province:
    return Province.objects.get(code=code)


def legal_family(slug: str = "cooperative") -> LegalFamily:
    return LegalFamily.objects.get(slug=slug)


def sector(slug: str = "agriculture") -> Sector:
    return Sector.objects.get(slug=slug)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("password")

    class Params:
        superuser = factory.Trait(is_staff=True, is_superuser=True)

    @factory.post_generation
    def teams(self, create, extracted, **kwargs):
        """UserFactory(teams=["reception"]) makes a staff member of those teams."""
        if not create or not extracted:
            return
        self.is_staff = True
        self.save()
        for key in extracted:
            self.groups.add(Group.objects.get(name=group_name(key)))
