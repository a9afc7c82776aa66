"""In a real browser on a phone: the 503 page of a database outage fits, in French and in Arabic, keeps the
strict policy, and tells a visitor who had just sent a form that it was NOT saved, with their text."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_phone_and_csp import PHONE, csp_violations, new_page

LONG_TEXT = "Coopérative féminine d'argan de Chefchaouen " * 8 + "https://example.org/" + "x" * 120


@pytest.fixture(autouse=True)
def _outage_urls(settings):
    # Views that meet a database outage (tests/faults/urls.py); no database fixture: none is touched.
    settings.ROOT_URLCONF = "tests.faults.urls"


@pytest.mark.parametrize(("language", "direction"), [("fr", "ltr"), ("ar", "rtl")])
def test_a_form_sent_during_an_outage_is_told_on_a_phone_that_it_was_not_saved(
    browser, live_server, language, direction
):
    page = new_page(browser, live_server, viewport=PHONE)
    page.goto(f"/{language}/formulaire/")
    page.get_by_label("Description").fill(LONG_TEXT)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Envoyer").click()
    assert navigation.value.status == 503
    expect(page.locator("html")).to_have_attribute("dir", direction)
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator(".outage-not-saved")).to_be_visible()
    expect(page.locator(".outage-copy")).to_contain_text("https://example.org/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert csp_violations(page) == []
    page.context.close()
