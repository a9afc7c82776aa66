"""The open-data page, before its files exist and once they are built, in French and in Arabic: axe-core
(WCAG 2.2 AA) in the real browser and the Nu HTML checker, as the site-wide sweep does
(tests/e2e/test_accessibility.py, which finds the page through the sitemap and the footer)."""

import json
import subprocess

import pytest
from django.db import connections

from tests.e2e.test_accessibility import AXE, RUN_AXE, VNU, WCAG_AA, _java
from tests.e2e.test_phone_and_csp import PHONE, csp_violations, new_page

URLS = ["/fr/donnees/", "/ar/donnees/"]


@pytest.fixture
def small_site(reference_data):
    from observatory import demo
    from tests.actors.factories import ActorFactory
    from tests.support.factories import SupportServiceFactory

    try:
        demo.seed()
        ActorFactory(name_fr="Coopérative Al Amal", name_ar="تعاونية الأمل")
        SupportServiceFactory()
        yield
    finally:
        connections.close_all()


def test_the_open_data_page_passes_axe_before_and_after_the_build(browser, live_server, small_site):
    from opendata import build
    from opendata.models import PublishedFile

    page = new_page(browser, live_server, viewport=PHONE)
    problems = []
    for state in ("before", "after"):
        if state == "after":
            build.rebuild_all()
        else:
            PublishedFile.objects.all().delete()
        for url in URLS:
            page.goto(url)
            page.evaluate(AXE)
            problems += [f"{state} {url}: {v}" for v in page.evaluate(RUN_AXE, WCAG_AA)]
            problems += csp_violations(page)
    page.context.close()
    assert problems == [], "\n".join(problems)


def test_the_open_data_page_is_valid_html(client, small_site, tmp_path):
    from opendata import build
    from opendata.models import PublishedFile

    java = _java()
    files = []
    for state in ("before", "after"):
        if state == "after":
            build.rebuild_all()
        else:
            PublishedFile.objects.all().delete()
        for url in URLS:
            path = tmp_path / f"{state}-{url.strip('/').replace('/', '-')}.html"
            path.write_bytes(client.get(url).content)
            files.append(path)
    run = subprocess.run(
        [java, "-Xss8m", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    assert [f"{m.get('url')}:{m.get('lastLine')}: {m.get('message')}" for m in messages] == []
