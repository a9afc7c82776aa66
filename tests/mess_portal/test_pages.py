import pytest
from django.db import DatabaseError

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["", "oress/", "contact/", "accessibilite/", "mentions-legales/"]


def test_root_redirects_to_french(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_public_pages_render_in_each_language(client, django_assert_max_num_queries, lang, page):
    # The home page has one more: the library's latest Atlas and Panorama.
    with django_assert_max_num_queries(3 if page == "" else 2):
        response = client.get(f"/{lang}/{page}")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in html
    assert "<title>" in html


def test_arabic_page_uses_the_rtl_stylesheet(client):
    html = client.get("/ar/").content.decode()
    assert "bootstrap.rtl.min.css" in html
    assert "bootstrap.min.css" not in html


def test_language_switcher_stays_on_the_same_page(client):
    html = client.get("/fr/contact/?x=1").content.decode()
    assert 'href="/ar/contact/?x=1"' in html
    assert 'href="/en/contact/?x=1"' in html


def test_home_tells_what_the_mess_offers_and_how_to_reach_it(client):
    html = client.get("/en/").content.decode()
    for text in [
        "Reception and orientation",
        "Regional observatory",
        "Annual seminar",
        "Regional contest",
        "Documentation and digital library",
        "+212 5 39 37 24 68",
        "mess.crtt@gmail.com",
        "Rue des Amoureux",
        "Opening hours",
    ]:
        assert text in html


def test_contact_page_map_degrades_to_the_address(client):
    html = client.get("/fr/contact/").content.decode()
    assert 'class="map-fallback' in html
    assert "openstreetmap.org/?mlat=35.767300&amp;mlon=-5.799800" in html


def test_legal_page_credits_the_hcp(client):
    html = client.get("/en/mentions-legales/").content.decode()
    assert "Haut-Commissariat au Plan" in html
    assert "CC BY 4.0" in html
    assert "8 prefectures and provinces and 146 communes" in html


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_404_is_translated_page(client, lang):
    response = client.get(f"/{lang}/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert f'lang="{lang}"' in response.content.decode()


def test_500_page_renders_standalone(rf):
    from mess_portal.views import server_error

    response = server_error(rf.get("/fr/"))
    assert response.status_code == 500
    assert b"<html" in response.content


def test_robots_and_sitemap(client):
    robots = client.get("/robots.txt")
    assert robots.status_code == 200
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()
    index = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/sitemap-pages.xml" in index
    sitemap = client.get("/sitemap-pages.xml").content.decode()
    for lang in ["fr", "ar", "en"]:
        assert f"http://testserver/{lang}/oress/" in sitemap


def test_the_sitemap_is_built_once_an_hour_not_on_every_request(client, django_assert_num_queries):
    for url in ["/sitemap.xml", "/sitemap-actors.xml"]:
        first = client.get(url)
        assert first.status_code == 200
        assert "max-age=3600" in first["Cache-Control"]
        with django_assert_num_queries(0):
            again = client.get(url)
        assert again.content == first.content


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_healthz_503_when_database_is_down(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_public_get_sets_no_session(client):
    response = client.get("/fr/")
    assert "sessionid" not in response.cookies


def test_root_follows_the_browser_language_when_it_is_one_of_ours(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ar-MA,ar;q=0.9")["Location"] == "/ar/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE")["Location"] == "/fr/"
