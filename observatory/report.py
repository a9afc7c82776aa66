"""The observatory's Atlas and Panorama as PDF, drawn from the live figures and published in the library.

One PDF per language (French, Arabic) rather than one bilingual file: each reader downloads the edition
in their language, the library's language filter finds it, and the Arabic edition is laid out right to
left throughout (tables mirrored, labels on the right) instead of alternating directions page by page.

Charts and the map are drawn with fpdf2's vector primitives (bars, lines, polygons from the province
paths), their labels set as text in the document's fonts: Arabic labels are shaped like the rest of the
text, and every label is extractable and searchable.

This module imports ``library`` to publish the PDF as a library document (kind Atlas or Panorama): an
exception to the one-way dependency rule of DESIGN.md, asked for by issue 9 ("published as a document
of the library"). Nothing imports ``observatory``.
"""

import datetime
import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from mess_portal import pagecache
from mess_portal.pdf import MUTED, RULE, PdfDocument
from observatory.classes import classify
from observatory.figures import Figure, ProvinceMap, Source
from observatory.numbers import format_value, no_data_text
from observatory.shapes import province_shapes

logger = logging.getLogger(__name__)

ATLAS, PANORAMA = "atlas", "panorama"
KINDS = (ATLAS, PANORAMA)
LANGUAGES = ("fr", "ar")

# Okabe-Ito: distinguishable with every common colour-vision deficiency; bars also carry their values.
SERIES_COLOURS = [(0, 114, 178), (230, 159, 0), (0, 158, 115), (204, 121, 167), (86, 180, 233), (213, 94, 0)]
# The map's classes and colours are the Atlas page's (observatory/classes.py); grey for "no data".
NO_DATA_COLOUR = (217, 217, 217)
MAP_CLASSES, MAP_METHOD = 5, "jenks"
BAND = {ATLAS: (30, 112, 79), PANORAMA: (184, 135, 64)}

