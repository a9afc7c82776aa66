"""The API's documentation page: the Nu HTML checker, and in the real browser axe-core (WCAG 2.2 AA) at phone width, in French,
Arabic and English, under the strict Content-Security-Policy. (The site-wide sweep of
test_accessibility.py finds the page too, through the footer and the sitemap.)"""

import json
import subprocess

import pytest

from tests.e2e.test_accessibility import AXE, RUN_AXE, VNU, WCAG_AA, _java
from tests.e2e.test_phone_and_csp import PHONE, csp_violations, new_page


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_api_page_passes_axe_in_every_language(browser, live_server, reference_data):
    page = new_page(browser, live_server, viewport=PHONE)
    problems = []
    for language in ("fr", "ar", "en"):
        page.goto(f"/{language}/api/")
        page.evaluate(AXE)
        problems += [f"{language}: {violation}" for violation in page.evaluate(RUN_AXE, WCAG_AA)]
        problems += csp_violations(page)
        # Nothing wider than the phone's screen but the scrollable examples themselves.
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            problems.append(f"{language}: the page is {width}px wide")
    page.context.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.django_db
def test_the_api_page_is_valid_html(client, reference_data, tmp_path):
    java = _java()
    paths = []
    for language in ("fr", "ar", "en"):
        path = tmp_path / f"api-{language}.html"
        path.write_bytes(client.get(f"/{language}/api/").content)
        paths.append(str(path))
    run = subprocess.run(
        [java, "-Xss8m", "-jar", str(VNU), "--errors-only", "--format", "json", *paths],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    assert [f"{m.get('url')}:{m.get('lastLine')}: {m.get('message')}" for m in messages] == []
