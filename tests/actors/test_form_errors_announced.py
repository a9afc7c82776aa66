"""Propose a structure, suggest a correction: errors announced in the three languages (a summary at the
top linking to the fields, each field in error aria-invalid and described by its message)."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tests.actors.factories import ActorFactory
from tests.actors.test_proposals import FORM
from tests.form_errors import assert_errors_announced

pytestmark = pytest.mark.django_db

LANGUAGES = ["fr", "ar", "en"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_proposal_forms_errors_are_announced(client, language):
    data = {**FORM, "name_fr": "", "commune": "99.999", "members_women": "30", "sender_email": "pas-un-mail"}
    response = client.post(f"/{language}/acteurs/proposer/", data)
    assert response.status_code == 200
    summary = assert_errors_announced(
        response.content.decode(),
        language=language,
        fields={"name_fr", "commune", "members_women", "sender_email"},
    )
    assert summary["links"] == ["id_name_fr", "id_commune", "id_members_women", "id_sender_email"]
    with translation.override(language):
        assert gettext("Women members cannot outnumber all members.") in summary["text"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_correction_forms_errors_are_announced(client, language):
    actor = ActorFactory()
    data = {**FORM, "sectors": ["no-such-sector"]}  # and no message, which a correction needs
    response = client.post(f"/{language}/acteurs/{actor.slug}/corriger/", data)
    assert response.status_code == 200
    summary = assert_errors_announced(
        response.content.decode(), language=language, fields={"sectors", "message"}
    )
    assert summary["links"] == ["id_sectors_0", "id_message"]  # a group of boxes: its first one


def test_a_valid_page_has_no_summary_and_no_invalid_field(client):
    html = client.get("/fr/acteurs/proposer/").content.decode()
    assert "data-error-summary" not in html and "aria-invalid" not in html
