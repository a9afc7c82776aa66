"""Every chart and table of the observatory as a file: CSV, XLSX and JSON carry the source, the licence
and the dates with the data; SVG is the chart itself.

CSV: the metadata comes first, as lines starting with "# " (title, source, licence, link, dates, note),
then the table with one header row. A person opening the file in a spreadsheet reads the source before
the numbers, and programs skip those lines with the usual option (pandas ``read_csv(comment="#")``, R
``read.csv(comment.char="#")``); trailing rows would instead be read as data by both. The file starts with
a UTF-8 byte order mark so that Excel shows Arabic names correctly.
"""

import csv
import io
import json
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from observatory import stats
from observatory.figures import Figure, ProvinceMap, Source

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "svg": "image/svg+xml",
}


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple, ...]
    source: Source | None
    unit: str = ""


def axis_label(key: str) -> str:
    for word, label in (
        ("commune", _("Commune")),
        ("province", _("Prefecture or province")),
        ("family", _("Legal family")),
        ("sector", _("Sector")),
        ("year", _("Year")),
        ("sex", _("Territory")),
    ):
        if word in key:
            return label
    return _("Category")


def figure_table(figure: Figure) -> Table:
    headers = (axis_label(figure.key), *[name for name, _values in figure.series])
    rows = tuple(
        (category, *[values[i] for _name, values in figure.series])
        for i, category in enumerate(figure.categories)
    )
    return Table(figure.key, figure.title, headers, rows, figure.source, figure.unit)


def map_table(province_map: ProvinceMap) -> Table:
    rows = tuple(
        (code, province_map.names.get(code, code), province_map.values.get(code))
        for code in sorted(province_map.names)
    )
    headers = (_("HCP code"), _("Prefecture or province"), province_map.unit or _("Value"))
    return Table(province_map.key, province_map.title, headers, rows, province_map.source, province_map.unit)


def metadata(table: Table) -> list[tuple[str, str]]:
    source = table.source
    rows = [(_("Title"), table.title)]
    if table.unit:
        rows.append((_("Unit"), table.unit))
    if source:
        rows += [
            (_("Source"), source.name),
            (_("Licence"), source.licence),
            (_("Link"), source.url),
            (_("Source date"), source.date.isoformat() if source.date else ""),
            (_("Note"), source.note),
        ]
    rows += [
        (_("Extracted on"), stats.today().isoformat()),
        (_("Published by"), _("ORESS, observatory of the MESS Tanger-Tétouan-Al Hoceïma")),
    ]
    return [(label, value) for label, value in rows if value]