# The words of the publication, written by the ORESS in each language it publishes in.
TEXT = {
    "fr": {
        ATLAS: "Atlas de l'économie sociale et solidaire",
        PANORAMA: "Panorama de l'économie sociale et solidaire",
        "region": "Région Tanger-Tétouan-Al Hoceïma",
        "publisher": "Observatoire régional de l'économie sociale et solidaire (ORESS)",
        "house": "Maison de l'Économie Sociale et Solidaire (MESS) de Tanger-Tétouan-Al Hoceïma",
        "edition": "Édition {year}, produite le {date} à partir des chiffres en ligne de l'observatoire.",
        "key_figures": "Chiffres clés",
        "charts": "Le panorama en graphiques",
        "maps": "Cartes des préfectures et provinces",
        "map": "Carte",
        "per_capita": "pour 10 000 habitants",
        "legend": "Légende (classes par seuils naturels de Jenks)",
        "rank": "Rang",
        "province": "Préfecture ou province",
        "value": "Valeur",
        "total": "Total",
        "credits": "Sources, licences et méthode",
        "credit_live": "Chiffres en direct : structures publiées dans l'annuaire de la MESS, extraits le {date}.",
        "credit_hcp": "Populations (RGPH 2014 et 2024) et séries officielles : Haut-Commissariat au Plan (HCP), "
        "licence CC\u00a0BY\u00a04.0. Les taux pour 10 000 habitants et les parts sont calculés par l'ORESS.",
        "credit_osm": "Fonds de carte : © les contributeurs d'OpenStreetMap, licence ODbL\u00a01.0 (préfectures et "
        "provinces du paquet morocco-map\u00a01.3.0, réparées et simplifiées par l'ORESS).",
        "method": "Les classes des cartes sont les seuils naturels de Jenks des valeurs des huit préfectures et "
        "provinces (au plus cinq classes, comme sur l'Atlas en ligne). Une valeur absente est « pas de "
        "données » : elle n'est jamais comptée comme zéro.",
        "sources_used": "Sources des figures",
        "fonts": "Polices Noto\u00a0Sans et Noto\u00a0Naskh\u00a0Arabic (SIL\u00a0Open\u00a0Font\u00a0License\u00a01.1).",
        "empty": "Aucune donnée n'est encore disponible pour cette partie.",
    },
    "ar": {
        ATLAS: "أطلس الاقتصاد الاجتماعي والتضامني",
        PANORAMA: "بانوراما الاقتصاد الاجتماعي والتضامني",
        "region": "جهة طنجة تطوان الحسيمة",
        "publisher": "المرصد الجهوي للاقتصاد الاجتماعي والتضامني",
        "house": "دار الاقتصاد الاجتماعي والتضامني بجهة طنجة تطوان الحسيمة",
        "edition": "طبعة {year}، أُعدت بتاريخ {date} انطلاقا من الأرقام المنشورة على موقع المرصد.",
        "key_figures": "الأرقام الرئيسية",
        "charts": "البانوراما في رسوم بيانية",
        "maps": "خرائط العمالات والأقاليم",
        "map": "خريطة",
        "per_capita": "لكل 10000 نسمة",
        "legend": "مفتاح الخريطة (فئات حسب العتبات الطبيعية لجينكس)",
        "rank": "الرتبة",
        "province": "العمالة أو الإقليم",
        "value": "القيمة",
        "total": "المجموع",
        "credits": "المصادر والتراخيص والمنهجية",
        "credit_live": "أرقام مباشرة: الهيئات المنشورة في دليل دار الاقتصاد الاجتماعي والتضامني، مستخرجة بتاريخ {date}.",
        "credit_hcp": "السكان (الإحصاء العام للسكان والسكنى 2014 و2024) والسلاسل الرسمية: المندوبية السامية "
        "للتخطيط، رخصة CC\u00a0BY\u00a04.0. المعدلات لكل 10000 نسمة والنسب من حساب المرصد.",
        "credit_osm": "الخلفية الخرائطية: © المساهمون في OpenStreetMap، رخصة ODbL\u00a01.0 (حدود العمالات والأقاليم "
        "من حزمة morocco-map\u00a01.3.0، مصححة ومبسطة من طرف المرصد).",
        "method": "فئات الخرائط هي العتبات الطبيعية لجينكس لقيم العمالات والأقاليم الثمانية (خمس فئات على "
        "الأكثر، كما في الأطلس على الموقع). القيمة الغائبة تعني «لا توجد بيانات» ولا تحتسب أبدا صفرا.",
        "sources_used": "مصادر الرسوم البيانية",
        "fonts": "خطوط Noto\u00a0Sans وNoto\u00a0Naskh\u00a0Arabic (رخصة SIL\u00a0Open\u00a0Font\u00a0License\u00a01.1).",
        "empty": "لا تتوفر بعد أي معطيات لهذا الجزء.",
    },
}


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: float | None
    unit: str = ""
    decimals: int = 0
    source: Source | None = None


@dataclass
class ReportData:
    """What a report shows, gathered in the report's language before anything is drawn."""

    key_figures: list[KeyFigure] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    maps: list[ProvinceMap] = field(default_factory=list)
    shapes: dict | None = None  # the province outlines (observatory/shapes.py); None: the committed ones
    generated_at: datetime.datetime | None = None


# --- Numbers ------------------------------------------------------------------------------------


def number(value: float | None, decimals: int = 0, unit: str = "", *, language: str) -> str:
    """A value as the observatory's pages write it in ``language`` (observatory/numbers.py)."""
    # Noto Sans has no U+2212 minus sign: the hyphen-minus reads the same.
    return format_value(value, decimals, unit, language).replace("\u2212", "-")


# --- Map geometry -------------------------------------------------------------------------------

_PATH_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def parse_path(d: str) -> list[list[tuple[float, float]]]:
    """The rings of an SVG path made of straight lines (M, L, H, V, Z, absolute or relative)."""
    tokens = _PATH_TOKEN.findall(d)
    rings: list[list[tuple[float, float]]] = []
    ring: list[tuple[float, float]] = []
    x = y = 0.0
    command = None
    index = 0

    def take():
        nonlocal index
        value = float(tokens[index])
        index += 1
        return value

    while index < len(tokens):
        token = tokens[index]
        if token.isalpha():
            command = token
            index += 1
            if command in "Zz":
                if ring:
                    rings.append(ring)
                    x, y = ring[0]
                ring = []
                continue
            if command not in "MmLlHhVv":
                raise ValueError(f"Unsupported SVG path command {command!r}: provinces are polygons.")
        if command is None:
            raise ValueError("An SVG path must start with a move (M).")
        if command in "Mm":
            dx, dy = take(), take()
            x, y = (x + dx, y + dy) if command == "m" else (dx, dy)
            if ring:
                rings.append(ring)
            ring = [(x, y)]
            command = "l" if command == "m" else "L"  # further pairs are lines
        elif command in "Ll":
            dx, dy = take(), take()
            x, y = (x + dx, y + dy) if command == "l" else (dx, dy)
            ring.append((x, y))
        elif command in "Hh":
            value = take()
            x = x + value if command == "h" else value
            ring.append((x, y))
        elif command in "Vv":
            value = take()
            y = y + value if command == "v" else value
            ring.append((x, y))
    if ring:
        rings.append(ring)
    return [r for r in rings if len(r) >= 3]


