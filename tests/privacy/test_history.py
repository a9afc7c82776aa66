"""Who changed what on the public records: each admin keeps a history, with the staff member's name."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from observatory.models import Indicator, Observation
from privacy.models import HISTORY_MODELS
from tests.actors.factories import ActorFactory
from tests.admin_forms import change_form_data
from tests.events.contest_factories import ContestEditionFactory
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.library.factories import DocumentFactory
from tests.support.factories import SupportServiceFactory

pytestmark = pytest.mark.django_db

# The record, the field the test changes, and its new value.
RECORDS = {
    "actors.Actor": (ActorFactory, "name_fr", "Coopérative renommée"),
    "support.SupportService": (SupportServiceFactory, "name_fr", "Service renommé"),
    "library.Document": (DocumentFactory, "title_fr", "Étude renommée"),
    "events.Event": (EventFactory, "title_fr", "Atelier renommé"),
    "events.ContestEdition": (lambda: ContestEditionFactory(year=2031), "theme_fr", "Thème renommé"),
    "observatory.Indicator": (lambda: indicator(), "name_fr", "Coopératives renommées"),
    "observatory.Observation": (
        lambda: Observation.objects.create(
            indicator=indicator(), territory_code="01.511", year=2024, value=412
        ),
        "value",
        Decimal("413.0000"),
    ),
}


def indicator():
    return Indicator.objects.create(
        code="cooperatives", name_fr="Coopératives", unit_fr="nombre", source="ODCO"
    )


def test_every_public_record_has_a_history_in_its_admin():
    assert {model._meta.label for model in HISTORY_MODELS} == set(RECORDS)
    for model in HISTORY_MODELS:
        assert isinstance(admin.site._registry[model], SimpleHistoryAdmin), model


@pytest.mark.parametrize("label", sorted(RECORDS))
def test_an_edit_in_the_admin_is_recorded_with_who_made_it(client, reference_data, label):
    factory, field, new_value = RECORDS[label]
    record = factory()
    editor = UserFactory(superuser=True, username="amina.editor")
    client.force_login(editor)
    opts = record._meta
    change_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
    page = client.get(change_url)
    assert page.status_code == 200
    response = client.post(change_url, change_form_data(page, **{field: new_value}))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""

    latest = record.history.latest()
    assert latest.history_type == "~"
    assert latest.history_user == editor
    assert getattr(latest, field) == new_value
    # (The factories' instants have microseconds the admin's widgets round off: those change too.)
    assert field in latest.diff_against(latest.prev_record).changed_fields
    assert getattr(latest.prev_record, field) != new_value

    history = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[record.pk]))
    assert history.status_code == 200
    assert "amina.editor" in history.content.decode()


def test_the_history_page_is_for_staff_who_may_see_the_record(client, reference_data):
    actor = ActorFactory()
    url = reverse("admin:actors_actor_history", args=[actor.pk])
    client.force_login(UserFactory(teams=["library"]))
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(teams=["directory"]))
    assert client.get(url).status_code == 200
