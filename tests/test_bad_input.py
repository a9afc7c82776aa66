"""Hostile and malformed input on every public URL: never a 500, and a GET changes nothing.

Runs on the demo content (``seed_demo``), loaded once for the module and rolled back at its end; each
test sweeps one URL (or one form) with the test client. Run it on PostgreSQL too: PostgreSQL refuses
NUL bytes in text where SQLite stores them.
"""

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models import Sum
from django.test import override_settings
from django.urls import reverse

from library.models import Document, Subscriber
from tests.public_pages import public_urls, seed_demo_site

# Raw query-string values, percent-encoded where they need to be: NUL bytes, bytes that are not
# UTF-8, numbers out of every range, Arabic, a very long value; then what a text or a number also gets.
HOSTILE_VALUES = [
    "%00",
    "a%00b",
    "%FF%FE",
    "-1",
    "99999999999999999999",
    "%D8%AA%D8%B9%D8%A7%D9%88%D9%86%D9%8A%D8%A9",  # تعاونية
    "A" * 3000,
]
TEXT_VALUES = [
    "",
    "%F0%9F%98%80",  # an emoji
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "%27%20OR%201%3D1--",
    "%26%7C!()%3A*%5C",  # tsquery syntax: & | ! ( ) : * \
    "%D8%A7%D9%84%20%D9%81%D9%8A",  # short Arabic words only
]
NUMBER_VALUES = ["0", "1e309", "NaN", "1.5", "%2B1"]

# What each public page reads from its query string; the unknown values of a choice are in HOSTILE_VALUES.
TEXT_PARAMS = {"q", "ref"}
NUMBER_PARAMS = {"page", "founded_from", "founded_to", "year", "year_from", "year_to"}
LIST_PARAMS = ["page", "format", "view"]
PAGE_PARAMS = {
    "actors:list": ["q", "family", "sector", "province", "commune", "founded_from", "founded_to", "women"]
    + ["label", "contact", "order", *LIST_PARAMS],
    "actors:map_data": ["q", "family", "sector", "province", "commune", "founded_from", "women", "order"],
    "support:list": ["q", "stage", "need", "commune", "kind", "public", "province", "cost", *LIST_PARAMS],
    "support:orientation": ["stage", "need", "commune"],
    "support:orientation_thanks": ["ref"],
    "library:index": ["q", "kind", "year", "language", "theme", "province", "sort", *LIST_PARAMS],
    "library:newsletter": ["page"],
    "library:download": ["inline"],
    "events:contest_apply_thanks": ["ref"],
    "sitemap": ["p"],
    "sitemap-section": ["p"],
    "events:index": ["kind", "province", "month", "when", *LIST_PARAMS],
    "events:registered": ["status"],
    "observatory:index": ["province", "family", "sector", "year_from", "year_to", "download", "format"],
    "observatory:atlas": ["indicator", "measure", "download", "format"],
    "observatory:indicator": ["download", "format"],
    "observatory:province": ["download", "format"],
}
# Pages that read nothing get these, which they should ignore.
IGNORED_PARAMS = ["page", "format", "utm_source"]


def hostile_values(param):
    extra = TEXT_VALUES if param in TEXT_PARAMS else NUMBER_VALUES if param in NUMBER_PARAMS else []
    return HOSTILE_VALUES + extra


BAD_SLUGS = ["inconnu", "%00", "a%00b", "%D8%B9%D8%B1%D8%A8", "%F0%9F%98%80", "x" * 500, "..", "%FF"]

MALFORMED_RANGES = [
    "bytes=",
    "bytes=-",
    "bytes=abc",
    "bytes=5-1",
    "bytes=-0",
    "bytes=0-1,2-3",
    "bytes=99999999999999999999999-",
    "bytes=0-99999999999999999999999",
    "bytes=-99999999999999999999999",
    "bytes=1000000000-",
    "lines=0-1",
    "bytes=\x00",
]
IF_RANGES = [None, '"not-our-etag"', 'W/"weak', "garbage", "Wed, 21 Oct 2015 07:28:00 GMT"]

