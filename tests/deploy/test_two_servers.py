"""Two app servers (two gunicorn instances, separate processes and ports) behind one nginx, sharing
PostgreSQL, Redis (cache, rate limits) and the media in an S3-compatible bucket (moto's server on
loopback): what one server does, the other sees at once (docs/deploy.md)."""

import json
import re
import time
from dataclasses import dataclass

import pytest

from tests.deploy.seed import png_bytes
from tests.deploy.stack import SECRET_KEY, Stack, csrf_token, form_fields, free_port, multipart, request

pytestmark = pytest.mark.stack

BUCKET = "mess-media"


@dataclass
class Cluster:
    stack: Stack
    front: str
    a: str
    b: str
    s3: str
    seeded: dict


@pytest.fixture(scope="module")
def cluster():
    stack = Stack("cluster")
    try:
        port_a, port_b, front_port = free_port(), free_port(), free_port()
        endpoint = stack.s3(BUCKET)
        stack.env = {
            "DEBUG": "0",
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": f"http://127.0.0.1:{front_port}",
            "DATABASE_URL": stack.database(),
            "CACHE_URL": stack.redis(12),
            "STATIC_ROOT": str(stack.base / "static"),
            "USE_X_FORWARDED_FOR": "1",
            # Plain HTTP on loopback: no TLS, so no HTTPS redirect nor secure-only cookies.
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "MEDIA_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": endpoint,
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_S3_ADDRESSING_STYLE": "path",
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
        }
        stack.manage("migrate", "--no-input", "-v0")
        stack.manage("collectstatic", "--no-input", "-v0")
        seeded = json.loads(
            stack.shell("from tests.deploy.seed import main; main()").strip().splitlines()[-1]
        )
        stack.gunicorn("gunicorn-a", port_a)
        stack.gunicorn("gunicorn-b", port_b)
        stack.nginx(
            tls=False,
            http_port=front_port,
            APP_SERVERS=f"127.0.0.1:{port_a},127.0.0.1:{port_b}",
            STATIC_ROOT=stack.env["STATIC_ROOT"],
            MEDIA_ROOT=str(stack.base / "unused-media"),
            PRIVATE_ROOT=str(stack.base / "unused-private"),
            MEDIA_STORAGE="s3",
            S3_MEDIA_URL=f"{endpoint}/{BUCKET}/media",
        )
        yield Cluster(
            stack,
            f"http://127.0.0.1:{front_port}",
            f"http://127.0.0.1:{port_a}",
            f"http://127.0.0.1:{port_b}",
            endpoint,
            seeded,
        )
    except Exception:
        print(stack.report())
        raise
    finally:
        stack.close()


def cookie_header(cookies: dict) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def log_in(server: str) -> dict:
    login = request(server + "/admin/login/")
    cookies = dict(login.cookies)
    body = f"csrfmiddlewaretoken={csrf_token(login.text)}&username=stack-admin&password=stack-password-2026"
    answer = request(
        server + "/admin/login/",
        method="POST",
        body=body.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie_header(cookies)},
    )
    assert answer.status == 302, answer.text[:2000]
    return {**cookies, **answer.cookies}


def test_nginx_spreads_requests_over_both_app_servers(cluster):
    for _ in range(6):
        assert request(cluster.front + "/healthz").status == 200
    time.sleep(0.5)  # access logs are written after the response
    for name in ("gunicorn-a", "gunicorn-b"):
        assert "GET /healthz" in cluster.stack.logs[name].read_text(), name


def test_staff_log_in_and_edit_through_one_server_and_the_other_sees_it_at_once(cluster):
    page = cluster.seeded["actor_url"]
    assert "Coopérative de la pile" in request(cluster.b + page).text
    # The directory's list on B: its facet counts go into the shared cache.
    assert request(cluster.b + "/fr/acteurs/").status == 200
    redis = cluster.stack.redis_client
    # The site's data version (mess_portal.pagecache), which the facet counts and kept pages are filed under;
    # Django's Redis cache keeps an integer as its digits.
    facets_before = int(redis.get(":1:site:version"))
    assert redis.keys(f":1:actors:facets:{facets_before}:*")

    # Log in through A...
    cookies = log_in(cluster.a)
    # ... and B knows the session (sessions in PostgreSQL, one SECRET_KEY).
    assert request(cluster.b + "/admin/", headers={"Cookie": cookie_header(cookies)}).status == 200

    # Rename the structure and give it a new logo in the admin, through A.
    change = f"{cluster.a}/admin/actors/actor/{cluster.seeded['actor_pk']}/change/"
    form = request(change, headers={"Cookie": cookie_header(cookies)})
    assert form.status == 200
    fields = [(n, v) for n, v in form_fields(form.text, "actor_form") if n not in ("name_fr", "_continue")]
    fields += [("name_fr", "Coopérative renommée par A"), ("_save", "Save")]
    body, content_type = multipart(
        fields, {"logo": ("nouveau-logo.png", "image/png", png_bytes((20, 90, 200)))}
    )
    saved = request(
        change,
        method="POST",
        body=body,
        headers={"Content-Type": content_type, "Cookie": cookie_header(cookies), "Referer": change},
    )
    assert saved.status == 302, (
        re.findall(r'class="errorlist[^>]*>.*?</ul>', saved.text, re.S) or saved.text[:3000]
    )

    # The edit on A dropped the facet counts B had cached (a new version in the shared cache).
    assert int(redis.get(":1:site:version")) != facets_before
    # B shows the new name and the new logo at once; nginx serves the logo from the shared bucket.
    after = request(cluster.b + page).text
    assert "Coopérative renommée par A" in after
    logo = re.search(r"/media/actors/logos/[\w.-]+", after)
    assert logo and "pile-logo" not in logo.group(0), after
    image = request(cluster.front + logo.group(0))
    assert image.status == 200
    assert image.header("content-type") in ("image/png", "image/jpeg")  # the admin re-encodes logos
    assert image.header("x-content-type-options") == "nosniff"
    assert image.body[:3] in (b"\x89PN", b"\xff\xd8\xff")


