"""The outside audit's findings (issue 14) that the HTML as served shows, checked on every public page in
French and in Arabic (the others are in the browser: tests/e2e/test_audit_findings.py; the rejected
search's wording in tests/library/test_catalogue.py; the Arabic comma in tests/e2e/test_accessibility.py).

- Headings never skip a level going down (the library's card heading went from h1 to h3). axe-core's
  heading-order rule is a best practice, outside the WCAG tags the sweep runs, so it is checked here.
- No id twice on a page, and the library's language filter has one ``id_language`` that its label names.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.form_errors import parse
from tests.public_pages import discovered_pages, seed_demo_site

pytestmark = pytest.mark.django_db


def heading_jumps(html: str) -> list[str]:
    page = parse(html)
    levels = [int(tag[1]) for tag, _attrs in page.elements if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}]
    return [f"h{a} → h{b}" for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]


def test_the_check_sees_a_jump():
    assert heading_jumps("<h1>a</h1><h3>b</h3>") == ["h1 → h3"]
    assert heading_jumps("<h1>a</h1><h2>b</h2><h3>c</h3><h2>d</h2><h2>e</h2>") == []


def test_no_page_skips_a_heading_level_nor_repeats_an_id(client, reference_data):
    site = seed_demo_site(actors=8)
    problems = []
    for language in ("fr", "ar"):
        for url in discovered_pages(client, site, language):
            html = client.get(url).content.decode()
            problems += [f"{url}: {jump}" for jump in heading_jumps(html)]
            repeated = [id_ for id_, count in parse(html).ids.items() if count > 1]
            if repeated:
                problems.append(f"{url}: ids {repeated} more than once")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_librarys_language_filter_has_one_id_and_its_label(client, reference_data, language):
    seed_demo_site(actors=2)
    with translation.override(language):
        url = reverse("library:index")
    page = parse(client.get(url).content.decode())
    assert page.ids.get("id_language") == 1
    control = next(attrs for tag, attrs in page.elements if attrs.get("id") == "id_language")
    assert control["name"] == "language"
    labels = [attrs for tag, attrs in page.elements if tag == "label" and attrs.get("for") == "id_language"]
    assert len(labels) == 1
    # The newsletter's own language field, on the same page, has an id of its own.
    assert page.ids.get("subscribe-language") == 1