GARBAGE_FIELD_VALUES = ["\x00", "a\x00b", "A" * 20_000, "تعاونية الأمل 😀", "-1", "99999999999999999999"]


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo content, loaded once for the module inside a transaction rolled back at its end."""
    from mess_portal.reference import load_all
    from support.reference import load_all as load_support_lists

    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        # A real-browser test may have flushed the tables before this module.
        load_all()
        load_support_lists()
        yield {**seed_demo_site(), "media": media}
        transaction.set_rollback(True)


@pytest.fixture
def site(demo_site, db, settings):
    settings.MEDIA_ROOT = demo_site["media"]
    return demo_site


URL_NAMES = [
    "site:home",
    "site:about_oress",
    "site:contact",
    "site:accessibility",
    "site:legal",
    "actors:list",
    "actors:map_data",
    "actors:propose",
    "actors:proposal_thanks",
    "actors:detail",
    "actors:correct",
    "support:list",
    "support:detail",
    "support:orientation",
    "support:orientation_thanks",
    "library:index",
    "library:detail",
    "library:download",
    "library:newsletter",
    "library:newsletter_subscribe",
    "library:newsletter_pending",
    "library:newsletter_issue",
    "library:newsletter_confirm",
    "library:newsletter_unsubscribe",
    "events:contest_index",
    "events:contest_edition",
    "events:contest_apply",
    "events:contest_apply_thanks",
    "events:contest_application_edit",
    "observatory:index",
    "observatory:atlas",
    "observatory:indicator",
    "observatory:province",
    "healthz",
    "robots_txt",
    "sitemap",
    "sitemap-section",
    "events:index",
    "events:detail",
    "events:registered",
    "events:cancel",
    "events:register",
    "events:ics",
    "events:calendar_feed",
    "events:atom_feed",
    "apidoc:index",
]
OUR_APPS = {"mess_portal", "actors", "support", "library", "observatory", "events", "sessions", "auth"}


def data_state() -> dict:
    """What a visitor's request could change: the rows of every table of ours, counts and statuses."""
    state = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS
    }
    state["downloads"] = Document.objects.aggregate(n=Sum("download_count"))["n"]
    state["subscribers"] = list(Subscriber.objects.order_by("pk").values_list("status", flat=True))
    return state


def server_errors(client, method, url, **kwargs) -> list[str]:
    if method == "post":
        cache.clear()  # rate limits would otherwise turn the rest of the sweep into 429s
    response = getattr(client, method)(url, **kwargs)
    if response.status_code >= 500:
        extra = {key: str(value)[:40] for key, value in kwargs.items()}
        return [f"{method.upper()} {url[:160]} {extra or ''} -> {response.status_code}"]
    return []


@pytest.fixture
def client(client):
    client.raise_request_exception = False
    return client


def _prime_download(client, site):
    # This visitor's download is counted once; the sweep's requests then change no count.
    client.get(reverse("library:download", args=[site["document"]]))


@pytest.mark.parametrize("name", URL_NAMES)
def test_hostile_query_strings_never_give_a_server_error_and_change_nothing(client, site, name):
    url = public_urls(site)[name]
    arabic_url = "/ar/" + url.removeprefix("/fr/")
    params = PAGE_PARAMS.get(name, IGNORED_PARAMS)
    _prime_download(client, site)
    before = data_state()
    errors = []
    for param in params:
        for value in hostile_values(param):
            errors += server_errors(client, "get", f"{url}?{param}={value}")
        # The same parameter repeated, valid and invalid values mixed.
        errors += server_errors(client, "get", f"{url}?{param}=1&{param}=%00&{param}={'9' * 30}&{param}=")
    # In Arabic (its own names, ordering and search), every parameter at once.
    for value in HOSTILE_VALUES + TEXT_VALUES:
        errors += server_errors(client, "get", f"{arabic_url}?{'&'.join(f'{p}={value}' for p in params)}")
    errors += server_errors(client, "get", f"{url}?{'&'.join(f'p{n}=%00' for n in range(200))}")
    errors += server_errors(client, "head", f"{url}?format=%00&page=-1")
    assert errors == []
    assert data_state() == before


