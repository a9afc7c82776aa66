"""Staff import official series in the admin: a dry run first, errors by row, all or nothing, keyed by
indicator code, HCP territory code, year and breakdown."""

import re
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from observatory.models import Indicator, Observation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/observatory/observation/import/"
CSV_FORMAT, XLSX_FORMAT = "0", "1"


@pytest.fixture
def staff(client):
    user = UserFactory(teams=["observatory"])
    client.force_login(user)
    return user


@pytest.fixture
def odco(db):
    for code, name in [
        ("odco-cooperatives", "Coopératives (ODCO)"),
        ("odco-members", "Adhérents (ODCO)"),
        ("odco-women-members", "Adhérentes (ODCO)"),
    ]:
        Indicator.objects.create(code=code, name_fr=name, unit_fr="nombre", source="ODCO")


def upload(client, content: bytes, name="series.csv", fmt=CSV_FORMAT):
    return client.post(IMPORT_URL, {"format": fmt, "import_file": SimpleUploadedFile(name, content)})


def confirm(client, dry_run_response):
    html = dry_run_response.content.decode()
    fields = dict(
        re.findall(r'name="(import_file_name|original_file_name|format|resource)" value="([^"]*)"', html)
    )
    return client.post("/admin/observatory/observation/process_import/", fields)


GOOD = (
    "indicateur;code territoire;année;valeur\n"
    "odco-cooperatives;01.511;2023;412\n"
    "odco-cooperatives;01.571;2023;388\n"
    "odco-members;01.511;2023;5 230\n"
    "odco-women-members;01.511;2023;2143,5\n"
)


def test_dry_run_then_import(client, staff, odco):
    response = upload(client, GOOD.encode("utf-8"))
    assert response.status_code == 200
    assert not Observation.objects.exists()
    assert confirm(client, response).status_code == 302
    assert Observation.objects.count() == 4
    row = Observation.objects.get(indicator__code="odco-members", territory_code="01.511", year=2023)
    assert row.value == 5230 and row.level == "province"
    assert Observation.objects.get(indicator__code="odco-women-members").value == pytest.approx(2143.5)


def test_a_second_import_updates_by_natural_key(client, staff, odco):
    confirm(client, upload(client, GOOD.encode()))
    confirm(
        client, upload(client, b"indicator,territory_code,year,value\nodco-cooperatives,01.511,2023,420\n")
    )
    assert Observation.objects.count() == 4
    assert Observation.objects.get(indicator__code="odco-cooperatives", territory_code="01.511").value == 420


def test_xlsx_import_with_a_breakdown(client, staff, odco):
    Indicator.objects.filter(code="odco-members").update(breakdown="sex")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Indicateur", "Code territoire", "Année", "Ventilation", "Catégorie", "Valeur"])
    sheet.append(["odco-members", "01", 2024, "", "", 30000])
    sheet.append(["odco-members", "01", 2024, "sex", "female", 12000])
    sheet.append(["odco-members", "01", 2024, "sex", "male", 18000])
    buffer = BytesIO()
    workbook.save(buffer)
    confirm(client, upload(client, buffer.getvalue(), name="series.xlsx", fmt=XLSX_FORMAT))
    assert Observation.objects.filter(indicator__code="odco-members").count() == 3
    assert Observation.objects.get(category="female").value == 12000
    assert Observation.objects.get(category="").level == "region"


def test_french_headers_in_windows_1252(client, staff, odco):
    confirm(client, upload(client, GOOD.encode("cp1252")))
    assert Observation.objects.count() == 4


