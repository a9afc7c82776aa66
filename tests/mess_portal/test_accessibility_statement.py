"""The accessibility statement says the level reached, the date and the tools of the audit, what is known
not to be accessible and how to report a problem, in French, Arabic and English."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

STATEMENTS = [
    ("fr", "partiellement conforme au niveau AA", "Dernier audit : 30 novembre 2026", "tuiles OpenStreetMap"),
    ("ar", "مطابقة جزئيا للمستوى AA", "آخر تدقيق: 30 نوفمبر 2026", "مربعات OpenStreetMap"),
    ("en", "partially conformant with level AA", "Last audit: 30 November 2026", "OpenStreetMap tiles"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("language, level, audit, tiles", STATEMENTS)
def test_the_statement_is_current(client, language, level, audit, tiles):
    with translation.override(language):
        url = reverse("site:accessibility")
        orientation, contact = reverse("support:orientation"), reverse("site:contact")
    text = client.get(url).content.decode()
    # The level reached: partial, since no one using a screen reader has tested the portal yet.
    assert level in text and "WCAG 2.2" in text
    assert audit in text
    # The tools, with the versions the tests run (tests/e2e/vendor).
    for tool in ("axe-core 4.14.1", "Nu HTML Checker (vnu-jar 26.9.27)", "Lighthouse 12.8", "+Tab"):
        assert tool in text, tool
    # What is known not to be accessible.
    assert tiles in text
    # How to report a problem: the MESS's address, phone and e-mail, and the orientation form.
    assert f"mailto:{settings.MESS_CONTACT['email']}" in text
    assert f"tel:{settings.MESS_CONTACT['phone'].replace(' ', '')}" in text
    assert f'href="{orientation}"' in text and f'href="{contact}"' in text


def test_the_tools_named_are_the_ones_vendored():
    from pathlib import Path

    vendor = Path(__file__).resolve().parents[1] / "e2e" / "vendor"
    assert (vendor / "axe-core" / "axe.min.js").read_text()[:40].startswith("/*! axe v4.14.1")
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert "vnu-jar 26.9.27" in readme
