"""Applying to the regional contest in a real browser: in French on a desktop with an attachment, and
in Arabic on a phone for a structure that is not in the directory yet."""

import re

from django.core import mail
from playwright.sync_api import Page, expect

from actors.models import Proposal
from events.models import Application
from mess_portal.pdf import build_pdf
from tests.actors.factories import ActorFactory
from tests.events.contest_factories import ContestCategoryFactory, ContestEditionFactory


def _edition():
    edition = ContestEditionFactory(
        year=2026, theme_fr="L'ESS et l'emploi local", theme_ar="الاقتصاد التضامني والتشغيل"
    )
    ContestCategoryFactory(
        edition=edition, name_fr="Meilleure coopérative", name_ar="أفضل تعاونية", position=0
    )
    ContestCategoryFactory(
        edition=edition, name_fr="Initiative féminine", name_ar="مبادرة نسائية", position=1
    )
    return edition


def test_a_cooperative_applies_with_a_pdf_and_corrects_its_application(page: Page, tmp_path):
    _edition()
    actor = ActorFactory(name_fr="Coopérative Nour Tissage")
    rules = tmp_path / "statuts.pdf"
    rules.write_bytes(build_pdf([["# Statuts", "Coopérative Nour Tissage"]], title="Statuts"))

    page.goto("/fr/")
    page.get_by_role("link", name="À propos du concours").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Concours régional")
    page.get_by_role("link", name="Candidater en ligne").first.click()
    expect(page).to_have_url(re.compile(r"/fr/concours/2026/candidater/$"))

    page.get_by_label("Votre structure dans l'annuaire").fill("Nour Tissage")
    page.get_by_role("button", name="Chercher dans l'annuaire").click()
    expect(page.get_by_label("Coopérative Nour Tissage")).to_be_checked()
    page.get_by_label("Initiative féminine").check()
    page.get_by_label("Présentation de l'initiative").fill(
        "Douze tisserandes de Chefchaouen vendent leurs tapis en ligne."
    )
    page.get_by_label("Membres", exact=True).fill("12")
    page.get_by_label("Personne à contacter").fill("Nour El Houda")
    page.get_by_label("E-mail de contact").fill("nour@example.org")
    page.get_by_label("Pièces jointes (PDF ou images)").set_input_files(str(rules))
    page.get_by_label("J'accepte que la MESS").check()
    page.get_by_role("button", name="Envoyer ma candidature").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Candidature reçue")
    expect(page.locator("main")).to_contain_text("CR-2026-0001")
    application = Application.objects.get()
    assert application.actor == actor
    assert application.attachments.get().kind == "pdf"

    link = re.search(r"http://\S+/fr/concours/candidature/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.get_by_label("Présentation de l'initiative").fill(
        "Douze tisserandes, et désormais trois apprenties."
    )
    page.get_by_role("button", name="Enregistrer mes modifications").click()
    expect(page.get_by_role("status")).to_contain_text("Vos modifications sont enregistrées")
    application.refresh_from_db()
    assert "apprenties" in application.presentation


def test_a_new_structure_applies_in_arabic_on_a_phone(browser, live_server, reference_data):
    _edition()
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, base_url=live_server.url, locale="ar-MA"
    )
    context.route("https://**/*", lambda route: route.abort())
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto("/ar/concours/2026/candidater/")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, "the form must not scroll sideways on a phone"

        page.get_by_label("هيئتي ليست في الدليل بعد").check()
        page.locator("summary").click()
        page.locator("#id_new-name_fr").fill("Association Jeunes Pêcheurs de M'diq")
        page.locator("#id_new-legal_family").select_option("association")
        page.locator("#id_new-commune").select_option("01.511.01.0")
        page.get_by_label("أفضل تعاونية").check()
        page.locator("#id_presentation").fill("شباب الصيادين ينظمون سوقا للسمك الطري.")
        page.locator("#id_contact_name").fill("يوسف")
        page.locator("#id_contact_email").fill("youssef@example.org")
        page.locator("#id_consent").check()
        page.get_by_role("button", name="إرسال ترشيحي").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("تم استلام الترشيح")
        application = Application.objects.get()
        assert application.language == "ar"
        assert application.proposal == Proposal.objects.get(kind=Proposal.Kind.NEW)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


def test_the_contest_admin_keeps_the_strict_policy(browser, live_server, reference_data):
    from django.db import connections

    from events.models import ContestEdition
    from tests.e2e.test_phone_and_csp import csp_violations, new_page
    from tests.factories import UserFactory
    from tests.public_pages import seed_demo_site

    try:
        seed_demo_site(actors=8)
        UserFactory(username="qa-contest", superuser=True)
        past = ContestEdition.objects.order_by("year").first()
        application = past.applications.order_by("pk").first()
        page = new_page(browser, live_server, viewport={"width": 1280, "height": 900})
        page.goto("/admin/login/")
        page.fill("#id_username", "qa-contest")
        page.fill("#id_password", "password")
        page.locator("input[type=submit]").click()
        problems = []
        for url in [
            "/admin/events/contestedition/",
            f"/admin/events/contestedition/{past.pk}/change/",
            f"/admin/events/contestedition/{past.pk}/results/",
            "/admin/events/application/",
            f"/admin/events/application/{application.pk}/change/",
            f"/admin/events/application/{application.pk}/score/",
            "/admin/events/conflictofinterest/add/",
            "/admin/events/laureate/",
        ]:
            assert page.goto(url).status == 200, url
            problems += [f"{url}: {violation}" for violation in csp_violations(page)]
        page.context.close()
        assert problems == []
    finally:
        connections.close_all()
