"""The README's production stack on one machine, on loopback: nginx (deploy/nginx, TLS) in front of
gunicorn with production settings, PostgreSQL, Redis; media on the filesystem, PDFs through
X-Accel-Redirect. Everything is checked through nginx, headers included."""

import gzip
import json
import re
from dataclasses import dataclass

import pytest

from tests.deploy.stack import SECRET_KEY, Stack, csrf_token, free_port, request

pytestmark = pytest.mark.stack


@dataclass
class Site:
    stack: Stack
    https: str
    http: str
    cafile: str
    seeded: dict

    def get(self, path, **headers):
        return request(self.https + path, headers=headers, cafile=self.cafile)


@pytest.fixture(scope="module")
def site():
    stack = Stack("stack")
    try:
        var = stack.base / "var"
        (var / "media").mkdir(parents=True)
        (var / "private").mkdir()
        app_port, http_port, https_port = free_port(), free_port(), free_port()
        stack.env = {
            "DEBUG": "0",
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{https_port}",
            "SITE_URL": f"https://127.0.0.1:{https_port}",
            "DATABASE_URL": stack.database(),
            "CACHE_URL": stack.redis(11),
            "STATIC_ROOT": str(stack.base / "static"),
            "MEDIA_ROOT": str(var / "media"),
            "USE_X_FORWARDED_FOR": "1",
            "BEHIND_TLS_PROXY": "1",
            "LIBRARY_SENDFILE": "x-accel-redirect",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        }
        stack.manage("check", "--deploy", "--fail-level", "WARNING")
        stack.manage("migrate", "--no-input", "-v0")
        stack.manage("collectstatic", "--no-input", "-v0")
        seeded = json.loads(
            stack.shell("from tests.deploy.seed import main; main()").strip().splitlines()[-1]
        )
        stack.gunicorn("gunicorn", app_port)
        stack.nginx(
            tls=True,
            http_port=http_port,
            https_port=https_port,
            APP_SERVERS=f"127.0.0.1:{app_port}",
            STATIC_ROOT=stack.env["STATIC_ROOT"],
            MEDIA_ROOT=stack.env["MEDIA_ROOT"],
            PRIVATE_ROOT=str(var / "private"),
        )
        yield Site(
            stack,
            f"https://127.0.0.1:{https_port}",
            f"http://127.0.0.1:{http_port}",
            str(stack.base / "tls" / "cert.pem"),
            seeded,
        )
    except Exception:
        print(stack.report())
        raise
    finally:
        stack.close()


def assert_security_headers(response):
    assert response.header("strict-transport-security", "").startswith("max-age=31536000")
    assert response.header("x-content-type-options") == "nosniff"


