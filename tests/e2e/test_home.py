import re

from playwright.sync_api import Page, expect


def test_home_in_french_then_switch_to_arabic_on_the_same_page(page: Page):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/fr/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Maison de l'économie sociale et solidaire")

    page.goto("/fr/contact/")
    page.locator(".language-switcher a[data-lang=ar]").click()
    expect(page).to_have_url(re.compile(r"/ar/contact/$"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_contain_text("الاتصال")


def test_arabic_layout_is_mirrored(page: Page):
    page.goto("/ar/")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    # Bootstrap's RTL build is loaded and the brand sits on the right of the header.
    direction = page.evaluate("getComputedStyle(document.body).direction")
    assert direction == "rtl"
    brand = page.locator(".navbar-brand").bounding_box()
    viewport = page.viewport_size
    assert brand["x"] > viewport["width"] / 2


def test_home_on_a_phone_has_a_working_menu(browser, live_server, reference_data):
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
    page = context.new_page()
    page.goto("/ar/")
    toggler = page.locator(".navbar-toggler")
    expect(toggler).to_be_visible()
    toggler.click()
    expect(page.locator("#main-nav").get_by_role("link", name="English")).to_be_visible()
    context.close()


def test_root_follows_an_arabic_browser(browser, live_server, reference_data):
    context = browser.new_context(base_url=live_server.url, locale="ar-MA")
    page = context.new_page()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/ar/$"))
    context.close()


def test_contact_map_falls_back_to_the_address_without_tiles(page: Page):
    page.goto("/fr/contact/")
    expect(page.locator("#access-map")).to_contain_text("Rue des Amoureux")
