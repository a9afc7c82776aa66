"""Applications sent at the same moment get distinct numbers (the edition's row is locked)."""

import threading

import pytest
from django.db import connection, connections

from events import contest_services as services
from events.models import Application
from tests.actors.factories import ActorFactory
from tests.events.contest_factories import ContestCategoryFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only"),
]


def test_simultaneous_applications_get_distinct_numbers(reference_data):
    category = ContestCategoryFactory()
    actors = [ActorFactory() for _ in range(6)]
    barrier = threading.Barrier(len(actors))
    errors = []

    def apply(actor):
        try:
            barrier.wait()
            services.application_create(
                edition=category.edition,
                data={
                    "category": category,
                    "presentation": "x",
                    "contact_name": "a",
                    "contact_email": "a@example.org",
                },
                actor=actor,
                new_structure=None,
                files=[],
                language="fr",
            )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=apply, args=(actor,)) for actor in actors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(Application.objects.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]
