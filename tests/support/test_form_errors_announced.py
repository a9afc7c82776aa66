"""The orientation form's errors are announced: a summary at the top links to each field in error, and
each field in error is aria-invalid and described by its message, in the three languages."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.form_errors import assert_errors_announced, parse


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_errors_are_summarised_and_tied_to_their_fields(client, reference_data, language):
    with translation.override(language):
        url = reverse("support:orientation")
    response = client.post(url, {"message": "court", "phone": "12"})
    assert response.status_code == 400
    summary = assert_errors_announced(
        response.content.decode(),
        language=language,
        fields={"requester_kind", "name", "phone", "message", "consent"},
    )
    assert summary["links"][0] == "id_requester_kind_0"  # the first radio button of the group
    with translation.override(language):
        assert gettext("We need your agreement to answer you.") in summary["text"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_an_error_of_the_whole_form_is_in_the_summary(client, reference_data, language):
    with translation.override(language):
        url = reverse("support:orientation")
        message = gettext("Give us an e-mail address or a phone number so that we can answer.")
    data = {
        "requester_kind": "project_holder",
        "name": "Salma Akhrif",
        "message": "Je voudrais créer une coopérative de tissage à Chefchaouen.",
        "consent": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    summary = assert_errors_announced(
        response.content.decode(), language=language, fields=set(), messages=[message]
    )
    assert summary["links"] == []


@pytest.mark.django_db
def test_without_errors_no_summary_and_help_texts_keep_their_ids(client, reference_data):
    page = parse(client.get(reverse("support:orientation")).content.decode())
    assert page.summaries == []
    assert not [attrs for _tag, attrs in page.elements if attrs.get("aria-invalid")]
    email = next(attrs for _tag, attrs in page.elements if attrs.get("id") == "id_email")
    assert email["aria-describedby"] == "id_email_helptext" and "id_email_helptext" in page.ids
