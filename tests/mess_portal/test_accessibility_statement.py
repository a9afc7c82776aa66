"""The accessibility statement says the level reached, the tools of the audit, its date and how to
report a problem, in French and in Arabic."""

import pytest
from django.urls import reverse
from django.utils import translation


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, level, date",
    [
        ("fr", "partiellement conforme au niveau AA", "30 novembre 2026"),
        ("ar", "مطابقة جزئيا للمستوى AA", "30 نوفمبر 2026"),
    ],
)
def test_the_statement_is_current(client, language, level, date):
    with translation.override(language):
        url = reverse("site:accessibility")
    text = client.get(url).content.decode()
    assert level in text and "WCAG 2.2" in text
    assert "axe-core 4.14" in text and "Nu HTML Checker" in text and "Lighthouse 12.8" in text
    assert date in text
    assert "mailto:" in text or "@" in text