@pytest.mark.parametrize(
    "row, message",
    [
        ("odco-inconnu;01.511;2023;5", "odco-inconnu"),
        ("odco-cooperatives;99.999;2023;5", "99.999"),
        ("odco-cooperatives;01.511;deux mille;5", "deux mille"),
        ("odco-cooperatives;01.511;2023;beaucoup", "beaucoup"),
        ("odco-cooperatives;01.511;1700;5", "1900"),
        ("odco-cooperatives;01.511;2023;", "odco-cooperatives"),
        ("odco-cooperatives;01.511;2023;412\nodco-cooperatives;01.511;2023;413", "2"),
    ],
)
def test_bad_rows_are_reported_and_nothing_is_written(client, staff, odco, row, message):
    content = GOOD + row + "\n"
    response = upload(client, content.encode("utf-8"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="import_file_name"' not in html  # no confirm button
    assert message in html
    assert not Observation.objects.exists()


def test_duplicate_keys_name_the_first_row(client, staff, odco):
    content = GOOD + "odco-cooperatives;01.511;2023;999\n"
    html = upload(client, content.encode()).content.decode()
    assert "Même indicateur" in html or "Same indicator" in html
    assert not Observation.objects.exists()


def test_forced_through_the_resource_a_bad_file_is_rolled_back(odco):
    from actors.resources import SpreadsheetCSV
    from observatory.resources import ObservationResource

    content = GOOD + "odco-cooperatives;01.511;2023;beaucoup\n"
    result = ObservationResource().import_data(
        SpreadsheetCSV().create_dataset(content.encode()), dry_run=False
    )
    assert result.has_validation_errors()
    assert not Observation.objects.exists()


@pytest.mark.parametrize(
    "content, name, fmt",
    [
        (GOOD.encode("utf-16"), "series.csv", CSV_FORMAT),
        (b"\x00\x01garbage", "series.xlsx", XLSX_FORMAT),
        (b"nom,valeur\nx,1\n", "series.csv", CSV_FORMAT),
    ],
)
def test_wrong_encoding_or_shape_is_an_error_not_a_crash(client, staff, odco, content, name, fmt):
    response = upload(client, content, name=name, fmt=fmt)
    assert response.status_code == 200
    html = response.content.decode()
    assert "errorlist" in html or "Missing columns" in html or "Colonnes manquantes" in html
    assert 'name="import_file_name"' not in html
    assert not Observation.objects.exists()


def test_indicators_import_by_code(client, staff):
    csv = "code,name_fr,unit_fr,source,licence,breakdown\nodco-cooperatives,Coopératives,coopératives,ODCO,Licence ODCO,\n"
    response = client.post(
        "/admin/observatory/indicator/import/",
        {"format": CSV_FORMAT, "import_file": SimpleUploadedFile("indicators.csv", csv.encode())},
    )
    html = response.content.decode()
    fields = dict(
        re.findall(r'name="(import_file_name|original_file_name|format|resource)" value="([^"]*)"', html)
    )
    client.post("/admin/observatory/indicator/process_import/", fields)
    assert Indicator.objects.get(code="odco-cooperatives").source == "ODCO"


def test_admin_lists(client, staff, odco, hcp_series):
    for url in [
        "/admin/observatory/indicator/",
        "/admin/observatory/indicator/add/",
        f"/admin/observatory/indicator/{Indicator.objects.get(code='hcp-population').pk}/change/",
        "/admin/observatory/observation/",
        "/admin/observatory/observation/add/",
        "/admin/observatory/observation/?q=01.511",
    ]:
        assert client.get(url).status_code == 200


def test_the_sample_files_in_the_docs_import_cleanly():
    from pathlib import Path

    from actors.resources import SpreadsheetCSV
    from observatory.resources import IndicatorResource, ObservationResource

    docs = Path(__file__).resolve().parents[2] / "docs" / "observatory"
    indicators = SpreadsheetCSV().create_dataset((docs / "odco-indicateurs-exemple.csv").read_bytes())
    result = IndicatorResource().import_data(indicators, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    series = SpreadsheetCSV().create_dataset((docs / "odco-series-exemple.csv").read_bytes())
    result = ObservationResource().import_data(series, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Observation.objects.filter(indicator__code="odco-cooperatives", year=2024).count() == 8
