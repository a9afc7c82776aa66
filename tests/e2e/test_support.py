import re

from playwright.sync_api import Page, expect

from support.models import OrientationRequest
from tests.factories import province
from tests.support.factories import SupportServiceFactory, need, stage


def test_a_project_holder_walks_from_the_guided_search_to_the_orientation_form(page: Page):
    SupportServiceFactory(
        name_fr="Permanence création",
        stages=[stage("idee")],
        needs=[need("creer-structure")],
        provinces=[province("01.511")],
    )
    SupportServiceFactory(
        name_fr="Atelier Al Hoceïma",
        stages=[stage("idee")],
        needs=[need("creer-structure")],
        provinces=[province("01.051")],
    )

    page.goto("/fr/accompagnement/")
    page.get_by_label("J'en suis à cette étape").select_option("idee")
    page.get_by_label("J'ai besoin de").select_option("creer-structure")
    page.get_by_label("Je suis dans cette commune").select_option("tanger")
    page.get_by_role("button", name="Afficher les services").click()

    cards = page.locator(".service-card")
    expect(cards).to_have_count(2)
    expect(cards.first).to_contain_text("Permanence création")  # eligible in Tanger: first
    expect(cards.nth(1)).to_contain_text("Non proposé dans votre commune")

    page.get_by_role("link", name="Demander une orientation à la MESS").click()
    expect(page).to_have_url(re.compile(r"/fr/orientation/\?stage=idee&need=creer-structure&commune=tanger"))
    expect(page.get_by_label("Où en est votre projet")).to_have_value("idee")
    expect(page.get_by_label("Votre commune")).to_have_value("tanger")

    page.get_by_label("un porteur ou une porteuse de projet").check()
    page.get_by_label("Votre nom").fill("Salma Bennani")
    page.get_by_label("E-mail", exact=True).fill("salma@example.org")
    page.get_by_label("Parlez-nous de votre projet ou de votre question").fill(
        "Nous sommes six femmes de Tanger et voulons créer une coopérative de couture."
    )
    page.get_by_label("J'accepte que la MESS").check()
    page.get_by_role("button", name="Envoyer ma demande").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Merci")
    request = OrientationRequest.objects.get()
    expect(page.locator("main")).to_contain_text(request.reference)
    assert (request.stage.slug, request.need.slug, request.commune.slug) == (
        "idee",
        "creer-structure",
        "tanger",
    )


def test_the_catalogue_in_arabic_on_a_phone(browser, live_server, reference_data):
    SupportServiceFactory(name_fr="Prêt solidaire", name_ar="قرض تضامني")
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
    page = context.new_page()
    page.goto("/ar/accompagnement/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator(".service-card")).to_contain_text("قرض تضامني")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page must not scroll sideways on a phone"
    context.close()