@pytest.mark.parametrize("name", URL_NAMES)
def test_wrong_methods_never_give_a_server_error(client, site, name):
    url = public_urls(site)[name]
    _prime_download(client, site)
    before = data_state()
    errors = []
    for method in ["put", "patch", "delete", "options", "trace"]:
        errors += server_errors(client, method, url)
    assert errors == []
    assert data_state() == before
    for body, content_type in [
        ("", "application/x-www-form-urlencoded"),
        ("a=%00&b=%FF&c", "application/x-www-form-urlencoded"),
        (b"\xff\xfe\x00garbage", "multipart/form-data; boundary=nothing"),
        (b"\xff\xfe\x00garbage", "multipart/form-data"),
        ("{", "application/json"),
        ("&".join(f"f{n}=x" for n in range(1500)), "application/x-www-form-urlencoded"),
    ]:
        errors += server_errors(client, "post", url, data=body, content_type=content_type)
    assert errors == []


SLUG_PATTERNS = [
    "actors:detail",
    "actors:correct",
    "support:detail",
    "library:detail",
    "library:download",
    "library:newsletter_confirm",
    "library:newsletter_unsubscribe",
    "events:detail",
    "events:registered",
    "events:ics",
    "events:cancel",
    "events:contest_application_edit",
    "observatory:indicator",
    "observatory:province",
]


@pytest.mark.parametrize("name", SLUG_PATTERNS)
def test_bad_slugs_and_tokens_are_not_found_not_server_errors(client, site, name):
    prefix = reverse(name, args=["SLUG"]).split("SLUG")
    errors = []
    for slug in BAD_SLUGS:
        url = prefix[0] + slug + prefix[1]
        response = client.get(url)
        if response.status_code >= 500:
            errors.append(f"GET {url[:100]} -> {response.status_code}")
        elif slug == "inconnu":
            assert response.status_code in (400, 404), url
        errors += server_errors(client, "post", url, data={"x": "\x00"})
    for number in ["0", "99999999999999999999", "2147483648", "9223372036854775808"]:
        errors += server_errors(client, "get", f"/fr/bibliotheque/lettre/{number}/")
        errors += server_errors(client, "get", f"/fr/concours/{number}/")
        errors += server_errors(client, "post", f"/fr/concours/{number}/candidater/", data={"x": "1"})
    assert errors == []


def _form_cases(site):
    commune = site["commune"]
    proposal = {
        "name_fr": "Coopérative Essai",
        "legal_family": "cooperative",
        "commune": commune.code,
        "sectors": ["artisanat"],
        "sender_name": "Fatima",
        "sender_email": "fatima@example.org",
        "message": "Le numéro de téléphone a changé.",
    }
    orientation = {
        "requester_kind": "project_holder",
        "name": "Fatima",
        "email": "fatima@example.org",
        "commune": commune.slug,
        "stage": "idee",
        "need": "financement",
        "message": "Je voudrais créer une coopérative de couscous.",
        "consent": "on",
    }
    contest_application = {
        "structure_query": "coopérative",
        "category": site["contest_category"],
        "presentation": "Notre initiative de tissage.",
        "members_total": "10",
        "contact_name": "Fatima",
        "contact_email": "fatima@example.org",
        "consent": "on",
    }
    urls = public_urls(site)
    return {
        "propose": (urls["actors:propose"], proposal),
        "correct": (urls["actors:correct"], proposal),
        "orientation": (urls["support:orientation"], orientation),
        "subscribe": (urls["library:newsletter_subscribe"], {"email": "new@example.org", "language": "ar"}),
        "contest_apply": (urls["events:contest_apply"], contest_application),
        "contest_edit": (urls["events:contest_application_edit"], contest_application),
        "confirm": (urls["library:newsletter_confirm"], {}),
        "unsubscribe": (urls["library:newsletter_unsubscribe"], {}),
        "register": (
            urls["events:register"],
            {
                "name": "Salma Akhrif",
                "email": "salma@example.org",
                "phone": "0661223344",
                "organisation": "Coopérative Al Amal",
                "actor": "inconnue",
                "consent": "on",
            },
        ),
    }


