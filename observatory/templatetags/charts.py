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

``{% province_map map %}``
    A ``ProvinceMap`` as a choropleth of the eight prefectures and provinces: each a link to its page,
    labelled with its name and value, coloured by class, with the legend of class breaks in HTML beside
    it and the OpenStreetMap credit under it.

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

from observatory.drawing import chart_layout
from observatory.figures import Figure
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


@register.filter
def figure_number(value, decimals=0):
    """``{{ value|figure_number:1 }}``: the number written for the active language; None is "no data"."""
    try:
        decimals = int(decimals)
    except (TypeError, ValueError):
        decimals = 0
    return format_number(value, decimals)