# --- Drawing ------------------------------------------------------------------------------------


class Report(PdfDocument):
    def __init__(self, *, kind: str, year: int, language: str):
        self.kind, self.year, self.words = kind, year, TEXT[language]
        title = f"{self.words[kind]} {year}"
        super().__init__(
            title=f"{title} · {self.words['region']}",
            language=language,
            author=self.words["publisher"],
            subject=self.words["region"],
            keywords=["ESS", "ORESS", "MESS", self.words["region"], str(year)],
            running_title=f"{title} · ORESS",
        )

    def fmt(self, value, decimals=0, unit=""):
        return number(value, decimals, unit, language=self.language)

    def date(self, value) -> str:
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value)
        return formats.date_format(value, "DATE_FORMAT")

    def fit(self, text: str, width: float) -> str:
        """``text`` shortened with an ellipsis to fit ``width`` in the current font."""
        if self.get_string_width(text) <= width:
            return text
        while len(text) > 1 and self.get_string_width(text + "…") > width:
            text = text[:-1]
        return text.rstrip() + "…"

    def need(self, height: float) -> None:
        """Start a new page unless ``height`` mm fit on this one."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    def text_at(self, x, y, width, text, *, size=7.5, bold=False, align="L", colour=None, height=4):
        self.use_font(text, size=size, bold=bold)
        if colour:
            self.set_text_color(*colour)
        self.set_xy(x, y)
        self.cell(width, height, self.fit(text, width), align=align)
        self.set_text_color(33, 37, 41)

    def source_line(self, source: Source | None) -> None:
        if not source:
            return
        parts = [gettext("Source: %(name)s") % {"name": source.name}]
        if source.licence:
            parts.append(source.licence)
        if source.date:
            # A right-to-left mark: the date's digits must not join the Latin licence before them.
            parts.append(("\u200f" if self.rtl else "") + self.date(source.date))
        if source.note:
            parts.append(source.note)
        self.parts(parts, size=7, space_after=3)

    def parts(self, parts: Sequence[str], *, size: float, space_after: float) -> None:
        """Pieces of a line joined by " · "; in an Arabic document one piece a line, because fpdf2 lays
        out a right-to-left paragraph that wraps inside a long run of Latin text (a French source name,
        a licence, a URL) wrongly."""
        if not self.rtl:
            self.paragraph(" · ".join(parts), size=size, muted=True, space_after=space_after)
            return
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            self.paragraph(part, size=size, muted=True, space_after=space_after if last else 0.3)

    # Cover and key figures

    def cover(self, generated_at: datetime.datetime) -> None:
        self.add_page()
        self.set_fill_color(*BAND[self.kind])
        self.rect(0, 0, self.w, 95, style="F")
        self.set_y(32)
        self.heading(self.words[self.kind], colour=(255, 255, 255))
        self.use_font(self.words["region"], size=14)
        self.set_text_color(255, 255, 255)
        align = "R" if self.rtl else "L"
        self.multi_cell(
            0, 8, f"{self.words['region']} · {self.year}", align=align, new_x="LMARGIN", new_y="NEXT"
        )
        self.set_text_color(33, 37, 41)
        self.set_y(110)
        self.paragraph(self.words["publisher"], size=12, bold=True)
        self.paragraph(self.words["house"], size=10.5)
        edition = self.words["edition"].format(year=self.year, date=self.date(generated_at))
        self.paragraph(edition, size=9.5, muted=True)

    def key_figures(self, items: Sequence[KeyFigure]) -> None:
        self.heading(self.words["key_figures"])
        if not items:
            self.paragraph(self.words["empty"], muted=True)
            return
        columns, gap, height = 3, 4, 27
        width = (self.epw - gap * (columns - 1)) / columns
        for start in range(0, len(items), columns):
            self.need(height + gap)
            top = self.get_y()
            for offset, item in enumerate(items[start : start + columns]):
                column = columns - 1 - offset if self.rtl else offset
                x = self.l_margin + column * (width + gap)
                self.set_fill_color(240, 245, 242)
                self.rect(x, top, width, height, style="F")
                align = "R" if self.rtl else "L"
                value = self.fmt(item.value, item.decimals, item.unit)
                self.text_at(x + 3, top + 3, width - 6, value, size=16, bold=True, align=align, height=8)
                self.use_font(item.label, size=8)
                self.set_xy(x + 3, top + 12)
                self.multi_cell(width - 6, 3.8, item.label, align=align, max_line_height=3.8, new_x="LEFT")
                if item.source:
                    self.text_at(
                        x + 3,
                        top + height - 5.5,
                        width - 6,
                        item.source.name,
                        size=6,
                        colour=MUTED,
                        align=align,
                    )
            self.set_y(top + height + gap)

    # Charts

    def chart(self, figure: Figure) -> None:
        # A chart that fits on a page is not split across two: its height, roughly, with title and source.
        if figure.kind == "line" or _years(figure) and len(figure.categories) > 12:
            height = 66
        else:
            bars = 1 if figure.kind == "stacked" else len(figure.series)
            height = len(figure.categories) * ((4.2 if bars == 1 else 3 * bars) + 1.8)
        height += 24 + (6 if len(figure.series) > 1 else 0)
        self.need(min(height, self.page_break_trigger - self.t_margin - 1))
        self.heading(figure.title, level=2)
        if not figure.categories or not figure.series:
            self.paragraph(self.words["empty"], muted=True)
            return
        if figure.kind == "line":
            self.line_chart(figure)
        elif (
            figure.kind == "bar"
            and len(figure.series) == 1
            and len(figure.categories) > 12
            and _years(figure)
        ):
            self.line_chart(figure, columns=True)  # a long run of years reads better as columns
        else:
            self.bar_chart(figure)
        self.source_line(figure.source)

    def legend(self, names: Sequence[str]) -> None:
        if len(names) < 2:
            return
        self.need(6)
        y = self.get_y()
        x = self.w - self.r_margin if self.rtl else self.l_margin
        for index, name in enumerate(names):
            self.use_font(name, size=7.5)
            width = self.get_string_width(name) + 7
            box_x = x - 3.5 if self.rtl else x
            self.set_fill_color(*SERIES_COLOURS[index % len(SERIES_COLOURS)])
            self.rect(box_x, y + 0.8, 3, 3, style="F")
            text_x = x - width if self.rtl else x + 4.5
            self.text_at(text_x, y, width - 4.5, name, align="R" if self.rtl else "L")
            x = x - width - 3 if self.rtl else x + width + 3
        self.set_y(y + 6)

    def bar_chart(self, figure: Figure) -> None:
        stacked = figure.kind == "stacked"
        names = [name for name, _values in figure.series]
        self.legend(names)
        series_count = 1 if stacked else len(figure.series)
        bar_height = 4.2 if series_count == 1 else 3
        row_height = bar_height * series_count + 1.8
        label_width, value_width = 46, 20
        track = self.epw - label_width - value_width
        totals = []
        for index in range(len(figure.categories)):
            values = [values[index] for _name, values in figure.series]
            present = [v for v in values if v is not None]
            totals.append(sum(present) if present else None)
        peaks = totals if stacked else [v for _n, values in figure.series for v in values]
        peak = max([abs(v) for v in peaks if v is not None] or [0]) or 1
        left, right = self.l_margin, self.w - self.r_margin
        for index, category in enumerate(figure.categories):
            self.need(row_height)
            top = self.get_y()
            if self.rtl:
                self.text_at(
                    right - label_width + 2,
                    top,
                    label_width - 2,
                    category,
                    align="R",
                    height=row_height - 1.8,
                )
                origin = right - label_width
            else:
                self.text_at(left, top, label_width - 2, category, align="R", height=row_height - 1.8)
                origin = left + label_width
            if stacked:
                self._stack(figure, index, origin, top, bar_height, track, peak, totals[index])
            else:
                for number_, (_name, values) in enumerate(figure.series):
                    colour = SERIES_COLOURS[number_ % len(SERIES_COLOURS)]
                    y = top + number_ * bar_height
                    self._bar(
                        values[index],
                        figure.decimals,
                        origin,
                        y,
                        bar_height - 0.6,
                        track,
                        peak,
                        colour,
                        figure.unit,
                    )
            self.set_y(top + row_height)
        self.ln(2)

    def _bar(self, value, decimals, origin, y, height, track, peak, colour, unit):
        if value is None:
            text_x = origin - 30 if self.rtl else origin + 1
            self.text_at(
                text_x,
                y - 0.4,
                29,
                no_data_text(),
                size=6.5,
                colour=MUTED,
                align="R" if self.rtl else "L",
                height=height + 0.8,
            )
            return
        length = max(abs(value) / peak * track, 0.3)
        x = origin - length if self.rtl else origin
        self.set_fill_color(*colour)
        self.rect(x, y, length, height, style="F")
        label = self.fmt(value, decimals, unit)
        label_x = x - 19 if self.rtl else x + length + 1
        self.text_at(
            label_x, y - 0.4, 18, label, size=6.5, align="R" if self.rtl else "L", height=height + 0.8
        )

    def _stack(self, figure, index, origin, top, height, track, peak, total):
        position = 0.0
        for number_, (_name, values) in enumerate(figure.series):
            value = values[index]
            if not value:
                continue
            length = abs(value) / peak * track
            x = origin - position - length if self.rtl else origin + position
            colour = SERIES_COLOURS[number_ % len(SERIES_COLOURS)]
            self.set_fill_color(*colour)
            self.rect(x, top, length, height, style="F")
            label = self.fmt(value, figure.decimals)
            self.use_font(label, size=6)
            if self.get_string_width(label) + 1.5 < length:
                light = sum(colour) < 420
                self.text_at(
                    x,
                    top - 0.4,
                    length,
                    label,
                    size=6,
                    align="C",
                    colour=(255, 255, 255) if light else None,
                    height=height + 0.8,
                )
            position += length
        if total is None:
            self._bar(None, 0, origin, top, height, track, peak, RULE, "")
            return
        label = self.fmt(total, figure.decimals)
        label_x = origin - position - 19 if self.rtl else origin + position + 1
        self.text_at(
            label_x,
            top - 0.4,
            18,
            label,
            size=6.5,
            bold=True,
            align="R" if self.rtl else "L",
            height=height + 0.8,
        )

    def line_chart(self, figure: Figure, *, columns: bool = False) -> None:
        """Years along the bottom (left to right in both languages, as the web charts), values up the
        side; ``columns`` draws one column per year instead of a line."""
        self.legend([name for name, _values in figure.series])
        height, axis_width = 58, 16
        self.need(height + 8)
        top = self.get_y() + 2
        left, right = self.l_margin + axis_width, self.w - self.r_margin - 4
        bottom = top + height - 8
        values = [v for _n, series in figure.series for v in series if v is not None]
        peak = _nice_ceiling(max(values or [0]))
        low = min(0, min(values or [0]))
        span = (peak - low) or 1
        count = len(figure.categories)
        if columns:  # each column centred in its slot
            step_x = (right - left) / max(count, 1)
            left += step_x / 2
        else:
            step_x = (right - left) / max(count - 1, 1)

        def at(i, v):
            return left + i * step_x, bottom - (v - low) / span * (bottom - top)

        self.set_line_width(0.15)
        for tick in range(5):
            v = low + span * tick / 4
            _x, y = at(0, v)
            self.set_draw_color(*RULE)
            self.line(left, y, right, y)
            self.set_line_width(0.15)
            self.text_at(
                self.l_margin,
                y - 2,
                axis_width - 2,
                self.fmt(v, figure.decimals if span < 10 else 0),
                size=6,
                align="R",
                colour=MUTED,
            )
        every = max(1, math.ceil(count / 12))
        for i, category in enumerate(figure.categories):
            if i % every == 0 or i == count - 1:
                x, _y = at(i, low)
                self.text_at(x - 8, bottom + 1, 16, category, size=6, align="C", colour=MUTED)
        if columns:
            self.set_fill_color(*SERIES_COLOURS[0])
            for i, v in enumerate(figure.series[0][1]):
                if v is not None:
                    x, y = at(i, v)
                    _x, base = at(i, max(low, 0))
                    self.rect(
                        x - step_x * 0.35, min(y, base), step_x * 0.7, max(abs(base - y), 0.2), style="F"
                    )
            peak_index = max(
                (i for i, v in enumerate(figure.series[0][1]) if v is not None),
                key=lambda i: figure.series[0][1][i],
                default=None,
            )
            if peak_index is not None:
                x, y = at(peak_index, figure.series[0][1][peak_index])
                label = self.fmt(figure.series[0][1][peak_index], figure.decimals)
                self.text_at(x - 10, y - 4.5, 20, label, size=6.5, bold=True, align="C")
            self.set_y(bottom + 8)
            return
        for number_, (_name, series) in enumerate(figure.series):
            colour = SERIES_COLOURS[number_ % len(SERIES_COLOURS)]
            self.set_draw_color(*colour)
            self.set_fill_color(*colour)
            self.set_line_width(0.6)
            run: list[tuple[float, float]] = []
            for i, v in enumerate([*series, None]):
                if v is None:
                    if len(run) > 1:
                        self.polyline(run)
                    run = []
                    continue
                run.append(at(i, v))
            for i, v in enumerate(series):
                if v is not None:
                    x, y = at(i, v)
                    self.circle(x, y, 0.7, style="F")
            last = max((i for i, v in enumerate(series) if v is not None), default=None)
            if last is not None:
                x, y = at(last, series[last])
                self.text_at(
                    x - 20, y - 6, 20, self.fmt(series[last], figure.decimals), size=6.5, bold=True, align="R"
                )
        self.set_y(bottom + 8)

    # Map

    def province_map(self, province_map: ProvinceMap, shapes: dict) -> None:
        self.add_page()
        self.heading(province_map.title, level=2)
        outlines = shapes.get("provinces", {})
        values = {code: province_map.values.get(code) for code in province_map.names}
        classification = classify(values, n=MAP_CLASSES, method=MAP_METHOD)
        if outlines:
            self._draw_map(province_map, shapes, classification)
        self._map_legend(province_map, classification)
        self.source_line(province_map.source)
        self.paragraph(self.words["credit_osm"], size=6.5, muted=True)
        self._ranking(province_map)

    def _draw_map(self, province_map, shapes, classification):
        view_x, view_y, view_width, view_height = (float(n) for n in shapes["viewBox"].split())
        box_height = 118
        scale = min(self.epw / view_width, box_height / view_height)
        self.need(view_height * scale + 2)
        top = self.get_y()
        left = self.l_margin + (self.epw - view_width * scale) / 2

        def place(point):
            return left + (point[0] - view_x) * scale, top + (point[1] - view_y) * scale

        self.set_draw_color(255, 255, 255)
        self.set_line_width(0.4)
        for code, shape in shapes["provinces"].items():
            colour = classification.colour_of(code)
            self.set_fill_color(*(hex_to_rgb(colour) if colour else NO_DATA_COLOUR))
            for ring in parse_path(shape["d"]):
                self.polygon([place(p) for p in ring], style="DF")
        for code, shape in shapes["provinces"].items():
            x, y = place(shape["label"])
            if shape.get("anchor"):  # a label out at sea, tied to its province by a leader line
                self.set_draw_color(*MUTED)
                self.set_line_width(0.2)
                self.line(*place(shape["anchor"]), x, y)
            name = province_map.names.get(code, code)
            value = province_map.values.get(code)
            lines = (
                [name] if value is None else [name, self.fmt(value, province_map.decimals, province_map.unit)]
            )
            self.use_font(name, size=6.5, bold=True)
            width = max(self.get_string_width(text) for text in lines) + 3
            height = 3.6 * len(lines) + 0.4
            self.set_fill_color(255, 255, 255)
            self.rect(x - width / 2, y - height / 2, width, height, style="F")
            for number_, text in enumerate(lines):
                self.text_at(
                    x - width / 2,
                    y - height / 2 + 0.2 + 3.6 * number_,
                    width,
                    text,
                    size=6.5,
                    bold=number_ == 0,
                    align="C",
                    height=3.6,
                )
        self.set_y(top + view_height * scale + 3)

    def _map_legend(self, province_map, classification):
        title = self.words["legend"] + (f" · {province_map.unit}" if province_map.unit else "")
        self.paragraph(title, size=7.5, bold=True, space_after=1)
        entries = []
        for cls in classification.classes:
            low = self.fmt(cls.low, province_map.decimals)
            high = self.fmt(cls.high, province_map.decimals)
            entries.append((hex_to_rgb(cls.colour), low if cls.low == cls.high else f"{low} – {high}"))
        if any(province_map.values.get(code) is None for code in province_map.names):
            entries.append((NO_DATA_COLOUR, no_data_text()))
        self.need(6)
        y = self.get_y()
        x = self.w - self.r_margin if self.rtl else self.l_margin
        for colour, label in entries:
            self.use_font(label, size=7)
            width = self.get_string_width(label) + 8
            self.set_fill_color(*colour)
            self.set_draw_color(*MUTED)
            self.set_line_width(0.1)
            self.rect(x - 4 if self.rtl else x, y + 0.6, 4, 3, style="DF")
            self.text_at(
                x - width if self.rtl else x + 5, y, width - 5, label, size=7, align="R" if self.rtl else "L"
            )
            x = x - width - 2 if self.rtl else x + width + 2
        self.set_y(y + 7)

    def _ranking(self, province_map):
        rows = sorted(
            province_map.names.items(),
            key=lambda item: (
                province_map.values.get(item[0]) is None,
                -(province_map.values.get(item[0]) or 0),
                item[1],
            ),
        )
        table_rows = []
        for rank, (code, name) in enumerate(rows, start=1):
            value = province_map.values.get(code)
            table_rows.append(
                [str(rank) if value is not None else "–", name, self.fmt(value, province_map.decimals)]
            )
        value_header = self.words["value"] + (f" ({province_map.unit})" if province_map.unit else "")
        self.need(12 + 6 * len(table_rows))
        self.table(
            [self.words["rank"], self.words["province"], value_header],
            table_rows,
            widths=[1, 4, 2],
            numeric=[True, False, True],
        )

    # Closing page

    def credits(self, data: ReportData) -> None:
        self.add_page()
        self.heading(self.words["credits"])
        date = self.date(data.generated_at)
        for key in ("credit_live", "credit_hcp", "credit_osm", "method"):
            self.paragraph(self.words[key].format(date=date), size=9.5)
        seen = []
        for source in (
            [f.source for f in data.figures]
            + [m.source for m in data.maps]
            + [k.source for k in data.key_figures]
        ):
            if source and source not in seen:
                seen.append(source)
        if seen:
            self.heading(self.words["sources_used"], level=3)
            for source in seen:
                parts = [source.name] + [p for p in (source.licence, source.url, source.note) if p]
                self.parts(parts, size=8.5, space_after=1.5)
        self.ln(4)
        self.paragraph(self.words["fonts"], size=7, muted=True)


def _years(figure: Figure) -> bool:
    return all(len(category) == 4 and category.isdigit() for category in figure.categories)


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def _nice_ceiling(value: float) -> float:
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def render(*, kind: str, year: int, language: str, data: ReportData) -> bytes:
    """The PDF of the Atlas or the Panorama of ``year`` in ``language``, from ``data``."""
    if kind not in KINDS or language not in LANGUAGES:
        raise ValueError(f"No {kind!r} report in {language!r}.")
    data.generated_at = data.generated_at or timezone.now()
    with translation.override(language):
        report = Report(kind=kind, year=year, language=language)
        report.cover(data.generated_at)
        report.add_page()
        report.key_figures(data.key_figures)
        if kind == PANORAMA:
            report.heading(report.words["charts"])
            for figure in data.figures:
                report.chart(figure)
            maps = data.maps[:1]
        else:
            maps = data.maps
        if maps:
            for province_map in maps:
                report.province_map(province_map, data.shapes or province_shapes())
        if kind == ATLAS and data.figures:
            report.add_page()
            report.heading(report.words["charts"])
            for figure in data.figures:
                if figure.kind != "line" and len(figure.categories) <= 8:
                    report.chart(figure)
        report.credits(data)
        return report.output_bytes()


# --- From the live figures to the library ---------------------------------------------------------


def collect(*, kind: str, language: str) -> ReportData:
    """The live figures in ``language``, as the observatory's pages show them (observatory/stats.py)."""
    from observatory import stats  # the aggregations; imported here so the renderer works without them

    with translation.override(language):
        data = ReportData(generated_at=timezone.now())
        data.key_figures = [_key_figure(item) for item in stats.key_figures()]
        data.figures = list(stats.panorama_figures())
        for key in _indicator_keys(stats.map_indicators()):
            data.maps.append(stats.province_map(key))
            if kind == ATLAS and stats.supports_per_capita(key):
                data.maps.append(stats.province_map(key, per_capita=True))
    return data