def test_rate_limits_count_the_requests_of_both_servers(cluster):
    page = request(cluster.a + "/fr/bibliotheque/lettre/")
    token, cookies = csrf_token(page.text), page.cookies
    statuses = []
    for n in range(12):
        server = cluster.a if n % 2 else cluster.b
        answer = request(
            server + "/fr/bibliotheque/lettre/inscription/",
            method="POST",
            body=f"csrfmiddlewaretoken={token}&email=visitor{n}@example.org&language=fr".encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookie_header(cookies),
                # As nginx would send it: the client's address appended last.
                "X-Forwarded-For": "198.51.100.23",
            },
        )
        statuses.append(answer.status)
    # Ten an hour per address (library.views.SUBSCRIBE_LIMIT_PER_HOUR), counted over both servers.
    assert statuses == [302] * 10 + [429, 429]


def test_library_pdfs_come_from_the_bucket_through_a_short_lived_link(cluster):
    answer = request(cluster.front + cluster.seeded["download_url"])
    assert answer.status == 302
    assert answer.header("cache-control") == "private, no-store"
    link = answer.header("location")
    assert link.startswith(cluster.s3 + f"/{BUCKET}/media/library/documents/")
    assert "X-Amz-Signature=" in link and "X-Amz-Expires=300" in link
    pdf = request(link)
    assert pdf.status == 200
    assert pdf.body.startswith(b"%PDF")
    assert len(pdf.body) == cluster.seeded["pdf_size"]
    assert pdf.header("content-type") == "application/pdf"
    assert pdf.header("content-disposition").startswith("attachment;")
    # Never under /media/ (drafts stay hidden, downloads are counted).
    assert request(cluster.front + "/media/" + cluster.seeded["pdf_name"]).status == 404


def test_media_from_the_bucket_keep_their_safe_headers(cluster):
    cover = request(cluster.front + cluster.seeded["cover_url"])
    assert cover.status == 200
    assert cover.header("content-type").startswith("image/")
    assert "sandbox" in cover.header("content-security-policy")
    hostile = request(cluster.front + cluster.seeded["hostile_html_url"])
    assert hostile.status == 200
    assert hostile.header("content-type") == "application/octet-stream"
    assert hostile.header("content-disposition") == "attachment"
    assert request(cluster.front + "/media/actors/logos/does-not-exist.png").status == 404


def test_the_contest_attachments_are_read_from_the_private_prefix_by_either_server(cluster):
    cookies = log_in(cluster.b)
    for server in (cluster.a, cluster.b):
        response = request(
            server + cluster.seeded["attachment_url"], headers={"Cookie": cookie_header(cookies)}
        )
        assert response.status == 200
        assert response.body.decode() == cluster.seeded["attachment_bytes"]
        assert response.header("content-disposition").startswith("attachment;")
    # Not a public object: the bucket's policy keeps private/ out of /media/'s reach, and nginx never
    # proxies anything but media/.
    assert request(cluster.front + "/media/../private/contest/").status in (400, 404)


def test_through_nginx_a_forged_forwarded_address_does_not_escape_the_limit(cluster):
    """nginx appends the client's address to X-Forwarded-For and Django reads the last one
    (USE_X_FORWARDED_FOR=1): an address a client writes there itself changes nothing."""
    page = request(cluster.front + "/fr/bibliotheque/lettre/")
    token, cookies = csrf_token(page.text), page.cookies
    statuses = [
        request(
            cluster.front + "/fr/bibliotheque/lettre/inscription/",
            method="POST",
            body=f"csrfmiddlewaretoken={token}&email=forger{n}@example.org&language=fr".encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookie_header(cookies),
                "X-Forwarded-For": f"203.0.113.{n}",
            },
        ).status
        for n in range(11)
    ]
    assert statuses == [302] * 10 + [429]
