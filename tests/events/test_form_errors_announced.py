"""The public forms of the events (registration) and of the contest (application, correction through the
signed link) announce their errors in the three languages."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from events import contest_services as services
from tests.actors.factories import ActorFactory
from tests.events.contest_factories import ApplicationFactory, ContestCategoryFactory, ContestEditionFactory
from tests.events.factories import EventFactory
from tests.events.test_contest_apply import png_upload, valid_data
from tests.form_errors import assert_errors_announced

pytestmark = pytest.mark.django_db

LANGUAGES = ["fr", "ar", "en"]


@pytest.fixture
def category():
    edition = ContestEditionFactory(year=2026)
    return ContestCategoryFactory(edition=edition, name_fr="Meilleure coopérative", name_ar="أفضل تعاونية")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_registration_errors_are_announced(client, language):
    event = EventFactory(registrable=True)
    with translation.override(language):
        url = reverse("events:register", args=[event.slug])
    data = {"name": "", "email": "pas-un-mail", "phone": "12", "actor": "inconnue", "consent": ""}
    response = client.post(url, data)
    assert response.status_code == 400
    summary = assert_errors_announced(
        response.content.decode(), language=language, fields={"name", "email", "phone", "actor", "consent"}
    )
    assert summary["links"] == ["id_name", "id_email", "id_phone", "id_actor", "id_consent"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_application_errors_are_announced(client, category, language):
    ActorFactory(name_fr="Coopérative Tissage Chefchaouen")
    data = valid_data(category, category="", contact_email="pas-un-mail", members_women="30", consent=None)
    response = client.post(f"/{language}/concours/2026/candidater/", {**data, "attachments": [png_upload()]})
    assert response.status_code == 400
    summary = assert_errors_announced(
        response.content.decode(),
        language=language,
        fields={"category", "members_women", "contact_email", "consent"},
    )
    assert summary["links"][0] == "id_category_0"
    with translation.override(language):
        assert (
            gettext("Attach your files again: a browser does not keep them when the form comes back.")
            in summary["text"]
        )


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_new_structures_errors_are_in_the_same_summary(client, category, language):
    data = valid_data(category, structure_query="", is_new_structure="on")
    response = client.post(f"/{language}/concours/2026/candidater/", data)
    assert response.status_code == 400
    with translation.override(language):
        message = gettext("Complete the description of your structure.")
    summary = assert_errors_announced(
        response.content.decode(),
        language=language,
        fields={"new-name_fr", "new-legal_family", "new-commune"},
        messages=[message],
    )
    assert summary["links"] == ["id_new-name_fr", "id_new-legal_family", "id_new-commune"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_structure_not_found_links_to_the_search_box(client, category, language):
    response = client.post(
        f"/{language}/concours/2026/candidater/", valid_data(category, structure_query="Zzzz")
    )
    assert response.status_code == 400
    summary = assert_errors_announced(
        response.content.decode(), language=language, fields={"structure_query"}
    )
    assert summary["links"] == ["id_structure_query"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_correction_errors_are_announced(client, category, language):
    application = ApplicationFactory(category=category)
    url = f"/{language}/concours/candidature/{services.edit_token(application)}/"
    data = {"category": "", "presentation": "Présentation.", "contact_name": "", "contact_email": "x"}
    response = client.post(url, data)
    assert response.status_code in (200, 400)
    assert_errors_announced(
        response.content.decode(), language=language, fields={"category", "contact_name", "contact_email"}
    )