def _key_figure(item) -> KeyFigure:
    if isinstance(item, KeyFigure):
        return item
    get = item.get if isinstance(item, dict) else lambda name, default=None: getattr(item, name, default)
    label = get("label") or get("title") or get("name") or ""
    return KeyFigure(
        label=str(label),
        value=get("value"),
        unit=str(get("unit", "") or ""),
        decimals=int(get("decimals", 0) or 0),
        source=get("source"),
    )


def _indicator_keys(indicators) -> list[str]:
    keys = []
    for item in indicators:
        if isinstance(item, str):
            keys.append(item)
        elif isinstance(item, tuple | list):
            keys.append(item[0])
        elif isinstance(item, dict):
            keys.append(item["key"])
        else:
            keys.append(item.key)
    return keys


def document_slug(*, kind: str, year: int, language: str) -> str:
    return f"{kind}-ess-{year}-{language}"


EDITION = {
    "fr": {"fr": "", "ar": " (النسخة الفرنسية)", "en": " (French edition)"},
    "ar": {"fr": " (version arabe)", "ar": "", "en": " (Arabic edition)"},
}
TITLES = {
    ATLAS: {
        "fr": "Atlas de l'économie sociale et solidaire {year}",
        "ar": "أطلس الاقتصاد الاجتماعي والتضامني {year}",
        "en": "Atlas of the social and solidarity economy {year}",
    },
    PANORAMA: {
        "fr": "Panorama de l'économie sociale et solidaire {year}",
        "ar": "بانوراما الاقتصاد الاجتماعي والتضامني {year}",
        "en": "Panorama of the social and solidarity economy {year}",
    },
}
SUMMARIES = {
    "fr": "Produit par l'ORESS à partir des chiffres en ligne de l'observatoire : chiffres clés, graphiques et "
    "carte des préfectures et provinces de la région Tanger-Tétouan-Al Hoceïma.",
    "ar": "أعده المرصد انطلاقا من الأرقام المنشورة على موقعه: الأرقام الرئيسية والرسوم البيانية وخريطة "
    "عمالات وأقاليم جهة طنجة تطوان الحسيمة.",
    "en": "Made by the ORESS from the observatory's live figures: key figures, charts and a map of the "
    "prefectures and provinces of the Tanger-Tétouan-Al Hoceïma region.",
}


