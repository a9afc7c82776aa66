"""Charts and maps of the observatory, drawn as SVG on the server: ``{% load charts %}``.

API (stable: the pages and the PDF build on it):

``{% chart figure %}`` / ``{% chart figure downloads=links %}``
    A ``Figure`` (observatory/figures.py) of kind "bar" (horizontal bars, one series or grouped),
    "stacked" (the series add up, e.g. women and men) or "line" (a time series of years) as
    ``<figure>``: a ``<figcaption>`` with the title, unit, source, licence and date; an
    ``<svg role="img" aria-labelledby>`` with ``<title>`` and ``<desc>``, direct value labels,
    the Okabe-Ito palette plus patterns, dashes and a legend for several series; then the ``<table>``
    with the same numbers. ``links`` (optional): (label, url) pairs shown under it, for the downloads.
    Element ids start with the figure's key. No JavaScript, no style attributes (strict CSP).

``{% province_map map %}`` / ``{% province_map map classes=4 method="quantiles" table=False %}``
    A ``ProvinceMap`` as a choropleth of the eight prefectures and provinces (``<figure>``): each a link
    to its page (``map.urls``) named by its ``<title>``, labelled with its name and value, filled by class
    (ColorBrewer YlGnBu; hatched grey for "no data"); the legend of class breaks in HTML beside it
    (Jenks natural breaks by default, 5 classes or fewer, observatory/classes.py), the OpenStreetMap
    credit under it, and the ranked table of the values (leave it out with ``table=False``).

``{{ value|figure_number:decimals }}``
    A number written for the active language (observatory/numbers.py): "12 345,7", "12٬345٫7", "12,345.7".
    None gives "no data" in the active language.

In Python: ``render_chart_svg(figure)`` and ``render_map_svg(map)`` return standalone SVG documents (XML
declaration, namespace, title, source and licence inside) for the "download as SVG" links;
``format_number(value, decimals=0, lang=None)`` is in observatory/numbers.py; the class breaks in
observatory/classes.py.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from observatory.drawing import chart_layout, map_layout
from observatory.figures import Figure, ProvinceMap
from observatory.numbers import format_number, format_value

register = template.Library()

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def chart_svg(figure: Figure, *, standalone: bool = False) -> str:
    """The ``<svg>`` element of ``figure`` (the page's, or with the title and source inside)."""
    layout = chart_layout(figure, standalone=standalone)
    return render_to_string("observatory/charts/chart_svg.html", {"layout": layout}).strip()


def render_chart_svg(figure: Figure) -> str:
    """A standalone SVG document of ``figure``, in the active language: the "download as SVG" file."""
    return XML_DECLARATION + chart_svg(figure, standalone=True) + "\n"


def table_rows(figure: Figure) -> tuple[list[dict], bool]:
    """The table behind the chart: one row per category, one cell per series (and the total if stacked)."""
    has_total = figure.kind == "stacked" and len(figure.series) > 1
    rows = []
    for index, category in enumerate(figure.categories):
        values = [series[index] if index < len(series) else None for _name, series in figure.series]
        cells = [
            {"text": format_value(v, figure.decimals, figure.unit), "missing": v is None} for v in values
        ]
        if has_total:
            total = None if any(v is None for v in values) else sum(values)
            cells.append(
                {"text": format_value(total, figure.decimals, figure.unit), "missing": total is None}
            )
        url = figure.category_urls[index] if index < len(figure.category_urls) else ""
        rows.append({"label": category, "url": url, "cells": cells})
    return rows, has_total


@register.inclusion_tag("observatory/charts/chart.html")
def chart(figure: Figure, downloads=()):
    layout = chart_layout(figure)
    svg = render_to_string("observatory/charts/chart_svg.html", {"layout": layout}).strip()
    rows, has_total = table_rows(figure)
    return {
        "figure": figure,
        "layout": layout,
        "svg": mark_safe(svg),  # our template escaped every value
        "rows": rows,
        "has_total": has_total,
        "series_names": [name for name, _values in figure.series],
        "unit_caption": figure.unit if figure.unit and figure.unit != "%" else "",
        "downloads": list(downloads or ()),
    }


def map_svg(
    province_map: ProvinceMap, *, standalone: bool = False, classes: int = 5, method: str = "jenks"
) -> str:
    layout = map_layout(province_map, standalone=standalone, classes=classes, method=method)
    return render_to_string("observatory/charts/map_svg.html", {"layout": layout}).strip()


def render_map_svg(province_map: ProvinceMap, *, classes: int = 5, method: str = "jenks") -> str:
    """A standalone SVG document of the map (title, legend, source and OpenStreetMap credit inside)."""
    return XML_DECLARATION + map_svg(province_map, standalone=True, classes=classes, method=method) + "\n"


def ranked_rows(province_map: ProvinceMap, layout) -> list[dict]:
    """The provinces from the highest value to the lowest, those without data last; equal values share a rank."""
    known = sorted(
        (p for p in layout.provinces if province_map.values.get(p.code) is not None),
        key=lambda p: (-province_map.values[p.code], p.name),
    )
    rows = []
    previous, rank = None, 0
    for position, p in enumerate(known, start=1):
        value = province_map.values[p.code]
        if value != previous:
            rank, previous = position, value
        rows.append({"rank": rank, "name": p.name, "url": p.url, "text": p.value_text, "missing": False})
    missing = sorted(
        (p for p in layout.provinces if province_map.values.get(p.code) is None), key=lambda p: p.name
    )
    rows += [
        {"rank": "", "name": p.name, "url": p.url, "text": p.value_text, "missing": True} for p in missing
    ]
    return rows


@register.inclusion_tag("observatory/charts/province_map.html")
def province_map(province_map: ProvinceMap, classes=5, method="jenks", table=True):
    layout = map_layout(province_map, classes=classes, method=method)
    svg = render_to_string("observatory/charts/map_svg.html", {"layout": layout}).strip()
    return {
        "map": province_map,
        "layout": layout,
        "svg": mark_safe(svg),  # our template escaped every value
        "rows": ranked_rows(province_map, layout),
        "show_table": table,
        "unit_caption": province_map.unit if province_map.unit and province_map.unit != "%" else "",
    }


@register.filter
def figure_number(value, decimals=0):
    """``{{ value|figure_number:1 }}``: the number written for the active language; None is "no data"."""
    try:
        decimals = int(decimals)
    except (TypeError, ValueError):
        decimals = 0
    return format_number(value, decimals)
