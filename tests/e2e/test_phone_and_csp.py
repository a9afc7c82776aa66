"""In a real browser, on the demo content: every public page fits a phone in French and in Arabic,
shows its one heading, and breaks no rule of the strict Content-Security-Policy; nor do the main
admin pages, the directory's import preview among them."""

import re

import pytest
from django.db import connections
from playwright.sync_api import expect

from actors.models import Actor
from actors.resources import ActorResource
from tests.actors.factories import ProposalFactory
from tests.factories import UserFactory
from tests.public_pages import html_pages, seed_demo_site

PHONE = {"width": 390, "height": 844}
# Each violation reaches the page as an event, at the element that broke the rule.
LISTEN_FOR_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = event.target.nodeName ? event.target.nodeName.toLowerCase() : "document";
  window.__csp.push(`${event.violatedDirective} ${event.blockedURI} on <${where}>`);
});
"""
# django-import-export's preview marks what a row changes with <ins style="background:..."> and <del>
# (diff-match-patch's HTML); its own import.css gives them the same colours, so nothing is lost.
IMPORT_PREVIEW_DIFF = re.compile(r"style-src-attr inline on <(ins|del)>")


@pytest.fixture
def demo_site(reference_data):
    # Playwright's event loop makes the ORM open a connection of its own in this thread; closed at the
    # end, or PostgreSQL refuses to drop the test database.
    try:
        yield seed_demo_site(actors=8)
    finally:
        connections.close_all()


def new_page(browser, live_server, *, viewport):
    context = browser.new_context(viewport=viewport, base_url=live_server.url, locale="fr-FR")
    # No network: map tiles fail, as they may for a visitor.
    context.route("https://**/*", lambda route: route.abort())
    context.add_init_script(LISTEN_FOR_CSP)
    page = context.new_page()
    page.set_default_timeout(10_000)
    # Uncaught JavaScript errors are reported with the violations.
    page.js_errors = []
    page.on("pageerror", lambda error: page.js_errors.append(f"JavaScript error: {error}"))
    return page


def csp_violations(page) -> list[str]:
    """The violations of the policy on the page shown, and the JavaScript errors since the last call."""
    errors, page.js_errors = page.js_errors, []
    return page.evaluate("window.__csp") + errors


@pytest.mark.parametrize("language, direction", [("fr", "ltr"), ("ar", "rtl")])
def test_every_public_page_fits_a_phone_and_keeps_the_strict_policy(
    browser, live_server, demo_site, language, direction
):
    page = new_page(browser, live_server, viewport=PHONE)
    problems = []
    for url in html_pages(demo_site, language):
        response = page.goto(url)
        policy = response.headers.get("content-security-policy", "")
        if "style-src 'self'" not in policy or "unsafe-inline" in policy:
            problems.append(f"{url}: policy {policy!r}")
        expect(page.locator("html")).to_have_attribute("dir", direction)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            problems.append(f"{url}: scrolls sideways ({width}px)")
        headings = page.locator("h1")
        if headings.count() != 1 or not headings.first.is_visible():
            problems.append(f"{url}: {headings.count()} <h1>, the first not visible")
        problems += [f"{url}: {violation}" for violation in csp_violations(page)]
    page.context.close()
    assert problems == []


def test_admin_pages_and_the_import_preview_keep_the_strict_policy(browser, live_server, demo_site, tmp_path):
    UserFactory(username="qa-admin", superuser=True)
    actor = Actor.objects.order_by("pk").first()
    proposal = ProposalFactory()
    page = new_page(browser, live_server, viewport={"width": 1280, "height": 900})
    page.goto("/admin/login/")
    page.fill("#id_username", "qa-admin")
    page.fill("#id_password", "password")
    page.locator("input[type=submit]").click()
    expect(page.locator("#user-tools")).to_be_visible()

    problems = []
    for url in [
        "/admin/",
        "/admin/actors/actor/",
        "/admin/actors/actor/?q=coop",
        f"/admin/actors/actor/{actor.pk}/change/",
        "/admin/actors/actor/add/",
        f"/admin/actors/proposal/{proposal.pk}/change/",
        "/admin/support/supportservice/",
        "/admin/support/supportservice/add/",
        "/admin/support/orientationrequest/",
        "/admin/library/document/",
        "/admin/library/document/add/",
        "/admin/library/newsletterissue/add/",
        "/admin/observatory/publications/",
        "/admin/actors/actor/import/",
    ]:
        assert page.goto(url).status == 200, url
        problems += [f"{url}: {violation}" for violation in csp_violations(page)]

    # The import form, up to its preview (a dry run).
    export = tmp_path / "acteurs.csv"
    export.write_text(ActorResource().export(Actor.objects.order_by("pk")[:3]).csv, encoding="utf-8")
    page.set_input_files("#id_import_file", str(export))
    page.select_option("#id_format", label="csv")
    page.locator("input[type=submit]").click()
    expect(page.locator("input[name=import_file_name]")).to_be_attached()
    problems += [
        f"import preview: {violation}"
        for violation in csp_violations(page)
        if not IMPORT_PREVIEW_DIFF.fullmatch(violation)
    ]

    # The export page: its "Select all" toggle works under the policy (allowed by its hash).
    page.goto("/admin/actors/actor/export/")
    fields = page.locator(".selectable-field-export-row input[type=checkbox]")
    expect(fields.first).to_be_checked()
    page.locator("input.select-toggle").uncheck()
    expect(fields.first).not_to_be_checked()
    problems += [f"export: {violation}" for violation in csp_violations(page)]
    page.context.close()
    assert problems == []
