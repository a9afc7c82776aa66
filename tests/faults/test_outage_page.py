"""The 503 "back soon" page: static, translated, and honest with a visitor whose form was not saved."""

import re

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory

from mess_portal.views import server_error

HEADINGS = {"fr": "À très vite", "ar": "نعود قريبًا", "en": "Back soon"}
NOT_SAVED = {
    "fr": "Ce que vous avez envoyé n'a PAS été enregistré.",
    "ar": "ما أرسلتموه لم يُحفَظ.",
    "en": "What you sent has NOT been saved.",
}


@pytest.fixture(autouse=True)
def _outage_urls(settings):
    settings.ROOT_URLCONF = "tests.faults.urls"


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_a_database_outage_answers_the_static_503_page_in_the_page_language(client, lang):
    # No database here (no db fixture): any query, or session read, would fail the test.
    response = client.get(f"/{lang}/panne/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Language"] == lang
    html = response.content.decode()
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in html
    assert len(re.findall(r"<h1[ >]", html)) == 1 and HEADINGS[lang] in html
    assert re.search(r"<title>[^<]+</title>", html)
    assert NOT_SAVED[lang] not in html  # nothing was sent
    assert "<script" not in html and "style=" not in html and "<style" not in html  # strict CSP
    assert "sessionid" not in response.cookies


@pytest.mark.parametrize("path", ["/fr/fermee/", "/fr/perdue/"])
def test_a_closed_or_lost_connection_is_an_outage_too(client, path):
    assert client.get(path).status_code == 503


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_a_form_sent_during_an_outage_is_told_it_was_not_saved_and_gets_its_text_back(client, lang):
    response = client.post(
        f"/{lang}/panne/",
        {
            "description": "Notre coopérative <b>d'argan</b>\nà Chefchaouen",
            "email": "amina@example.org",
            "password": "do-not-echo-me",
            "homepage": "",
        },
    )
    assert response.status_code == 503
    html = response.content.decode()
    assert NOT_SAVED[lang] in html
    assert '<p dir="auto">Notre coopérative &lt;b&gt;d&#x27;argan&lt;/b&gt;<br>à Chefchaouen</p>' in html
    assert "amina@example.org" in html
    assert "do-not-echo-me" not in html


def test_a_bug_is_still_a_500():
    response = Client(raise_request_exception=False).get("/fr/bogue/")
    assert response.status_code == 500


def test_an_outage_met_outside_a_view_gets_the_503_page_from_the_500_handler():
    request = RequestFactory().post("/ar/contact/", {"message": "سؤال"})
    try:
        raise OperationalError("the database system is shutting down")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    assert NOT_SAVED["ar"] in response.content.decode()


def test_the_500_handler_is_unchanged_for_other_errors(rf):
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        response = server_error(rf.get("/fr/"))
    assert response.status_code == 500
