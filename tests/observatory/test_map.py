"""The Atlas map: outlines, class breaks, and the choropleth as a person reads it."""

import datetime
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.template import Context, Template
from django.utils import translation

from observatory.classes import SEQUENTIAL, classify
from observatory.figures import ProvinceMap, Source
from observatory.shapes import DATA_FILE, PACKAGE_IDS, province_shapes
from observatory.templatetags.charts import render_map_svg

SVG = "{http://www.w3.org/2000/svg}"
CODES = ("01.051", "01.151", "01.227", "01.331", "01.405", "01.511", "01.571", "01.573")
NAMES_FR = {
    "01.051": "Al Hoceïma",
    "01.151": "Chefchaouen",
    "01.227": "Fahs-Anjra",
    "01.331": "Larache",
    "01.405": "Ouezzane",
    "01.511": "Tanger-Assilah",
    "01.571": "Tétouan",
    "01.573": "M'diq-Fnideq",
}
NAMES_AR = {
    "01.051": "الحسيمة",
    "01.151": "شفشاون",
    "01.227": "الفحص-أنجرة",
    "01.331": "العرائش",
    "01.405": "وزان",
    "01.511": "طنجة-أصيلة",
    "01.571": "تطوان",
    "01.573": "المضيق-الفنيدق",
}
TINY = Path(__file__).parent / "data" / "tiny_provinces.topojson"
PATH_RE = re.compile(r"(M\d+ \d+(L\d+ \d+){2,}z)+")
NBSP = "\u202f"


def atlas(values, names=NAMES_FR, **kwargs):
    return ProvinceMap(
        key="atlas",
        title="Structures par province",
        values=values,
        names=names,
        urls={code: f"/fr/observatoire/provinces/{code}/" for code in names},
        unit="structures",
        source=Source("Annuaire de la MESS", licence="CC BY 4.0", date=datetime.date(2026, 11, 30)),
        **kwargs,
    )


def render(province_map, lang="fr", options=""):
    with translation.override(lang):
        return Template("{% load charts %}{% province_map m " + options + " %}").render(
            Context({"m": province_map})
        )


def svg_of(html):
    match = re.search(r"<svg class=\"map-svg\".*?</svg>", html, re.S)
    return ET.fromstring(match.group(0).replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1))


def province_paths(svg):
    group = next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "provinces")
    return list(group.iter(f"{SVG}path"))


def label_texts(svg):
    group = next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "labels")
    return [[t.text, *[s.text for s in t.findall(f"{SVG}tspan")]] for t in group.iter(f"{SVG}text")]


def inside(point, d):
    """Even-odd point-in-polygon over every ring of an SVG path of M/L/z commands."""
    x, y = point
    crossings = 0
    for ring in re.findall(r"M([^z]+)z", d):
        points = [tuple(map(float, p.split())) for p in re.split(r"[ML]", "M" + ring) if p.strip()]
        for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                crossings += 1
    return crossings % 2 == 1


class TestCommittedShapes:
    def test_eight_provinces_with_valid_paths_and_labels_inside(self):
        data = province_shapes()
        assert sorted(data["provinces"]) == sorted(CODES) == sorted(PACKAGE_IDS.values())
        width, height = data["width"], data["height"]
        assert data["viewBox"] == f"0 0 {width} {height}"
        for code, shape in data["provinces"].items():
            assert PATH_RE.fullmatch(shape["d"]), code
            coordinates = [int(n) for n in re.findall(r"\d+", shape["d"])]
            assert max(coordinates[0::2]) <= width and max(coordinates[1::2]) <= height
            point = shape.get("anchor", shape["label"])  # a label out at sea points at its province
            assert inside(point, shape["d"]), code

    def test_source_and_licence_travel_with_the_geometry(self):
        data = province_shapes()
        assert data["licence"] == "© OpenStreetMap contributors, ODbL"
        assert "morocco-map 1.3.0" in data["source"]
        assert 6_000 < DATA_FILE.stat().st_size < 16_000

    def test_names_match_the_package(self):
        names = {code: shape["name"] for code, shape in province_shapes()["provinces"].items()}
        for code, name in NAMES_FR.items():
            key = name.replace("ï", "i").split("-")[0]
            assert key in names[code], (code, names[code])