def _cell(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def to_csv(table: Table) -> bytes:
    out = io.StringIO()
    out.write("\ufeff")
    for label, value in metadata(table):
        out.write(f"# {label}: {' '.join(str(value).split())}\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow(["" if value is None else _cell(value) for value in row])
    return out.getvalue().encode("utf-8")


def to_xlsx(table: Table) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "data"
    sheet.append(list(table.headers))
    for row in table.rows:
        sheet.append([_cell(value) for value in row])
    about = workbook.create_sheet("source")
    for label, value in metadata(table):
        about.append([label, str(value)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def to_json(table: Table) -> bytes:
    document = {
        "metadata": dict(metadata(table)) | {"key": table.key},
        "columns": list(table.headers),
        "rows": [dict(zip(table.headers, map(_cell, row), strict=True)) for row in table.rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=1, default=str).encode("utf-8")


def filename(key: str, extension: str) -> str:
    return f"oress-{slugify(key) or 'data'}-{stats.today().isoformat()}.{extension}"


def table_response(table: Table, file_format: str) -> HttpResponse:
    body = {"csv": to_csv, "xlsx": to_xlsx, "json": to_json}[file_format](table)
    return _attachment(body, file_format, table.key)


def svg_response(svg: str, key: str) -> HttpResponse:
    return _attachment(svg.encode("utf-8"), "svg", key)


def _attachment(body: bytes, file_format: str, key: str) -> HttpResponse:
    response = HttpResponse(body, content_type=FORMATS[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename(key, file_format)}"'
    return response


def all_data_table(code: str) -> Table:
    """Every value of an indicator: for an official series each observation (all years, territories and
    categories); for a live figure each province and commune, absolute and per 10,000 inhabitants."""
    from mess_portal.models import Commune
    from observatory.live import LIVE_INDICATORS
    from observatory.models import Observation

    ref = stats.reference()
    communes = {
        code: (pk, names, population)
        for pk, code, *names, population in Commune.objects.order_by("code").values_list(
            "pk", "code", "name_fr", "name_ar", "name_en", "population_2024"
        )
    }

    def commune_name(names):
        return stats._localized(dict(zip(("fr", "ar", "en"), names, strict=True)))

    places = {ref.region.code: ref.region.name, **{p.code: p.name for p in ref.provinces}}
    live = LIVE_INDICATORS.get(code)
    if live:
        provinces = stats.by_province()
        by_commune = stats.by_commune()
        rows = []
        for place in [ref.region, *ref.provinces]:
            row = (
                stats._totals(stats.NO_FILTERS)
                if place is ref.region
                else provinces.get(place.code, stats.EMPTY)
            )
            rows.append(
                _live_row(
                    "region" if place is ref.region else "province",
                    place.code,
                    place.name,
                    row,
                    live,
                    place.population,
                )
            )
        for commune_code, (pk, names, population) in communes.items():
            rows.append(
                _live_row(
                    "commune",
                    commune_code,
                    commune_name(names),
                    by_commune.get(pk, stats.EMPTY),
                    live,
                    population,
                )
            )
        headers = (
            _("Level"),
            _("HCP code"),
            _("Territory"),
            str(live.name),
            _("Population 2024"),
            _("per 10,000 inhabitants"),
        )
        return Table(
            f"{code}-all-data",
            str(live.name),
            headers,
            tuple(rows),
            stats.directory_source(stats.per_capita_note()),
            str(live.unit),
        )
    indicator = stats.published_indicators()[code]
    rows = tuple(
        (
            level,
            territory,
            places.get(territory)
            or (commune_name(communes[territory][1]) if territory in communes else territory),
            year,
            breakdown,
            category,
            float(value),
        )
        for level, territory, year, breakdown, category, value in Observation.objects.filter(
            indicator=indicator
        )
        .order_by("year", "territory_code", "breakdown", "category")
        .values_list("level", "territory_code", "year", "breakdown", "category", "value")
    )
    headers = (
        _("Level"),
        _("HCP code"),
        _("Territory"),
        _("Year"),
        _("Breakdown"),
        _("Category"),
        indicator.unit or _("Value"),
    )
    return Table(
        f"{code}-all-data", indicator.name, headers, rows, stats.indicator_source(indicator), indicator.unit
    )


def _live_row(level, code, name, row, live, population):
    value = row.get(live.field)
    if live.field == "structures":
        value = value or 0
    rate = stats.per_10000(value, population) if live.is_count else None
    return (level, code, name, value, population, None if rate is None else round(rate, 3))


def _source_text(source: Source | None) -> str:
    if source is None:
        return ""
    return " · ".join(
        filter(None, [source.name, source.licence, source.date.isoformat() if source.date else ""])
    )


def key_figures_table(key: str, title: str, items) -> Table:
    """The Panorama's key figures (each row with its own source)."""
    headers = (_("Figure"), _("Value"), _("Unit"), _("Source"))
    rows = tuple((item.label, item.value, item.unit, _source_text(item.source)) for item in items)
    return Table(key, title, headers, rows, items[0].source if items else None)


def comparison_table(key: str, title: str, place_name: str, region_name: str, rows, source) -> Table:
    """A province's figures beside the region's, and its share of the region (%)."""
    headers = (_("Figure"), _("Unit"), place_name, region_name, _("Share of the region") + " (%)")
    return Table(
        key,
        title,
        headers,
        tuple((row.label, row.unit, row.province, row.region, row.share) for row in rows),
        source,
    )


def official_table(key: str, title: str, place_name: str, region_name: str, rows) -> Table:
    """The latest value of each official series for a province, beside the region's."""
    headers = (_("Indicator"), _("Year"), _("Unit"), place_name, region_name, _("Source"))
    return Table(
        key,
        title,
        headers,
        tuple(
            (row.name, row.year, row.unit, row.value, row.region_value, _source_text(row.source))
            for row in rows
        ),
        None,
    )
