"""The directory's facet counts are cached (in Redis, shared by every app server): a change to a
structure drops them at once, wherever it was made."""

import re

import pytest

from actors.models import Actor
from tests.actors.factories import ActorFactory
from tests.factories import legal_family

pytestmark = pytest.mark.django_db
URL = "/fr/acteurs/"


def association_count(client) -> int:
    html = client.get(URL).content.decode()
    match = re.search(
        r'value="association" id="id_family_association"><label[^>]*>[^<]*<span[^>]*>\((\d+)\)', html
    )
    return int(match.group(1))


def test_a_new_or_changed_structure_shows_in_the_counts_at_once(client):
    ActorFactory()
    assert association_count(client) == 0
    association = ActorFactory(legal_family=legal_family("association"))
    assert association_count(client) == 1
    association.status = Actor.Status.DRAFT
    association.save()
    assert association_count(client) == 0


def test_a_deleted_structure_leaves_the_counts_at_once(client):
    association = ActorFactory(legal_family=legal_family("association"))
    assert association_count(client) == 1
    association.delete()
    assert association_count(client) == 0