def publish(*, kind: str, year: int, language: str, data: ReportData | None = None):
    """Generate the report and publish it in the library, replacing the previous one of that kind, year
    and language: the same address (and download count) is kept, and any other published document of
    that kind, year and language is archived, so "download the Atlas" gives this one."""
    from library import services
    from library.models import Document, Theme
    from library.pdf import inspect_pdf
    from mess_portal.models import Province

    if data is None:
        data = collect(kind=kind, language=language)
    info = inspect_pdf(render(kind=kind, year=year, language=language, data=data))
    slug = document_slug(kind=kind, year=year, language=language)
    with transaction.atomic():
        document = Document.objects.select_for_update().filter(slug=slug).first() or Document(slug=slug)
        document.kind = kind
        document.year = year
        document.language = language
        for lang in ("fr", "ar", "en"):
            setattr(document, f"title_{lang}", TITLES[kind][lang].format(year=year) + EDITION[language][lang])
            setattr(document, f"summary_{lang}", SUMMARIES[lang])
        document.authors = "ORESS Tanger-Tétouan-Al Hoceïma"
        document.status = Document.Status.PUBLISHED
        document.published_at = timezone.now()
        document = services.document_save(document=document, pdf=info)
        document.themes.set(Theme.objects.filter(slug__in=["statistiques", "territoires"]))
        document.provinces.set(Province.objects.all())
        Document.objects.published().filter(kind=kind, year=year, language=language).exclude(
            pk=document.pk
        ).update(status=Document.Status.ARCHIVED)
        pagecache.invalidate_on_commit()  # the update above sends no signal
    logger.info("Published %s (%s pages)", slug, info.page_count)
    document.refresh_from_db()  # its cover and text, if their job has run already
    return document
