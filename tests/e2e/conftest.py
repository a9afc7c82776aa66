"""Real-browser tests: Playwright for Python driving Debian's Chromium (never a downloaded browser).

They are skipped with a reason on a machine without /usr/bin/chromium or without Playwright, except
under CI (CI=true), where a missing browser is an error: CI must run them.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _unavailable_reason():
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[test]')"
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _unavailable_reason()
    for item in items:
        if "tests/e2e/" not in str(item.fspath).replace(os.sep, "/"):
            continue
        item.add_marker(pytest.mark.e2e)
        if reason:
            if IN_CI:
                raise pytest.UsageError(f"Real-browser tests must run in CI, but: {reason}")
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def _playwright():
    # Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run in a thread
    # with an event loop unless told that it is safe, which it is for the test's own thread here.
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            yield playwright
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(_playwright):
    browser = _playwright.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    )
    yield browser
    browser.close()


@pytest.fixture
def page(browser, live_server, reference_data, request):
    """A fresh browser page on a phone-or-desktop viewport; map tiles are blocked (there is no network)."""
    viewport = getattr(request, "param", {"width": 1280, "height": 900})
    context = browser.new_context(viewport=viewport, base_url=live_server.url, locale="fr-FR")
    context.route("https://**/*", lambda route: route.abort())
    context.route("http://*.openstreetmap.org/**", lambda route: route.abort())
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def reference_data(transactional_db):
    """live_server tests run in transactions that flush the tables: load the territories again."""
    from mess_portal.reference import load_all
    from support.reference import load_all as load_support_lists

    load_all()
    load_support_lists()
