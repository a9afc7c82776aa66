"""Charts and maps of the observatory, drawn as SVG on the server: ``{% load charts %}``.

API (stable: the pages and the PDF build on it):

``{% chart figure %}`` / ``{% chart figure downloads=links table=False %}``
    A ``Figure`` (observatory/figures.py) of kind "bar" (horizontal bars, one series or grouped),
    "stacked" (the series add up, e.g. women and men) or "line" (a time series of years) as
    ``<figure>``: a ``<figcaption>`` with the title, unit, source, licence and date; an
    ``<svg role="img" aria-labelledby>`` with ``<title>`` and ``<desc>``, direct value labels,
    the Okabe-Ito palette plus patterns, dashes and a legend for several series; then the ``<table>``
    with the same numbers (``table=False`` leaves it out, where the same numbers are in a table nearby).
    ``links`` (optional): (label, url) pairs shown under it, for the downloads.
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

In Python: ``render_chart_svg(figure)`` and ``render_map_svg(map, classes=5, method="jenks")`` return
standalone SVG documents in the active language (XML declaration, namespace, title, source and licence
inside; the map also its legend and the OpenStreetMap credit) for the "download as SVG" links, to be
served as ``image/svg+xml``; ``format_number(value, decimals=0, lang=None)`` and ``format_value`` are in
observatory/numbers.py; the class breaks in observatory/classes.py (``classify``); the outlines in
observatory/shapes.py (``province_shapes``). For the PDF, ``observatory.drawing.chart_layout(figure,
lang=...)`` and ``map_layout(map, lang=...)`` give the same geometry (boxes, texts with their anchors,
paths) to draw with another library, without going through SVG text.

The HTML of ``{% chart %}`` and ``{% province_map %}`` is cached (Django's cache, one hour) under a hash
of the figure, the options and the language: a warm page pays 0.05 ms a chart instead of about 5 ms.
The style sheet is observatory/static/observatory/observatory.css (``{% static 'observatory/observatory.css' %}``),
print rules included.
"""

import hashlib

from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from mess_portal.i18n import current_language
from observatory.drawing import chart_layout, map_layout
from observatory.figures import Figure, ProvinceMap
from observatory.numbers import as_number, format_number, format_value

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
        values = [
            as_number(series[index]) if index < len(series) else None for _name, series in figure.series
        ]
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


# A chart's HTML depends only on its figure, the language and the options: it is kept in the cache under
# a hash of all three (no invalidation needed: other data is another key). Bump on a change of drawing.
CACHE_VERSION = 2
CACHE_SECONDS = 3600


def _cached_html(kind: str, identity: tuple, render) -> str:
    digest = hashlib.sha256(repr((CACHE_VERSION, current_language(), identity)).encode()).hexdigest()
    key = f"observatory:{kind}:{digest}"
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, CACHE_SECONDS)
    return mark_safe(html)  # rendered by our templates, every value escaped there


@register.simple_tag(name="chart")
def chart_tag(figure: Figure, downloads=(), table=True):
    downloads = tuple(tuple(link) for link in downloads or ())
    return _cached_html(
        "chart",
        (figure, downloads, bool(table)),
        lambda: render_to_string("observatory/charts/chart.html", chart(figure, downloads, table)),
    )


def chart(figure: Figure, downloads=(), table=True) -> dict:
    """The context of observatory/charts/chart.html."""
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
        "show_table": table,
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
    values = {p.code: as_number(province_map.values.get(p.code)) for p in layout.provinces}
    known = sorted(
        (p for p in layout.provinces if values[p.code] is not None), key=lambda p: (-values[p.code], p.name)
    )
    rows = []
    previous, rank = None, 0
    for position, p in enumerate(known, start=1):
        value = values[p.code]
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


@register.simple_tag(name="province_map")
def province_map_tag(province_map: ProvinceMap, classes=5, method="jenks", table=True):
    return _cached_html(
        "map",
        (province_map, classes, method, table),
        lambda: render_to_string(
            "observatory/charts/province_map.html", province_map_context(province_map, classes, method, table)
        ),
    )


def province_map_context(province_map: ProvinceMap, classes=5, method="jenks", table=True) -> dict:
    """The context of observatory/charts/province_map.html."""
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