class TestBuildCommand:
    def test_builds_from_a_topojson(self, tmp_path):
        pytest.importorskip("shapely")
        output = tmp_path / "provinces.json"
        call_command("build_province_shapes", topojson=str(TINY), output=str(output), stdout=io.StringIO())
        data = json.loads(output.read_text(encoding="utf-8"))
        assert sorted(data["provinces"]) == sorted(CODES)  # the other region's province is left out
        assert (
            data["licence"] == "© OpenStreetMap contributors, ODbL" and "morocco-map 1.3.0" in data["source"]
        )
        for code, shape in data["provinces"].items():
            assert PATH_RE.fullmatch(shape["d"]), code
        # The spike that made Al Hoceïma invalid is repaired away: a square again (4 corners).
        assert data["provinces"]["01.051"]["d"].count("L") == 3
        # Shared borders stay shared: Larache's east side is Tanger-Assilah's west side.
        larache = set(re.findall(r"\d+ \d+", data["provinces"]["01.331"]["d"]))
        tanger = set(re.findall(r"\d+ \d+", data["provinces"]["01.511"]["d"]))
        assert len(larache & tanger) == 2

    def test_missing_province_is_an_error(self, tmp_path):
        pytest.importorskip("shapely")
        topology = json.loads(TINY.read_text())
        topology["objects"]["provinces"]["geometries"] = [
            g for g in topology["objects"]["provinces"]["geometries"] if g["id"] != "MA-OUZ"
        ]
        broken = tmp_path / "broken.json"
        broken.write_text(json.dumps(topology))
        with pytest.raises(CommandError, match="MA-OUZ"):
            call_command("build_province_shapes", topojson=str(broken), output=str(tmp_path / "out.json"))
        with pytest.raises(CommandError):
            call_command(
                "build_province_shapes", topojson=str(tmp_path / "absent.json"), output=str(tmp_path / "o")
            )


class TestClassBreaks:
    def test_jenks_by_hand(self):
        # Two classes of 0, 1, 5, 6, 7, 20: {0..7} | {20} leaves 38.8 of squared deviations,
        # {0, 1} | {5..20} 149.5: the gap before 20 is the natural break.
        result = classify(dict(enumerate([0, 1, 5, 6, 7, 20])), n=2)
        assert [(c.low, c.high, c.count) for c in result.classes] == [(0, 7, 5), (20, 20, 1)]
        result = classify(dict(enumerate([1, 2, 3, 10, 11, 12, 50])), n=3)
        assert [(c.low, c.high) for c in result.classes] == [(1, 3), (10, 12), (50, 50)]

    def test_quantiles_by_hand(self):
        # Seven values in three classes: ranks 0-2, 3-4, 5-6 (rank x 3 // 7).
        result = classify(dict(enumerate([1, 2, 3, 10, 11, 12, 50])), n=3, method="quantiles")
        assert [(c.low, c.high, c.count) for c in result.classes] == [(1, 3, 3), (10, 11, 2), (12, 50, 2)]

    def test_equal_values_share_a_class_and_fewer_classes(self):
        result = classify({"a": 5, "b": 5, "c": 5}, n=5)
        assert len(result.classes) == 1 and set(result.class_of.values()) == {0}
        result = classify({"a": 0, "b": 0, "c": 1, "d": 1}, n=5, method="quantiles")
        assert [(c.low, c.high, c.count) for c in result.classes] == [(0, 0, 2), (1, 1, 2)]
        assert result.class_of == {"a": 0, "b": 0, "c": 1, "d": 1}

    def test_none_is_left_out(self):
        result = classify({"a": None, "b": 3, "c": 9}, n=5)
        assert result.class_of["a"] is None and len(result.classes) == 2
        assert classify({"a": None}).classes == ()
        assert classify({}).classes == ()

    def test_odd_class_counts(self):
        values = dict(enumerate([1, 2, 3, 40]))
        assert len(classify(values, n=0).classes) == 1
        assert len(classify(values, n="x").classes) == 4
        assert len(classify(values, n=99).classes) == 4

    def test_colours_light_to_dark(self):
        result = classify(dict(enumerate(range(10))), n=5)
        assert [c.colour for c in result.classes] == list(SEQUENTIAL[5])


