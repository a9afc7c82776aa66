import re

from django.core import mail
from playwright.sync_api import expect

from events.models import Registration
from tests.events.factories import EventFactory


def test_registering_in_arabic_on_a_phone_then_cancelling_by_the_e_mailed_link(
    browser, live_server, reference_data
):
    event = EventFactory(
        registrable=True,
        capacity=1,
        title_fr="Atelier emballage",
        title_ar="ورشة تغليف المنتجات المحلية",
        latitude=35.7673,
        longitude=-5.7998,
    )
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, base_url=live_server.url, locale="ar-MA"
    )
    context.route("https://**/*", lambda route: route.abort())
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    page.goto(f"/ar/evenements/{event.slug}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text("ورشة تغليف المنتجات المحلية")
    expect(page.locator("#registration")).to_contain_text("1 مقعد متبقٍ")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scrolling on a phone"

    page.locator("input[name=name]").fill("سلمى الأخريف")
    page.locator("input[name=email]").fill("salma@example.org")
    page.locator("input[name=phone]").fill("0661 22 33 44")
    page.locator("input[name=organisation]").fill("تعاونية الأمل")
    page.locator("input[name=consent]").check()
    page.locator("#registration button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/ar/evenements/.+/inscription/merci/\?status=confirmed$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("تم تسجيلكم")
    registration = Registration.objects.get(event=event)
    assert registration.status == "confirmed" and registration.language == "ar"

    [message] = mail.outbox
    assert "ورشة تغليف المنتجات المحلية" in message.subject
    link = re.search(r"https?://\S+/ar/evenements/inscription/annuler/\S+/", message.body).group(0)
    path = "/" + link.split("/", 3)[3]

    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_have_text("هل تريدون إلغاء تسجيلكم؟")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="نعم، ألغوا تسجيلي").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("تم إلغاء تسجيلكم")
    registration.refresh_from_db()
    assert registration.status == "cancelled"

    # The link is single use.
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_have_text("هذا التسجيل ملغى من قبل")
    assert not [e for e in errors if "Content Security Policy" in e]
    context.close()


def test_check_in_on_a_phone_by_typed_code_and_by_name(browser, live_server, reference_data):
    from tests.e2e.test_phone_and_csp import csp_violations, new_page
    from tests.events.factories import RegistrationFactory
    from tests.factories import UserFactory

    UserFactory(username="door", teams=["events"])
    event = EventFactory(registrable=True)
    salma = RegistrationFactory(event=event, name="Salma Akhrif", seat=1)
    youssef = RegistrationFactory(event=event, name="Youssef Benali", seat=2)
    page = new_page(browser, live_server, viewport={"width": 390, "height": 844})
    page.goto("/admin/login/")
    page.fill("#id_username", "door")
    page.fill("#id_password", "password")
    page.locator("input[type=submit]").click()

    page.goto(f"/admin/events/event/{event.pk}/checkin/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.fill("#id_token", salma.checkin_token)
    page.locator(".checkin-token-form input[type=submit]").click()
    expect(page.locator(".messagelist")).to_contain_text("Salma Akhrif")

    page.fill("#id_q", "benali")
    page.locator("#id_q").press("Enter")
    row = page.locator(".checkin-row", has_text="Youssef Benali")
    row.locator("input[type=submit]").click()
    expect(page.locator(".messagelist")).to_contain_text("Youssef Benali")

    salma.refresh_from_db()
    youssef.refresh_from_db()
    assert salma.checked_in_at and youssef.checked_in_at
    assert csp_violations(page) == []
    page.context.close()
