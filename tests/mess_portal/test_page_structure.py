"""Every public page, in each language: a title of its own, exactly one <h1>, the language and the
direction of the text on <html>. The conftest's strict templates fail on an unknown variable."""

import html
import re

import pytest

from tests.public_pages import html_pages, seed_demo_site

pytestmark = pytest.mark.django_db

SITE_NAMES = {
    "fr": "MESS Tanger-Tétouan-Al Hoceïma",
    "ar": "دار الاقتصاد الاجتماعي والتضامني طنجة-تطوان-الحسيمة",
    "en": "MESS Tanger-Tétouan-Al Hoceïma",
}


def page_structure(content: str) -> dict:
    title = re.search(r"<title>(.*?)</title>", content, re.S)
    opening = re.search(r"<html([^>]*)>", content)
    attributes = dict(re.findall(r'(\w+)="([^"]*)"', opening.group(1))) if opening else {}
    return {
        "title": html.unescape(" ".join(title.group(1).split())) if title else "",
        "h1": len(re.findall(r"<h1[\s>]", content)),
        "lang": attributes.get("lang"),
        "dir": attributes.get("dir"),
    }


@pytest.mark.parametrize("language, direction", [("fr", "ltr"), ("ar", "rtl"), ("en", "ltr")])
def test_every_public_page_has_its_title_one_h1_and_its_language(client, language, direction):
    site = seed_demo_site(actors=4)
    problems = []
    titles = {}
    for url in html_pages(site, language):
        response = client.get(url)
        assert response.status_code < 500, url
        page = page_structure(response.content.decode())
        specific = page["title"].removesuffix(f" · {SITE_NAMES[language]}").strip()
        if not specific or specific == page["title"]:
            problems.append(f"{url}: title {page['title']!r} does not name the page")
        if page["h1"] != 1:
            problems.append(f"{url}: {page['h1']} <h1>")
        if (page["lang"], page["dir"]) != (language, direction):
            problems.append(f"{url}: <html lang={page['lang']} dir={page['dir']}>")
        if "?" not in url:
            titles.setdefault(specific, []).append(url)
    problems += [f"same title {title!r}: {urls}" for title, urls in titles.items() if len(urls) > 1]
    assert problems == []
