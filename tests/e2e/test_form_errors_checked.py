"""Every public form sent back with errors, as served in French and Arabic: the Nu HTML checker finds no
error in it (aria-describedby naming ids that exist, no id twice...) and axe-core, in the browser at phone
width, no WCAG 2.2 AA violation (the sweep of tests/e2e/test_accessibility.py only sees the forms empty)."""

import json
import subprocess

import pytest
from django.test import Client
from django.utils import translation

from tests.e2e.test_accessibility import AXE, RUN_AXE, VNU, WCAG_AA, _java
from tests.e2e.test_phone_and_csp import PHONE, demo_site, new_page  # noqa: F401
from tests.public_pages import public_urls

LANGUAGES = ["fr", "ar"]

# Each public form, with data that it refuses.
FORMS = {
    "support:orientation": {"message": "court", "phone": "12"},
    "actors:propose": {
        "name_fr": "",
        "commune": "99.999",
        "sender_email": "x",
        "members_total": "1",
        "members_women": "3",
    },
    "actors:correct": {"name_fr": "Coopérative", "sectors": ["nope"], "sender_email": "x"},
    "library:newsletter_subscribe": {"email": "not-an-address", "language": "xx"},
    "events:register": {"name": "", "email": "x", "phone": "12", "actor": "inconnue"},
    "events:contest_apply": {"structure_query": "", "is_new_structure": "on", "contact_email": "x"},
    "events:contest_application_edit": {"category": "", "contact_name": "", "contact_email": "x"},
}


def refused_forms(site, language):
    client = Client()
    pages = {}
    for name, data in FORMS.items():
        with translation.override(language):
            url = public_urls(site)[name]
        response = client.post(url, data)
        assert response.status_code in (200, 400), (url, response.status_code)
        html = response.content.decode()
        assert "data-error-summary" in html, url
        pages[url] = html
    return pages


def test_the_nu_html_checker_finds_no_error_in_the_forms_sent_back(demo_site, tmp_path):  # noqa: F811
    java = _java()
    files = {}
    for language in LANGUAGES:
        for url, html in refused_forms(demo_site, language).items():
            path = tmp_path / f"form{len(files):03d}.html"
            path.write_text(html, encoding="utf-8")
            files[str(path)] = f"{language} {url}"
    run = subprocess.run(
        [java, "-Xss8m", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    problems = [f"{m.get('url')}:{m.get('lastLine', '?')}: {m.get('message')}" for m in messages]
    assert problems == [], "\n".join(problems)


def serving(html):
    return lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8")


@pytest.mark.parametrize("language", LANGUAGES)
def test_axe_finds_no_violation_in_the_forms_sent_back(browser, live_server, demo_site, language):  # noqa: F811
    page = new_page(browser, live_server, viewport=PHONE)
    problems = []
    for url, html in refused_forms(demo_site, language).items():
        # The page as the server sent it back, shown at its own address (for its styles and scripts).
        page.route(live_server.url + url, serving(html))
        page.goto(url)
        page.wait_for_selector("[data-error-summary]")
        assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')"), url
        page.evaluate(AXE)
        problems += [f"{url}: {violation}" for violation in page.evaluate(RUN_AXE, WCAG_AA)]
        page.unroute(live_server.url + url)
    page.context.close()
    assert problems == [], "\n".join(problems)