class TestProvinceMap:
    VALUES = {
        "01.511": 1234,
        "01.573": 87,
        "01.571": 560,
        "01.227": None,
        "01.331": 240,
        "01.051": 410,
        "01.151": 388,
        "01.405": 150,
    }

    def test_paths_links_labels_and_legend(self):
        html = render(atlas(self.VALUES))
        svg = svg_of(html)
        paths = province_paths(svg)
        assert len(paths) == 8
        links = list(svg.iter(f"{SVG}a"))
        assert len(links) == 8
        tanger = next(a for a in links if a.get("href") == "/fr/observatoire/provinces/01.511/")
        assert tanger.find(f"{SVG}title").text == f"Tanger-Assilah: 1{NBSP}234"
        labels = label_texts(svg)
        assert ["Tanger-Assilah", f"1{NBSP}234"] in labels
        assert ["Fahs-Anjra"] in labels  # no value line without data
        # Jenks, five classes of 87, 150, 240, 388, 410, 560, 1234 (by hand: the gaps are widest there).
        fills = {a.get("href").split("/")[-2]: a.find(f"{SVG}path").get("fill") for a in links}
        palette = SEQUENTIAL[5]
        assert fills["01.511"] == palette[4] and fills["01.571"] == palette[3]
        assert fills["01.051"] == fills["01.151"] == palette[2]
        assert fills["01.573"] == fills["01.405"] == palette[0] and fills["01.331"] == palette[1]
        assert fills["01.227"] == "url(#atlas-nodata)"
        # The legend in HTML, ranges written for the language, "no data" last.
        legend = re.findall(r'<span class="map-legend-range">(.*?)</span>', html)
        assert legend == ["87 – 150", "240", "388 – 410", "560", f"1{NBSP}234", "pas de données"]
        assert "© OpenStreetMap contributors, ODbL" in html
        assert svg.get("aria-labelledby") == "atlas-title atlas-desc"

    def test_ranked_table(self):
        html = render(atlas(self.VALUES))
        table = re.search(r"<table.*?</table>", html, re.S).group(0)
        rows = re.findall(
            r"<tr><td[^>]*>(.*?)</td><th scope=\"row\"><a href=\"[^\"]+\">(.*?)</a></th><td[^>]*>(.*?)</td>",
            table,
        )
        assert rows[0] == ("1", "Tanger-Assilah", f"1{NBSP}234")
        assert rows[-2] == ("7", "M&#x27;diq-Fnideq", "87")
        assert rows[-1] == ("", "Fahs-Anjra", "pas de données")
        assert "<table" not in render(atlas(self.VALUES), options="table=False")

    def test_quantiles_and_fewer_classes(self):
        html = render(atlas(dict.fromkeys(CODES, 10)), options='classes=3 method="quantiles"')
        assert re.findall(r'<span class="map-legend-range">(.*?)</span>', html) == ["10"]
        assert {p.get("fill") for p in province_paths(svg_of(html))} == {SEQUENTIAL[1][0]}

    def test_all_missing(self):
        html = render(atlas({}))
        assert {p.get("fill") for p in province_paths(svg_of(html))} == {"url(#atlas-nodata)"}
        assert re.findall(r'<span class="map-legend-range">(.*?)</span>', html) == ["pas de données"]

    def test_arabic(self):
        html = render(atlas({**self.VALUES, "01.511": 12345.5}, names=NAMES_AR, decimals=1), lang="ar")
        svg = svg_of(html)
        assert svg.get("direction") == "rtl"
        assert ["طنجة-أصيلة", "12\u066c345\u066b5"] in label_texts(svg)
        assert "لا توجد بيانات" in html
        assert "\u066b" in html and "no data" not in html

    @pytest.mark.parametrize("lang", ["fr", "ar"])
    def test_standalone_svg(self, lang):
        with translation.override(lang):
            document = render_map_svg(atlas(self.VALUES))
        root = ET.fromstring(document.encode())
        assert root.tag == f"{SVG}svg"
        text = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
        assert "Structures par province" in text and "Annuaire de la MESS" in text
        assert "© OpenStreetMap contributors, ODbL" in text
        assert len(province_paths(root)) == 8

    def test_no_inline_style(self):
        for lang in ("fr", "ar"):
            with translation.override(lang):
                for markup in (render(atlas(self.VALUES), lang), render_map_svg(atlas(self.VALUES))):
                    assert not re.search(r"\sstyle=", markup)
                    assert "<style" not in markup and "<script" not in markup


@pytest.mark.parametrize(
    "lang, expected", [("fr", "Les limites des préfectures et provinces"), ("ar", "حدود العمالات والأقاليم")]
)
def test_legal_notice_credits_the_outlines(client, db, lang, expected):
    html = client.get(f"/{lang}/mentions-legales/").content.decode()
    assert expected in html and "morocco-map" in html and "ODbL" in html
    assert "https://www.openstreetmap.org/copyright" in html
