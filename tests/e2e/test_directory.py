"""The directory in a real browser: a search with filters, the map view, the Arabic directory.

Uses the ``page`` fixture of tests/e2e/conftest.py when it exists (Playwright driving Debian's
Chromium against ``live_server``); the minimal fixtures below stand in for it until then.
"""

import os
import re
import shutil

import pytest

pytest.importorskip("playwright")

from actors.models import Actor  # noqa: E402
from tests.actors.factories import ActorFactory  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)), reason=f"no Chromium at {CHROMIUM}"
)

if not os.path.exists(os.path.join(os.path.dirname(__file__), "conftest.py")):

    @pytest.fixture(scope="module")
    def browser():
        os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
            )
            yield browser
            browser.close()

    @pytest.fixture
    def page(browser, live_server, reference_data):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
        # No network: map tiles fail, as they may for a visitor.
        context.route("https://**/*", lambda route: route.abort())
        page = context.new_page()
        page.set_default_timeout(10_000)
        yield page
        context.close()


@pytest.fixture
def directory(reference_data):
    from tests.factories import commune, legal_family, sector

    return [
        ActorFactory(
            name_fr="Coopérative Miel du Rif",
            name_ar="تعاونية عسل الريف",
            sectors=[sector("apiculture")],
            located=True,
            members_total=10,
            members_women=8,
        ),
        ActorFactory(
            name_fr="Coopérative Miel de Chefchaouen",
            name_ar="تعاونية عسل شفشاون",
            commune=commune("01.151.01.01"),
            sectors=[sector("apiculture")],
            latitude=35.17,
            longitude=-5.27,
        ),
        ActorFactory(
            name_fr="Association Culture Tanger",
            name_ar="جمعية الثقافة طنجة",
            legal_family=legal_family("association"),
            sectors=[sector("culture")],
        ),
    ]


def result_names(page):
    return page.locator(".actor-card h2 a").all_inner_texts()


def test_search_with_filters_chips_and_shareable_url(page, live_server, directory):
    page.goto(f"{live_server.url}/fr/acteurs/")
    assert page.locator("#result-count").inner_text() == "3 structures"
    page.fill("#id_q", "miel")
    page.click("button:has-text('Rechercher')")
    page.wait_for_url(re.compile(r"q=miel"))
    assert sorted(result_names(page)) == ["Coopérative Miel de Chefchaouen", "Coopérative Miel du Rif"]
    # Ticking a province filters at once (no "Apply" needed with JavaScript).
    page.check("#id_province_chefchaouen")
    page.wait_for_url(re.compile(r"province=chefchaouen"))
    assert result_names(page) == ["Coopérative Miel de Chefchaouen"]
    assert "founded_from=" not in page.url  # empty fields stay out of the shared URL
    chip = page.locator(".chip", has_text="Chefchaouen")
    assert chip.is_visible()
    shared_url = page.url
    chip.click()
    page.wait_for_url(lambda url: "province" not in url)
    assert len(result_names(page)) == 2
    # The bookmarked URL gives the same result in a new visit.
    page.goto(shared_url)
    assert result_names(page) == ["Coopérative Miel de Chefchaouen"]
    assert page.locator("#id_province_chefchaouen").is_checked()


def test_map_view_shows_the_filtered_set_and_the_list_without_tiles(page, live_server, directory):
    page.goto(f"{live_server.url}/fr/acteurs/?sector=apiculture&view=map")
    page.wait_for_selector("#actors-map[data-markers]")
    assert page.locator("#actors-map").get_attribute("data-markers") == "2"
    assert page.locator(".leaflet-marker-icon").count() >= 1
    # Tiles cannot load here: a note says so and the list is still there to browse.
    page.wait_for_selector("#actors-map-tiles-note:not([hidden])")
    assert sorted(result_names(page)) == ["Coopérative Miel de Chefchaouen", "Coopérative Miel du Rif"]
    page.click("a.nav-link:has-text('Liste')")
    page.wait_for_url(lambda url: "view=map" not in url)
    assert "sector=apiculture" in page.url


def test_arabic_directory(page, live_server, directory):
    page.goto(f"{live_server.url}/ar/acteurs/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "دليل" in page.title()
    assert "تعاونية عسل الريف" in result_names(page)
    # Written without the ta marbuta, as people often type it.
    page.fill("#id_q", "تعاونيه عسل")
    page.press("#id_q", "Enter")
    page.wait_for_url(re.compile(r"q="))
    assert sorted(result_names(page)) == sorted(["تعاونية عسل الريف", "تعاونية عسل شفشاون"])
    page.click("text=تعاونية عسل الريف")
    page.wait_for_url(re.compile(r"/ar/acteurs/cooperative-miel-du-rif/"))
    assert page.locator("h1").inner_text().startswith("تعاونية عسل الريف")
    assert Actor.objects.count() == 3
