"""A real browser searches a word found only inside a PDF, opens the document and downloads it.

Uses the shared ``browser`` fixture of tests/e2e/conftest.py where it exists, else starts its own;
skipped without Playwright or without Debian's Chromium.
"""

import os
import re
import shutil

import pytest

pytest.importorskip("playwright")

from django.db import connections  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

from library.models import Document  # noqa: E402
from tests.library.factories import DocumentFactory, pdf_bytes  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)),
        reason=f"no Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)",
    ),
]


@pytest.fixture
def library_browser(request):
    """The shared ``browser`` of tests/e2e/conftest.py when there is one, else a browser of our own."""
    try:
        yield request.getfixturevalue("browser")
        return
    except pytest.FixtureLookupError:
        pass
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test are safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def library_page(library_browser, live_server, transactional_db):
    context = library_browser.new_context(base_url=live_server.url, locale="fr-FR", accept_downloads=True)
    context.route("https://**/*", lambda route: route.abort())
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_search_inside_a_pdf_open_the_document_and_download_it(library_page, tmp_path):
    # With Playwright's event loop running in this thread, the ORM opens a connection of its own for
    # the test's body; close it, or PostgreSQL refuses to drop the test database at the end.
    try:
        _search_open_and_download(library_page, tmp_path)
    finally:
        connections.close_all()


def _search_open_and_download(page, tmp_path):
    document = DocumentFactory(
        slug="etude-figues-ouezzane",
        title_fr="Étude des filières fruitières",
        pdf=pdf_bytes(["# Annexe", "Le séchage solaire du figuier de barbarie à Ouezzane."]),
    )
    DocumentFactory(title_fr="Guide sans rapport")

    page.goto("/fr/bibliotheque/")
    expect(page).to_have_title(re.compile("Bibliothèque numérique"))
    page.get_by_role("searchbox", name="Rechercher").fill("figuier")
    page.get_by_role("button", name="Rechercher").click()

    expect(page).to_have_url(re.compile(r"q=figuier"))
    results = page.locator(".document-card")
    expect(results).to_have_count(1)
    expect(results.locator("mark")).to_have_text("figuier")
    results.get_by_role("link", name="Étude des filières fruitières").click()

    expect(page).to_have_url(re.compile(r"/fr/bibliotheque/etude-figues-ouezzane/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Étude des filières fruitières")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Télécharger le PDF")).click()
    download = download_info.value
    assert download.suggested_filename == "etude-figues-ouezzane.pdf"
    saved = tmp_path / "saved.pdf"
    download.save_as(saved)
    assert saved.read_bytes() == document.file.open("rb").read()
    assert saved.read_bytes().startswith(b"%PDF-")
    # Counted once, even if the page's inline viewer also fetched the file.
    assert Document.objects.get(pk=document.pk).download_count == 1