@pytest.mark.parametrize(
    "form",
    [
        "propose",
        "correct",
        "orientation",
        "subscribe",
        "confirm",
        "unsubscribe",
        "contest_apply",
        "contest_edit",
        "register",
    ],
)
def test_forms_posted_with_missing_oversized_or_garbage_fields_never_give_a_server_error(client, site, form):
    url, valid = _form_cases(site)[form]
    fields = [*valid, "homepage", "unknown"]
    errors = server_errors(client, "post", url, data=valid)
    for field in fields:
        errors += server_errors(client, "post", url, data={k: v for k, v in valid.items() if k != field})
        for value in GARBAGE_FIELD_VALUES:
            errors += server_errors(client, "post", url, data={**valid, field: value})
        errors += server_errors(client, "post", url, data={**valid, field: ["a", "\x00", "b" * 300]})
    errors += server_errors(client, "post", f"/ar{url.removeprefix('/fr')}", data=valid)
    # Past the size Django accepts for a form (DATA_UPLOAD_MAX_MEMORY_SIZE).
    errors += server_errors(client, "post", url, data={**valid, "message": "x" * (11 * 1024 * 1024)})
    assert errors == []


def test_malformed_range_headers_on_a_download(client, site):
    url = public_urls(site)["library:download"]
    errors = []
    for range_header in MALFORMED_RANGES:
        for if_range in IF_RANGES:
            headers = {"HTTP_RANGE": range_header}
            if if_range:
                headers["HTTP_IF_RANGE"] = if_range
            errors += server_errors(client, "get", url, **headers)
            errors += server_errors(client, "head", url, **headers)
    for header in [
        "HTTP_IF_NONE_MATCH",
        "HTTP_IF_MODIFIED_SINCE",
        "HTTP_IF_MATCH",
        "HTTP_IF_UNMODIFIED_SINCE",
    ]:
        for value in ["garbage", "\x00", "*", "99999999999999999999", "Wed, 21 Oct 9999 07:28:00 GMT"]:
            errors += server_errors(client, "get", url, **{header: value})
    assert errors == []
    response = client.get(url, HTTP_RANGE="bytes=1000000000-")
    assert response.status_code == 416


@pytest.mark.parametrize(
    "header, value",
    [
        ("HTTP_ACCEPT_LANGUAGE", "\x00"),
        ("HTTP_ACCEPT_LANGUAGE", "zz-ZZ;q=x," * 500),
        ("HTTP_X_FORWARDED_FOR", "\x00, garbage"),
        ("HTTP_COOKIE", "django_language=\x00; sessionid=\x00; csrftoken=\x00"),
        ("HTTP_USER_AGENT", "\x00" * 10),
        ("HTTP_REFERER", "\x00"),
    ],
)
def test_hostile_headers_never_give_a_server_error(client, site, header, value):
    errors = []
    for url in ["/", "/fr/", "/fr/acteurs/", "/fr/accompagnement/", "/fr/bibliotheque/", "/fr/orientation/"]:
        errors += server_errors(client, "get", url, **{header: value})
    errors += server_errors(client, "post", "/fr/orientation/", data={"name": "x"}, **{header: value})
    assert errors == []
