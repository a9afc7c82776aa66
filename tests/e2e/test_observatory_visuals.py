"""The observatory's charts and map in a real browser, with the site's CSS, on a phone and a desktop,
in French and in Arabic: no label spills out of its drawing or runs into another, and the right-to-left
bar charts are mirrored. No page or database needed: the tags are rendered and set as the page's content.
"""

import datetime
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from observatory.figures import Figure, ProvinceMap, Source

ROOT = Path(__file__).resolve().parents[2]
STYLESHEETS = {
    "fr": [
        "static/vendor/bootstrap/bootstrap.min.css",
        "static/css/site.css",
        "observatory/static/observatory/observatory.css",
    ],
    "ar": [
        "static/vendor/bootstrap/bootstrap.rtl.min.css",
        "static/css/site.css",
        "observatory/static/observatory/observatory.css",
    ],
}
SOURCE = Source(
    "Annuaire de la MESS (structures publiées)", licence="CC BY 4.0", date=datetime.date(2026, 11, 30)
)
NAMES = {
    "fr": (
        "Tanger-Assilah",
        "M'diq-Fnideq",
        "Tétouan",
        "Fahs-Anjra",
        "Larache",
        "Al Hoceïma",
        "Chefchaouen",
        "Ouezzane",
    ),
    "ar": ("طنجة-أصيلة", "المضيق-الفنيدق", "تطوان", "الفحص-أنجرة", "العرائش", "الحسيمة", "شفشاون", "وزان"),
}
CODES = ("01.511", "01.573", "01.571", "01.227", "01.331", "01.051", "01.151", "01.405")
SECTORS = (
    "Agriculture",
    "Artisanat",
    "Agro-alimentaire",
    "Plantes aromatiques et médicinales",
    "Pêche",
    "Alphabétisation et éducation non formelle",
    "Tourisme solidaire",
    "Environnement et gestion des déchets",
)


def figures(lang):
    names = NAMES[lang]
    return [
        Figure(
            "bars",
            "Structures",
            names,
            (("Structures", (1234, 87, 560, None, 0, 410, 388, 12345)),),
            source=SOURCE,
        ),
        Figure(
            "stacked",
            "Membres",
            names,
            (
                ("Femmes", (120, 30, 200, 10, None, 50, 60, 5)),
                ("Hommes", (300, 40, 150, 20, None, 80, 30, 2)),
            ),
            kind="stacked",
            source=SOURCE,
        ),
        Figure(
            "line",
            "Créations",
            tuple(str(y) for y in range(2000, 2027)),
            (("Créations", tuple(range(27))), ("Stock", tuple(range(0, 270, 10)))),
            kind="line",
            source=SOURCE,
        ),
        Figure(
            "sectors",
            "Secteurs",
            SECTORS,
            (("2024", tuple(range(8))), ("2025", tuple(range(1, 9)))),
            decimals=1,
        ),
    ]


def page_html(lang):
    values = dict(zip(CODES, (1234, 87, 560, None, 240, 410, 388, 150), strict=True))
    urls = {code: f"/{lang}/observatoire/provinces/{code}/" for code in CODES}
    names = dict(zip(CODES, NAMES[lang], strict=True))
    atlas = ProvinceMap("atlas", "Atlas", values, names, urls=urls, unit="structures")
    context = {f"f{i}": f for i, f in enumerate(figures(lang))} | {"atlas": atlas}
    tags = "".join(f"{{% chart f{i} %}}" for i in range(len(figures(lang)))) + "{% province_map atlas %}"
    with translation.override(lang):
        body = Template("{% load charts %}" + tags).render(Context(context))
    direction = "rtl" if lang == "ar" else "ltr"
    return f'<!doctype html><html lang="{lang}" dir="{direction}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head><body><main class="container">{body}</main></body></html>'


BOXES = """(svg) => {
  const box = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect())
    .map(r => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom}));
  return {svg: {left: box.left, right: box.right, top: box.top, bottom: box.bottom}, texts};
}"""


def overlap(a, b, slack=1.0):
    return (
        min(a["right"], b["right"]) - max(a["left"], b["left"]) > slack
        and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > slack
    )


@pytest.mark.parametrize("lang", ["fr", "ar"])
@pytest.mark.parametrize("width", [390, 1280])
def test_labels_fit_and_do_not_collide(browser, lang, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_content(page_html(lang))
    for sheet in STYLESHEETS[lang]:
        page.add_style_tag(path=str(ROOT / sheet))
    svgs = page.locator("svg.chart-svg, svg.map-svg")
    assert svgs.count() == 5
    for index in range(svgs.count()):
        svg = svgs.nth(index)
        geometry = svg.evaluate(BOXES)
        frame = geometry["svg"]
        assert frame["right"] <= width, "the drawing is wider than the page"
        for text in geometry["texts"]:
            assert text["left"] >= frame["left"] - 1 and text["right"] <= frame["right"] + 1, (
                lang,
                width,
                index,
                text,
            )
        if (
            index < 4
        ):  # charts: no label runs into another (the map's labels may touch their neighbours' halo)
            texts = geometry["texts"]
            collisions = [(a, b) for i, a in enumerate(texts) for b in texts[i + 1 :] if overlap(a, b)]
            assert not collisions, (lang, width, index, collisions[:2])
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


def test_arabic_bars_grow_from_the_right(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_content(page_html("ar"))
    for sheet in STYLESHEETS["ar"]:
        page.add_style_tag(path=str(ROOT / sheet))
    label = page.locator("#bars svg text", has_text="طنجة-أصيلة").bounding_box()
    bar = page.locator("#bars svg g.bars rect").first.bounding_box()
    assert bar["x"] + bar["width"] <= label["x"] + 1
    context.close()


@pytest.mark.parametrize(
    "lang, name", [("fr", "Tanger-Assilah: 1\u202f234"), ("ar", "طنجة-أصيلة: 1\u066c234")]
)
def test_map_provinces_are_named_links_and_charts_are_images(browser, lang, name):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_content(page_html(lang))
    link = page.locator("svg.map-svg").get_by_role("link", name=name, exact=True)
    assert link.count() == 1
    link.focus()
    assert page.evaluate("document.activeElement.closest('svg') !== null")
    assert page.get_by_role("img", name="Structures").count() == 1  # the bar chart, named by its <title>
    assert page.get_by_role("table").count() == 5  # four charts and the map's ranked table
    context.close()