def test_pages_come_from_gunicorn_through_nginx_compressed_with_the_security_headers(site):
    response = site.get("/fr/", **{"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.header("content-type") == "text/html; charset=utf-8"
    assert response.header("content-encoding") == "gzip"
    assert_security_headers(response)
    csp = response.header("content-security-policy")
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert response.header("x-frame-options") == "DENY"
    assert response.header("referrer-policy") == "strict-origin-when-cross-origin"
    assert "server" not in response.headers or "nginx/" not in response.header("server")
    assert "<h1" in gzip.decompress(response.body).decode()


def test_the_structure_page_shows_its_logo_from_media(site):
    response = site.get(site.seeded["actor_url"])
    assert response.status == 200
    assert "Coopérative de la pile" in response.text
    assert "/media/actors/logos/" in response.text


def test_json_is_compressed_too(site):
    response = site.get("/fr/acteurs/carte.json", **{"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.header("content-type").startswith("application/")
    assert response.header("content-encoding") == "gzip"
    json.loads(gzip.decompress(response.body))


def test_plain_http_goes_to_https_and_healthz_answers(site):
    response = request(site.http + "/fr/?q=1")
    assert response.status == 301
    assert response.header("location") == "https://127.0.0.1/fr/?q=1"
    health = site.get("/healthz")
    assert health.status == 200
    assert health.json()["status"] == "ok"


def test_hashed_static_files_are_served_by_nginx_cached_for_a_year_and_precompressed(site):
    home = site.get("/fr/").text
    css = re.search(r"/static/[\w/.-]+\.[0-9a-f]{12}\.css", home)
    assert css, "the page links no hashed stylesheet"
    response = site.get(css.group(0), **{"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.header("content-type") == "text/css"
    assert response.header("cache-control") == "public, max-age=31536000, immutable"
    assert response.header("content-encoding") == "gzip"
    assert_security_headers(response)
    # The same file under its plain name (kept by collectstatic) is cached an hour only.
    plain = re.sub(r"\.[0-9a-f]{12}\.css$", ".css", css.group(0))
    assert site.get(plain).header("cache-control") == "public, max-age=3600"


@pytest.mark.parametrize("key", ["logo_url", "cover_url"])
def test_images_are_served_by_nginx_with_their_type_and_nosniff(site, key):
    response = site.get(site.seeded[key])
    assert response.status == 200, site.seeded[key]
    assert response.header("content-type") in ("image/png", "image/jpeg", "image/webp")
    assert response.body[:4] in (b"\x89PNG", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xe1", b"RIFF")
    assert "content-disposition" not in response.headers
    assert "sandbox" in response.header("content-security-policy")
    assert response.header("cache-control") == "public, max-age=86400"
    assert_security_headers(response)


@pytest.mark.parametrize("key", ["hostile_html_url", "hostile_svg_url"])
def test_media_are_never_served_as_a_page(site, key):
    response = site.get(site.seeded[key])
    assert response.status == 200
    assert response.header("content-type") == "application/octet-stream"
    assert response.header("content-disposition") == "attachment"
    assert response.header("x-content-type-options") == "nosniff"


def test_the_library_pdf_is_sent_by_nginx_after_django_said_so(site):
    response = site.get(site.seeded["download_url"])
    assert response.status == 200
    assert response.header("content-type") == "application/pdf"
    assert response.header("content-disposition").startswith("attachment;")
    assert "x-accel-redirect" not in response.headers
    assert response.body.startswith(b"%PDF")
    assert len(response.body) == site.seeded["pdf_size"]
    assert response.header("x-content-type-options") == "nosniff"
    # nginx answers range requests itself (PDF viewers, resumed downloads).
    partial = site.get(site.seeded["download_url"], Range="bytes=0-99")
    assert partial.status == 206
    assert partial.body == response.body[:100]


def test_library_pdfs_are_not_reachable_under_media(site):
    assert site.get("/media/" + site.seeded["pdf_name"]).status == 404
    # nor the internal location from outside
    assert site.get("/protected-media/" + site.seeded["pdf_name"]).status == 404


def test_an_upload_over_the_limit_is_refused_by_nginx_before_reaching_the_app(site):
    response = request(
        site.https + "/fr/bibliotheque/lettre/inscription/",
        method="POST",
        headers={"Content-Length": str(200 * 1024 * 1024), "Content-Type": "application/octet-stream"},
        body=b"",
        cafile=site.cafile,
    )
    assert response.status == 413


def test_the_contest_attachments_are_sent_by_nginx_to_staff_only(site):
    url = site.seeded["attachment_url"]
    assert site.get(url).status == 302  # to the login page
    login = site.get("/admin/login/")
    cookies = login.cookies
    answer = request(
        site.https + "/admin/login/",
        method="POST",
        body=f"csrfmiddlewaretoken={csrf_token(login.text)}&username=stack-admin&password=stack-password-2026".encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
            "Referer": site.https + "/admin/login/",
        },
        cafile=site.cafile,
    )
    assert answer.status == 302, answer.text[:1000]
    cookies.update(answer.cookies)
    response = site.get(url, Cookie="; ".join(f"{k}={v}" for k, v in cookies.items()))
    assert response.status == 200
    assert response.body.decode() == site.seeded["attachment_bytes"]
    assert response.header("content-type") == "application/pdf"
    assert response.header("content-disposition").startswith("attachment;")
    assert "x-accel-redirect" not in response.headers
    assert response.header("x-content-type-options") == "nosniff"
    # The private folder is nowhere under /media/.
    assert site.get("/protected-private/contest/").status == 404
