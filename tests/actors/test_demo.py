import io

import pytest
from django.core.management import call_command

from actors.models import Actor
from mess_portal.models import LegalFamily, Province, Sector
from tests.actors.factories import ActorFactory

pytestmark = pytest.mark.django_db


def test_demo_covers_every_province_family_and_sector_and_is_marked():
    from actors import demo

    demo.seed(actors=120, seed=1)  # the default size
    actors = Actor.objects.all()
    assert actors.count() == 120
    assert not actors.filter(is_demo=False).exists()
    assert set(actors.values_list("legal_family", flat=True)) == set(
        LegalFamily.objects.values_list("pk", flat=True)
    )
    assert set(actors.values_list("commune__province", flat=True)) == set(
        Province.objects.values_list("pk", flat=True)
    )
    assert set(actors.values_list("sectors", flat=True)) >= set(Sector.objects.values_list("pk", flat=True))
    assert all(a.name_ar for a in actors[:20])
    assert actors.published().count() > 90


def test_demo_is_idempotent_and_leaves_real_structures_alone():
    real = ActorFactory(name_fr="Coopérative Réelle")
    call_command("seed_demo", "--actors", "30", stdout=io.StringIO())
    first = sorted(Actor.objects.filter(is_demo=True).values_list("slug", flat=True))
    call_command("seed_demo", "--actors", "30", stdout=io.StringIO())
    assert sorted(Actor.objects.filter(is_demo=True).values_list("slug", flat=True)) == first
    assert Actor.objects.filter(pk=real.pk).exists()
    assert Actor.objects.filter(is_demo=False).count() == 1


def test_demo_structures_are_searchable():
    from actors import demo

    demo.seed(actors=50, seed=3)
    actor = Actor.objects.published().first()
    word = actor.name_fr.split()[-1]
    assert Actor.objects.published().search(word).filter(pk=actor.pk).exists()
