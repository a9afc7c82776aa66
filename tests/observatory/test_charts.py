"""Charts as a person reads them: bars, labels and the table carry the same numbers, in every language."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.template import Context, Template
from django.utils import translation

from observatory.figures import Figure, Source
from observatory.numbers import format_number, format_value
from observatory.templatetags.charts import render_chart_svg

SVG = "{http://www.w3.org/2000/svg}"
SOURCE = Source("Annuaire de la MESS", licence="CC BY 4.0", date=datetime.date(2026, 11, 30))
PROVINCES = (
    "Tanger-Assilah",
    "M'diq-Fnideq",
    "Tétouan",
    "Fahs-Anjra",
    "Larache",
    "Al Hoceïma",
    "Chefchaouen",
    "Ouezzane",
)


def render(figure, lang="fr"):
    with translation.override(lang):
        return Template("{% load charts %}{% chart figure %}").render(Context({"figure": figure}))


def svg_of(html):
    """The inline <svg> of a rendered chart, parsed (it is XML; the namespace is added for the parser)."""
    match = re.search(r"<svg.*?</svg>", html, re.S)
    assert match, html
    return ET.fromstring(match.group(0).replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1))


def table_cells(html):
    table = re.search(r"<table.*?</table>", html, re.S).group(0)
    return [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", table, re.S)]


def texts(svg):
    return ["".join(t.itertext()) for t in svg.iter(f"{SVG}text")]


def bars(svg):
    """The data bars (not the legend's swatches, the patterns or the background)."""
    return [r for g in svg.iter(f"{SVG}g") if g.get("class") == "bars" for r in g.iter(f"{SVG}rect")]


def by_province(values, **kwargs):
    return Figure(
        key="by-province",
        title="Structures par province",
        categories=PROVINCES[: len(values)],
        series=(("Structures", tuple(values)),),
        unit="structures",
        source=SOURCE,
        **kwargs,
    )


class TestNumbers:
    @pytest.mark.parametrize(
        "lang, value, decimals, expected",
        [
            ("fr", 1234567, 0, "1\u202f234\u202f567"),
            ("fr", 1234.5678, 2, "1\u202f234,57"),
            ("fr", 999, 0, "999"),
            ("fr", -1234, 0, "\u22121\u202f234"),
            ("en", 1234567.25, 1, "1,234,567.3"),
            ("ar", 1234567.25, 1, "1\u066c234\u066c567\u066b3"),
            ("ar", 12.5, 1, "12\u066b5"),
            ("ar", -3, 0, "\u200e-3"),
            ("fr", 2.5, 0, "3"),  # half away from zero, not to even
            ("fr", 0.125, 2, "0,13"),
            ("fr", -0.4, 0, "0"),  # no "-0"
            ("fr", 0, 1, "0,0"),
        ],
    )
    def test_format_number(self, lang, value, decimals, expected):
        assert format_number(value, decimals, lang=lang) == expected

    def test_arabic_uses_western_digits(self):
        assert re.fullmatch(r"[0-9\u066b\u066c]+", format_number(9876543.21, 2, lang="ar"))

    def test_active_language_is_the_default(self):
        with translation.override("ar"):
            assert format_number(1000) == "1\u066c000"
        with translation.override("en"):
            assert format_number(1000) == "1,000"

    def test_none_is_no_data_never_zero(self):
        assert format_number(None, lang="fr") == "pas de données"
        assert format_number(None, lang="ar") == "لا توجد بيانات"
        assert format_number(None, lang="en") == "no data"
        assert format_number(float("nan"), lang="en") == "no data"

    def test_percent(self):
        assert format_value(12.5, 1, "%", lang="fr") == "12,5\u202f%"
        assert format_value(12.5, 1, "%", lang="en") == "12.5%"
        assert format_value(12.5, 1, "structures", lang="fr") == "12,5"

    def test_filter(self):
        html = Template("{% load charts %}{{ v|figure_number:1 }}|{{ n|figure_number }}").render(
            Context({"v": 12345.67, "n": None})
        )
        assert html == "12\u202f345,7|pas de données"


class TestBarChart:
    def test_bars_labels_and_table_agree(self):
        values = (1234, 87, 560, 90, 10, 410, 388, 12345)
        html = render(by_province(values))
        svg = svg_of(html)
        assert len(bars(svg)) == 8
        labels = texts(svg)
        for name in PROVINCES:
            assert name in labels
        expected = [format_number(v, lang="fr") for v in values]
        for text in expected:
            assert text in labels
        assert table_cells(html) == expected
        # The longest bar is the largest value; widths are proportional.
        widths = [float(r.get("width")) for r in bars(svg)]
        assert widths.index(max(widths)) == 7
        assert widths[0] / widths[7] == pytest.approx(1234 / 12345, rel=0.02)

    def test_accessible_pattern(self):
        html = render(by_province((5, 3)))
        assert html.startswith('<figure class="chart chart-bar" id="by-province">')
        assert "<figcaption" in html and "Structures par province" in html
        assert "Annuaire de la MESS" in html and "CC BY 4.0" in html and "30 novembre 2026" in html
        svg = svg_of(html)
        assert svg.get("role") == "img"
        assert svg.get("aria-labelledby") == "by-province-title by-province-desc"
        assert svg.find(f"{SVG}title").get("id") == "by-province-title"
        desc = svg.find(f"{SVG}desc")
        assert desc.get("id") == "by-province-desc" and "Tanger-Assilah" in desc.text
        assert '<th scope="col"' in html and '<th scope="row"' in html and "<caption" in html
        assert svg.get("viewBox").startswith("0 0 ") and svg.get("width") is None

    def test_none_is_no_data_not_zero(self):
        html = render(by_province((10, None, 0)))
        svg = svg_of(html)
        assert len(bars(svg)) == 2  # 10 and a zero-length bar for 0; nothing for None
        assert "pas de données" in texts(svg)
        assert table_cells(html) == ["10", "pas de données", "0"]

    def test_all_zero(self):
        html = render(by_province((0, 0, 0)))
        svg = svg_of(html)
        assert [r.get("width") for r in bars(svg)] == ["0", "0", "0"]
        assert table_cells(html) == ["0", "0", "0"]

    def test_all_missing_and_empty(self):
        assert texts(svg_of(render(by_province((None, None))))).count("pas de données") == 2
        empty = render(by_province(()))
        assert "<svg" in empty and table_cells(empty) == []

    def test_one_category(self):
        html = render(by_province((42,)))
        assert len(bars(svg_of(html))) == 1 and table_cells(html) == ["42"]

    def test_long_labels_wrap_and_many_categories(self):
        categories = tuple(
            f"Secteur numéro {i} avec un nom vraiment très long pour une étiquette" for i in range(20)
        )
        figure = Figure("sectors", "Secteurs", categories, (("Structures", tuple(range(20))),))
        svg = svg_of(render(figure))
        assert len(bars(svg)) == 20
        wrapped = [t for t in svg.iter(f"{SVG}text") if t.find(f"{SVG}tspan") is not None]
        assert len(wrapped) == 20
        # A shortened label keeps its full text as a tooltip.
        assert all(t.find(f"{SVG}title").text == categories[i] for i, t in enumerate(wrapped))
        height = float(svg.get("viewBox").split()[3])
        assert height > 20 * 30

    def test_category_links_in_the_table(self):
        html = render(by_province((1, 2), category_urls=("/fr/observatoire/provinces/tanger-assilah/", "")))
        assert (
            '<th scope="row"><a href="/fr/observatoire/provinces/tanger-assilah/">Tanger-Assilah</a></th>'
            in html
        )

    def test_arabic_is_mirrored(self):
        html = render(by_province((100, 50)), lang="ar")
        svg = svg_of(html)
        assert svg.get("direction") == "rtl"
        label = next(t for t in svg.iter(f"{SVG}text") if t.text == "Tanger-Assilah")
        bar = bars(svg)[0]
        # Labels on the right, bars growing to the left of them.
        assert float(bar.get("x")) + float(bar.get("width")) <= float(label.get("x"))
        assert table_cells(html) == ["100", "50"]
        assert "\u066c" in format_number(1000, lang="ar")

    def test_grouped_series_have_a_legend_and_patterns(self):
        figure = Figure(
            "families", "Familles", ("Coopérative", "Association"), (("2024", (5, 3)), ("2025", (6, None)))
        )
        html = render(figure)
        svg = svg_of(html)
        assert len(bars(svg)) == 3
        assert svg.find(f"{SVG}defs/{SVG}pattern").get("id") == "families-p1"
        assert {"2024", "2025"} <= set(texts(svg))  # the legend names each series
        assert table_cells(html) == ["5", "6", "3", "pas de données"]


class TestStackedChart:
    def test_segments_and_totals(self):
        figure = Figure(
            "women-men",
            "Membres",
            ("Tanger-Assilah", "Larache", "Ouezzane"),
            (("Femmes", (120, None, 5)), ("Hommes", (300, None, 0))),
            kind="stacked",
        )
        html = render(figure)
        svg = svg_of(html)
        assert len(bars(svg)) == 3  # 120, 300, 5 (a zero segment is not drawn)
        labels = texts(svg)
        assert "420" in labels and "120" in labels and "300" in labels
        assert "pas de données" in labels
        assert table_cells(html) == [
            "120",
            "300",
            "420",
            "pas de données",
            "pas de données",
            "pas de données",
            "5",
            "0",
            "5",
        ]
        assert "Total" in html


class TestLineChart:
    def test_lines_break_at_missing_years(self):
        years = tuple(str(y) for y in range(2018, 2025))
        figure = Figure(
            "creations",
            "Créations par année",
            years,
            (("Créations", (3, 5, None, 8, 9, 12, 15)), ("Stock", (3, 8, 8, 16, 25, 37, 52))),
            kind="line",
        )
        html = render(figure, lang="ar")
        svg = svg_of(html)
        lines = [p for g in svg.iter(f"{SVG}g") if g.get("fill") == "none" for p in g.iter(f"{SVG}path")]
        assert len(lines) == 3  # creations in two runs, stock in one
        assert svg.get("direction") == "ltr"  # time runs left to right in Arabic too
        assert "52" in texts(svg) and "2024" in texts(svg)
        assert table_cells(html)[4:6] == ["لا توجد بيانات", "8"]

    def test_single_year(self):
        figure = Figure("one", "Une année", ("2024",), (("Structures", (7,)),), kind="line")
        svg = svg_of(render(figure))
        assert len(list(svg.iter(f"{SVG}circle"))) == 1


class TestStandaloneSvg:
    @pytest.mark.parametrize("kind", ["bar", "stacked", "line"])
    @pytest.mark.parametrize("lang", ["fr", "ar"])
    def test_parses_with_title_and_source(self, kind, lang):
        figure = Figure(
            "key", "Titre", ("2023", "2024"), (("A", (1, 2)), ("B", (None, 3))), kind=kind, source=SOURCE
        )
        with translation.override(lang):
            document = render_chart_svg(figure)
        assert document.startswith('<?xml version="1.0" encoding="UTF-8"?>')
        root = ET.fromstring(document.encode())
        assert root.tag == f"{SVG}svg"
        assert root.find(f"{SVG}title").text == "Titre"
        all_text = " ".join(texts(root))
        assert "Titre" in all_text and "Annuaire de la MESS" in all_text and "CC BY 4.0" in all_text
        assert float(root.get("width")) > 0 and float(root.get("height")) > 0


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_no_inline_style_anywhere(lang):
    figures = [
        by_province((1, None, 3)),
        Figure("s", "S", ("a", "b"), (("x", (1, 2)), ("y", (3, 4))), kind="stacked"),
        Figure("l", "L", ("2020", "2021"), (("x", (1, 2)), ("y", (3, None))), kind="line"),
    ]
    for figure in figures:
        with translation.override(lang):
            for markup in (render(figure, lang), render_chart_svg(figure)):
                assert not re.search(r"\sstyle=", markup)
                assert "<style" not in markup and "<script" not in markup


def test_a_chart_is_small():
    svg = re.search(
        r"<svg.*?</svg>", render(by_province((1234, 87, 560, 90, 10, 410, 388, 12345))), re.S
    ).group(0)
    assert len(svg.encode()) < 2500


def test_cached_by_content_and_language():
    first = render(by_province((1, 2)))
    assert render(by_province((1, 2))) == first
    changed = render(by_province((1, 3)))
    assert table_cells(changed) == ["1", "3"]
    assert "pas de données" not in render(by_province((1, None)), lang="ar")
    assert render(by_province((1, 2)), lang="ar") != first


def test_download_links():
    html = Template("{% load charts %}{% chart figure downloads=links %}").render(
        Context({"figure": by_province((1,)), "links": [("SVG", "/x.svg"), ("CSV", "/x.csv")]})
    )
    assert '<a href="/x.svg" download>SVG</a>' in html and '<a href="/x.csv" download>CSV</a>' in html


def test_without_table():
    html = Template("{% load charts %}{% chart figure table=False %}").render(
        Context({"figure": by_province((1,))})
    )
    assert "<svg" in html and "<table" not in html
