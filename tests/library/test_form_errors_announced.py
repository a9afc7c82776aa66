"""The newsletter's subscription form announces its errors in the three languages."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.form_errors import assert_errors_announced, parse

pytestmark = pytest.mark.django_db

LANGUAGES = ["fr", "ar", "en"]


def subscribe_url(language):
    with translation.override(language):
        return reverse("library:newsletter_subscribe")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_subscription_errors_are_announced(client, language):
    response = client.post(subscribe_url(language), {"email": "not-an-address", "language": "xx"})
    assert response.status_code == 400
    summary = assert_errors_announced(
        response.content.decode(), language=language, fields={"email", "language"}
    )
    assert summary["links"] == ["subscribe-email", "subscribe-language"]
    assert summary["attrs"]["id"] == "subscribe-errors"
    assert "<title>" in response.content.decode()
    with translation.override(language):
        assert f"<title>{gettext('Error')} · " in response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_rate_limit_is_announced_in_the_summary(client, language, monkeypatch):
    monkeypatch.setattr("library.views.SUBSCRIBE_LIMIT_PER_HOUR", 0)
    response = client.post(subscribe_url(language), {"email": "a@example.org", "language": "fr"})
    assert response.status_code == 429
    with translation.override(language):
        message = gettext("Too many requests from your connection. Try again in an hour.")
    assert_errors_announced(response.content.decode(), language=language, fields=set(), messages=[message])


def test_the_catalogue_and_the_subscription_form_share_no_id(client):
    with translation.override("fr"):
        url = reverse("library:index")
    page = parse(client.get(url).content.decode())
    assert not {id_ for id_, count in page.ids.items() if count > 1}
    assert "subscribe-email" in page.ids and "subscribe-language" in page.ids
