"""Downloads carry the same numbers as the pages, with their source, licence and dates."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return response


def csv_rows(response):
    text = response.content.decode("utf-8-sig")
    meta = [line for line in text.splitlines() if line.startswith("# ")]
    rows = list(csv.reader(line for line in text.splitlines() if not line.startswith("#")))
    return meta, rows


def test_csv_of_a_chart_has_the_source_first_then_the_table(client, known):
    response = get(client, "/fr/observatoire/?download=structures-by-province&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    disposition = response["Content-Disposition"]
    assert 'filename="oress-structures-by-province-' in disposition and disposition.endswith('.csv"')
    meta, rows = csv_rows(response)
    meta_text = "\n".join(meta)
    assert "CC BY 4.0" in meta_text and "Annuaire" in meta_text or "directory" in meta_text
    assert any(line.startswith("# Extrait le") or line.startswith("# Extracted on") for line in meta)
    table = dict(rows[1:])
    assert table[known.tanger.name] == "2"
    assert table[known.tetouan.name] == "1"
    assert table[known.ouezzane.name] == "0"


def test_missing_values_are_empty_cells_not_zeros(client, known):
    _meta, rows = csv_rows(
        get(client, "/fr/observatoire/?download=structures-per-10000-by-province&format=csv")
    )
    table = dict(rows[1:])
    assert table[known.fahs.name] == ""
    assert float(table[known.tanger.name]) == pytest.approx(2 / known.tanger.population_2024 * 10_000)


def test_csv_reads_with_pandas_comment_option(client, known):
    pandas = pytest.importorskip("pandas")
    response = get(client, "/fr/observatoire/?download=members-by-sex-by-province&format=csv")
    frame = pandas.read_csv(io.BytesIO(response.content), comment="#", encoding="utf-8-sig")
    assert list(frame.columns)[1:] == ["Femmes", "Hommes"] or len(frame.columns) == 3
    assert len(frame) == 8


def test_xlsx_has_a_data_and_a_source_sheet(client, known):
    response = get(
        client, "/fr/observatoire/?province=tanger-assilah&download=structures-by-family&format=xlsx"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["data", "source"]
    data = {row[0]: row[1] for row in workbook["data"].iter_rows(min_row=2, values_only=True)}
    assert data["Coopérative"] == 1 and data["Association"] == 1
    source = {row[0]: row[1] for row in workbook["source"].iter_rows(values_only=True)}
    assert any(value == "CC BY 4.0" for value in source.values())
    assert any("Tanger-Assilah" in str(value) for value in source.values())  # the selection


def test_json_has_a_metadata_object(client, known):
    response = get(client, "/en/observatoire/?download=creations-by-year&format=json")
    document = json.loads(response.content)
    assert document["metadata"]["Licence"] == "CC BY 4.0"
    assert document["metadata"]["key"] == "creations-by-year"
    assert [row["Creations"] for row in document["rows"]] == [1, 0, 2]


def test_svg_of_a_chart(client, known):
    response = get(client, "/fr/observatoire/?download=structures-by-province&format=svg")
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<?xml")


def test_atlas_map_table(client, known):
    response = get(
        client,
        "/fr/observatoire/atlas/?indicator=members&measure=per-10000&download=map-members-per-10000&format=json",
    )
    rows = {list(row.values())[0]: list(row.values()) for row in json.loads(response.content)["rows"]}
    value = rows[known.tanger.code][-1]
    assert value == pytest.approx(30 / known.tanger.population_2024 * 10_000)


def test_all_the_data_of_an_official_series(client, known, hcp_series):
    response = get(
        client,
        "/fr/observatoire/indicateurs/hcp-employed-cooperative-members/?download=hcp-employed-cooperative-members-all-data&format=csv",
    )
    meta, rows = csv_rows(response)
    assert any("hcp.ma" in line for line in meta) and any("CC BY 4.0" in line for line in meta)
    # Region, 8 provinces; each total, women and men.
    assert len(rows) - 1 == 27
    region_total = next(row for row in rows[1:] if row[1] == "01" and row[4] == "")
    assert float(region_total[-1]) == 2.2


def test_all_the_data_of_a_live_figure(client, known):
    response = get(client, "/fr/observatoire/indicateurs/members/?download=members-all-data&format=json")
    rows = json.loads(response.content)["rows"]
    assert len(rows) == 1 + 8 + 146
    values = {list(row.values())[1]: list(row.values()) for row in rows}
    assert values["01"][3] == 35
    assert values[known.tanger.code][3] == 30
    assert values[known.ouezzane.code][3] is None  # no structure: no data
    assert values["01.511.01.0"][5] == pytest.approx(30 / values["01.511.01.0"][4] * 10_000, abs=0.001)


def test_key_figures_and_the_province_tables_download_too(client, known, hcp_series):
    _meta, rows = csv_rows(
        get(client, "/fr/observatoire/?province=tanger-assilah&download=key-figures&format=csv")
    )
    values = {row[0]: row[1] for row in rows[1:]}
    assert values["Membres"] == "30"
    assert (
        values["Part des femmes parmi les membres"] == str(60.0)
        or float(values["Part des femmes parmi les membres"]) == 60.0
    )
    _meta, rows = csv_rows(
        get(
            client,
            "/fr/observatoire/provinces/tanger-assilah/?download=tanger-assilah-key-figures&format=csv",
        )
    )
    structures = next(row for row in rows[1:] if row[0] == "Nombre de structures de l'ESS")
    assert structures[2:] == ["2", "4", "50"]
    response = get(
        client,
        "/fr/observatoire/provinces/tanger-assilah/?download=tanger-assilah-official-series&format=json",
    )
    rows = json.loads(response.content)["rows"]
    cooperative = next(row for row in rows if "coopérateurs" in list(row.values())[0])
    assert list(cooperative.values())[3:5] == [2.1, 2.2]
