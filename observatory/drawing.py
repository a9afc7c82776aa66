"""Geometry of the observatory's charts: where each bar, point and label goes, in SVG user units.

The templates (``observatory/charts/chart_svg.html``) only write out what ``chart_layout`` computed, so
the same layout serves the chart on the page and the standalone SVG download. Nothing here knows about
requests or HTML.

Conventions:

- The drawing is ``WIDTH`` units wide and as tall as its content; the ``<svg>`` has a viewBox and no
  fixed size, so it scales to its container (100% wide, from a phone to a desktop column).
- Horizontal bars ("bar", "stacked") are laid out from the start side of the line: category labels at
  the start, bars growing towards the end. In a right-to-left language the drawing is mirrored (labels
  on the right, bars growing to the left) and the ``<svg>`` says ``direction="rtl"``, so "start" and
  "end" anchors keep their meaning.
- Line charts keep time running left to right in every language (as the HCP's Arabic publications
  draw them); their labels are anchored accordingly with ``direction="ltr"``.
- Colours: the Okabe-Ito palette (Okabe & Ito 2008, safe for the common colour-vision deficiencies);
  series after the first also get a pattern (bars) or a dash and a marker shape (lines), and every series
  is named in a legend or by a direct label, so that nothing relies on colour alone, in print either.
- Text widths are estimated (no font metrics on the server): generous enough for the site's fonts.
"""

import math
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, override

from mess_portal.i18n import current_language

from .figures import Figure
from .numbers import as_number, format_value, no_data_text

WIDTH = 400
FONT = 12  # every label of the chart (the <svg> sets it once)
SMALL = 12
LINE_HEIGHT = 15
PAD = 6

# Okabe-Ito: blue, orange, bluish green, reddish purple, sky blue, vermillion, yellow; and the text colour
# readable on each (4.5:1 at least).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
ON_PALETTE = ("#ffffff", "#000000", "#000000", "#000000", "#000000", "#000000", "#000000")
TEXT = "#1f2328"
MUTED = "#5c636a"  # 6:1 on white
GRID = "#d0d5da"
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 2 1 2")
MARKERS = ("circle", "square", "triangle", "diamond", "circle", "square", "triangle")
RTL_LANGUAGES = {"ar"}


def is_rtl(lang: str | None = None) -> bool:
    return (lang or current_language()) in RTL_LANGUAGES


def safe_key(key: str) -> str:
    """Element ids are built from the figure's key: keep letters, digits and hyphens."""
    return re.sub(r"[^A-Za-z0-9-]+", "-", key or "chart").strip("-") or "chart"


def num(value: float) -> str:
    """A coordinate, short: 12, 12.5 (one decimal is finer than a screen pixel at any size)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _char_width(char: str) -> float:
    if char in " .,'’:;|!il1()[]-\u202f\u066b\u066c\u200e":
        return 0.3
    if char.isdigit():
        # DejaVu Sans's digits (0.636 em), the widest of the common sans-serif faces and what system-ui is
        # on a Linux without other fonts: a label measured so fits whatever font the reader's device has.
        return 0.64
    if "\u0600" <= char <= "\u06ff":
        return 0.5
    if char.isupper() or char in "mwMW—–%":
        return 0.72
    return 0.55


def text_width(text: str, size: float = FONT) -> float:
    return sum(_char_width(char) for char in text) * size


def wrap(text: str, max_width: float, size: float = FONT, max_lines: int = 2) -> tuple[list[str], bool]:
    """``text`` cut into lines no wider than ``max_width``; the last one ends with "…" if it was cut."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if current and text_width(candidate, size) > max_width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    lines = lines or [""]
    cut = len(lines) > max_lines
    lines = lines[:max_lines]
    last = lines[-1]
    if cut or text_width(last, size) > max_width:
        while last and text_width(last + "…", size) > max_width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
        cut = True
    return lines, cut


def nice_step(span: float, target_ticks: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about ``target_ticks`` intervals."""
    if span <= 0:
        return 1
    raw = span / target_ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def step_decimals(step: float) -> int:
    """Decimals needed to write the multiples of ``step``: 0 for 50, 1 for 2.5 or 0.5, 2 for 0.25."""
    for decimals in range(0, 7):
        if abs(round(step, decimals) - step) < 1e-9 and abs(round(step * 4, decimals) - step * 4) < 1e-9:
            return decimals
    return 6


@dataclass
class Text:
    x: float
    y: float
    lines: list[str]
    anchor: str = "start"  # start / middle / end, in the drawing's direction
    size: int = FONT
    fill: str = TEXT
    weight: str = ""
    italic: bool = False
    halo: str = ""  # a stroke behind the letters, in this colour (labels over fills)
    tooltip: str = ""  # full text when the label was shortened
    line_height: int = LINE_HEIGHT
    direction: str = ""  # "rtl" or "ltr" when it differs from the drawing's

    @property
    def sx(self):
        return num(self.x)

    @property
    def sy(self):
        return num(self.y)

    @property
    def tspans(self):
        """(dy, text) for each line after the first."""
        return [(self.line_height, line) for line in self.lines[1:]]

    @property
    def style(self) -> tuple:
        """Attributes other than the position, only those that differ from the <svg>'s defaults."""
        pairs = []
        if self.anchor != "start":
            pairs.append(("text-anchor", self.anchor))
        if self.size != FONT:
            pairs.append(("font-size", self.size))
        if self.fill != TEXT:
            pairs.append(("fill", self.fill))
        if self.weight:
            pairs.append(("font-weight", self.weight))
        if self.italic:
            pairs.append(("font-style", "italic"))
        if self.direction:
            pairs.append(("direction", self.direction))
        if self.halo:
            pairs += [("stroke", self.halo), ("stroke-width", 3), ("paint-order", "stroke")]
        return tuple(pairs)

    @property
    def attrs(self):
        """All the <text> element's attributes, escaped."""
        return attributes((("x", self.sx), ("y", self.sy), *self.style))


def attributes(pairs) -> str:
    return mark_safe("".join(f' {name}="{escape(value)}"' for name, value in pairs))  # noqa: S308


def grouped(items, key) -> list[tuple]:
    """Items gathered by ``key`` (in order of first appearance): one <g> of shared attributes each,
    so that a chart repeats no attribute and stays within 1-2 KB."""
    groups: dict = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return list(groups.items())


@dataclass
class Box:
    x: float
    y: float
    width: float
    height: float
    fill: str
    tooltip: str = ""

    @property
    def sx(self):
        return num(self.x)

    @property
    def sy(self):
        return num(self.y)

    @property
    def sw(self):
        return num(self.width)

    @property
    def sh(self):
        return num(self.height)


@dataclass
class Series:
    name: str
    index: int
    colour: str
    fill: str  # colour or url(#pattern)
    pattern: str  # "" or the pattern's kind
    on_colour: str
    dash: str = ""
    marker: str = "circle"


@dataclass
class Layout:
    key: str
    kind: str
    width: float
    height: float
    direction: str
    title: str
    desc: str
    series: list[Series]
    patterns: list[Series] = field(default_factory=list)
    legend: list[tuple[Box, Text, Series]] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    lines: list[tuple[float, float, float, float]] = field(default_factory=list)  # grid and axes
    paths: list[tuple[str, Series]] = field(default_factory=list)  # series lines
    markers: list[tuple[float, float, Series, str]] = field(default_factory=list)
    header: list[Text] = field(default_factory=list)  # standalone only: title
    footer: list[Text] = field(default_factory=list)  # standalone only: source
    offset_x: float = 0  # standalone: the chart drawn inside a margin, below the header
    offset: float = 0
    canvas_width: float = 0  # standalone: the whole drawing (chart, title, source)
    canvas_height: float = 0
    standalone: bool = False
    lang: str = "fr"
    font_family: str = ""

    @property
    def title_id(self):
        return f"{self.key}-title"

    @property
    def desc_id(self):
        return f"{self.key}-desc"

    @property
    def view_box(self):
        return f"0 0 {num(self.canvas_width or self.width)} {num(self.canvas_height or self.height)}"

    @property
    def canvas(self):
        return num(self.canvas_width or self.width), num(self.canvas_height or self.height)

    @property
    def translate(self):
        return f"translate({num(self.offset_x)} {num(self.offset)})"

    @property
    def grid_path(self):
        """The grid lines as one path (the last line, the axis, is drawn apart, darker)."""
        return "".join(f"M{num(x1)} {num(y1)}L{num(x2)} {num(y2)}" for x1, y1, x2, y2 in self.lines[:-1])

    @property
    def axis_path(self):
        return "".join(f"M{num(x1)} {num(y1)}L{num(x2)} {num(y2)}" for x1, y1, x2, y2 in self.lines[-1:])

    @property
    def box_groups(self):
        """(fill, boxes) for each fill."""
        return grouped(self.boxes, lambda box: box.fill)

    @property
    def text_groups(self):
        """(shared attributes, texts) for each combination of attributes."""
        return [(attributes(style), texts) for style, texts in grouped(self.texts, lambda t: t.style)]

    @property
    def legend_items(self):
        """(swatch box, text, series, marker path or "" for a circle, line y) of each legend entry."""
        items = []
        for box, text, series in self.legend:
            d = _marker_path(series.marker, box.x + box.width / 2, box.y + 6)
            items.append((box, text, series, d, num(box.y + 6), num(box.x + box.width / 2)))
        return items

    @property
    def marker_shapes(self):
        """(path or "" for a circle, x, y, series, tooltip) of each point marker, ready for the template."""
        return [
            (_marker_path(s.marker, x, y), num(x), num(y), s, tooltip) for x, y, s, tooltip in self.markers
        ]


def _marker_path(marker: str, x: float, y: float) -> str:
    """A point's marker: a square, triangle or diamond path, or "" for a circle (the template draws it)."""
    if marker == "square":
        return f"M{num(x - 3.2)} {num(y - 3.2)}h6.4v6.4h-6.4z"
    if marker == "triangle":
        return f"M{num(x)} {num(y - 4.2)}l4 7h-8z"
    if marker == "diamond":
        return f"M{num(x)} {num(y - 4.2)}l4.2 4.2-4.2 4.2-4.2-4.2z"
    return ""


def _series(figure: Figure, key: str) -> list[Series]:
    result = []
    for index, (name, _values) in enumerate(figure.series):
        colour = PALETTE[index % len(PALETTE)]
        pattern = ("", "stripes", "dots", "cross", "rows", "stripes", "dots")[index % 7]
        if figure.kind == "line":
            pattern = ""
        fill = f"url(#{key}-p{index})" if pattern else colour
        result.append(
            Series(
                name=name,
                index=index,
                colour=colour,
                fill=fill,
                pattern=pattern,
                on_colour=ON_PALETTE[index % len(ON_PALETTE)],
                dash=DASHES[index % len(DASHES)],
                marker=MARKERS[index % len(MARKERS)],
            )
        )
    return result


def _values(figure: Figure) -> list[list[float | None]]:
    """One list per series, as long as the categories (short series padded with None)."""
    count = len(figure.categories)
    values = []
    for _name, series_values in figure.series:
        row = [as_number(v) for v in list(series_values)[:count]]
        row += [None] * (count - len(row))
        values.append(row)
    return values


def _legend(series: list[Series], y: float, width: float, line: bool = False) -> tuple[list, float]:
    """Swatch and name of each series, in rows from the start side; returns the items and the height."""
    items = []
    x = 0.0
    row_y = y
    for s in series:
        name, cut = wrap(s.name, width - 40, SMALL, max_lines=1)
        item_width = 18 + text_width(name[0], SMALL) + 14 + (8 if line else 0)
        if x and x + item_width > width:
            x = 0
            row_y += 20
        swatch = Box(x, row_y, 20 if line else 12, 12, s.fill)
        label = Text(x + swatch.width + 6, row_y + 10.5, name, size=SMALL, tooltip=s.name if cut else "")
        items.append((swatch, label, s))
        x += item_width
    return items, (row_y - y) + 20 if items else 0


def sentence(parts: list[str], lang: str) -> str:
    """Parts of a description joined by semicolons (the Arabic one in Arabic), with a full stop."""
    return ("؛ " if is_rtl(lang) else "; ").join(parts) + "."


def _summary(figure: Figure, values, lang) -> str:
    """The <desc>: what kind of chart, and the highest and lowest values, for a screen reader's overview."""
    kinds = {
        "bar": gettext("Bar chart"),
        "stacked": gettext("Stacked bar chart"),
        "line": gettext("Line chart"),
    }
    parts = [kinds.get(figure.kind, kinds["bar"])]
    if len(figure.series) > 1:
        parts.append(", ".join(name for name, _v in figure.series))
    if figure.kind == "stacked":
        # As the chart: a total only where every part is known.
        totals = [None if None in column else sum(column) for column in zip(*values, strict=False)]
        flat = list(zip(figure.categories, totals, strict=False))
    elif len(figure.series) == 1:
        flat = list(zip(figure.categories, values[0], strict=False))
    else:
        flat = []
    known = [(c, v) for c, v in flat if v is not None]
    if known:
        high = max(known, key=lambda cv: cv[1])
        low = min(known, key=lambda cv: cv[1])
        parts.append(
            gettext("highest: %(category)s, %(value)s")
            % {"category": high[0], "value": format_value(high[1], figure.decimals, figure.unit, lang)}
        )
        if len(known) > 1:
            parts.append(
                gettext("lowest: %(category)s, %(value)s")
                % {"category": low[0], "value": format_value(low[1], figure.decimals, figure.unit, lang)}
            )
    elif flat:
        parts.append(no_data_text(lang))
    parts.append(gettext("the table gives every value"))
    return sentence(parts, lang)


def source_line(figure_or_map, lang: str) -> str:
    """ "Source: X · CC BY 4.0 · 30/11/2026" for the standalone SVG (the HTML caption writes its own)."""
    from django.utils.formats import date_format

    source = figure_or_map.source
    if source is None:
        return ""
    # In a right-to-left line each part is isolated (FSI ... PDI), so that a French source name, a
    # licence and a date do not run into one another ("CC BY 4.0 · 30/11/2026" would lose its order).
    isolate = (lambda text: f"\u2068{text}\u2069") if is_rtl(lang) else (lambda text: text)
    parts = [gettext("Source: %(name)s") % {"name": isolate(source.name)}]
    if source.licence:
        parts.append(isolate(source.licence))
    if source.date:
        parts.append(isolate(date_format(source.date, "SHORT_DATE_FORMAT")))
    if source.note:
        parts.append(isolate(source.note))
    return " · ".join(parts)


def _mirror(layout: Layout) -> None:
    """Right-to-left: flip every x; anchors keep their logical meaning under direction="rtl"."""
    width = layout.width
    for box in layout.boxes:
        box.x = width - box.x - box.width
    for box, text, _series in layout.legend:
        box.x = width - box.x - box.width
        text.x = width - text.x
    for text in layout.texts:
        text.x = width - text.x
    layout.lines = [(width - x1, y1, width - x2, y2) for x1, y1, x2, y2 in layout.lines]


def _bars(figure: Figure, layout: Layout, values) -> None:
    """Horizontal bars, one series or grouped, or stacked; laid out left to right (mirrored later)."""
    width = layout.width
    stacked = figure.kind == "stacked" and len(values) > 1
    y = 0.0
    if len(layout.series) > 1:
        layout.legend, legend_height = _legend(layout.series, 0, width)
        y = legend_height + 4

    # Label column: as wide as the longest label, at most 40% of the drawing.
    longest = max((text_width(c) for c in figure.categories), default=0)
    label_width = min(longest, width * 0.4) + 2
    totals: list[float | None] = []
    if stacked:
        for column in zip(*values, strict=False):
            known = [v for v in column if v is not None]
            totals.append(sum(known) if len(known) == len(column) else None)
        extents = [v for v in totals if v is not None]
        extents += [
            sum(v for v in column if v is not None and v > 0) for column in zip(*values, strict=False)
        ]
        label_values = totals
    else:
        extents = [v for row in values for v in row if v is not None]
        label_values = [v for row in values for v in row]
    value_labels = [
        format_value(v, figure.decimals, figure.unit, layout.lang) for v in label_values if v is not None
    ]
    value_width = max((text_width(t, SMALL) for t in value_labels), default=0)
    value_width = max(value_width, text_width(no_data_text(layout.lang), SMALL)) + PAD
    low = min([0.0, *extents])
    high = max([0.0, *extents])
    if high == low:
        high = low + 1  # all zero (or nothing): a scale that draws zero-length bars
    start = label_width + PAD + (value_width if low < 0 else 0)
    plot = max(width - start - value_width, 40)

    def x_of(v):
        return start + (v - low) / (high - low) * plot

    zero = x_of(0)
    n_series = 1 if stacked else len(values)
    bar = 18 if n_series == 1 else 12
    group = n_series * bar + (n_series - 1) * 2
    top = y
    for ci, category in enumerate(figure.categories):
        lines, cut = wrap(category, label_width - 2)
        row = max(group + 10, len(lines) * LINE_HEIGHT + 8)
        middle = y + row / 2
        first_line_y = middle - (len(lines) - 1) * LINE_HEIGHT / 2 + 4.5
        layout.texts.append(
            Text(label_width, first_line_y, lines, anchor="end", tooltip=category if cut else "")
        )
        bar_top = middle - group / 2
        if stacked:
            column = [row_values[ci] for row_values in values]
            if all(v is None for v in column):
                layout.texts.append(_no_data(zero + 4, middle + 4, layout.lang))
            else:
                position = 0.0
                for s, v in zip(layout.series, column, strict=False):
                    if v is None or v <= 0:
                        continue
                    x1, x2 = x_of(position), x_of(position + v)
                    label = format_value(v, figure.decimals, figure.unit, layout.lang)
                    fits = text_width(label, SMALL) + 6 <= x2 - x1
                    tooltip = "" if fits else f"{category}, {s.name}: {label}"
                    layout.boxes.append(Box(x1, bar_top, x2 - x1, bar, s.fill, tooltip))
                    if fits:
                        layout.texts.append(
                            Text(
                                (x1 + x2) / 2,
                                middle + 4.2,
                                [label],
                                anchor="middle",
                                size=SMALL,
                                fill=s.on_colour,
                                halo=s.colour if s.pattern else "",
                            )
                        )
                    position += v
                total = totals[ci]
                end = x_of(position)
                text = (
                    format_value(total, figure.decimals, figure.unit, layout.lang)
                    if total is not None
                    else ""
                )
                if text:
                    layout.texts.append(Text(end + 4, middle + 4.2, [text], size=SMALL, weight="bold"))
        else:
            for si, s in enumerate(layout.series):
                v = values[si][ci]
                by = bar_top + si * (bar + 2)
                if v is None:
                    layout.texts.append(_no_data(zero + 4, by + bar / 2 + 4, layout.lang))
                    continue
                x1, x2 = sorted((zero, x_of(v)))
                label = format_value(v, figure.decimals, figure.unit, layout.lang)
                layout.boxes.append(Box(x1, by, max(x2 - x1, 0), bar, s.fill))
                if v < 0:
                    layout.texts.append(Text(x1 - 4, by + bar / 2 + 4.2, [label], anchor="end", size=SMALL))
                else:
                    layout.texts.append(Text(x2 + 4, by + bar / 2 + 4.2, [label], size=SMALL))
        y += row
    layout.lines.append((zero, top, zero, y))
    layout.height = y + 2


def _no_data(x, y, lang) -> Text:
    return Text(x, y, [no_data_text(lang)], size=SMALL, fill=MUTED, italic=True)


def _line(figure: Figure, layout: Layout, values) -> None:
    """Time series: one polyline per series, broken where a value is missing; time left to right."""
    width = layout.width
    decimals = figure.decimals
    y = 0.0
    if len(layout.series) > 1:
        layout.legend, legend_height = _legend(layout.series, 0, width, line=True)
        y = legend_height + 4
        if is_rtl(layout.lang):  # time still runs left to right, but the legend reads from the right
            for box, text, _series in layout.legend:
                box.x = width - box.x - box.width
                text.x = box.x - 6
                text.anchor = "end"
    known = [v for row in values for v in row if v is not None]
    low = min([0.0, *known])
    high = max([0.0, *known])
    step = nice_step(high - low if high > low else 1)
    if decimals == 0:
        step = max(step, 1)
    low = math.floor(low / step) * step
    high = math.ceil(high / step) * step
    if high == low:
        high = low + step
    tick_decimals = max(step_decimals(step), 0)
    ticks = []
    tick = low
    while tick <= high + step / 1000:
        ticks.append(tick)
        tick += step
    tick_labels = [format_value(t, tick_decimals, figure.unit, layout.lang) for t in ticks]
    axis_width = max(text_width(t, SMALL) for t in tick_labels) + PAD

    # End labels: the last value of each series (and its name when there are several).
    ends = []
    for s, row in zip(layout.series, values, strict=False):
        last = next((i for i in range(len(row) - 1, -1, -1) if row[i] is not None), None)
        if last is not None:
            ends.append((s, last, row[last]))
    end_width = max(
        (text_width(format_value(v, decimals, figure.unit, layout.lang), SMALL) for _s, _i, v in ends),
        default=0,
    )
    end_width = min(end_width + 10, width * 0.3)

    top = y + 8
    plot_height = 180
    bottom = top + plot_height
    left = axis_width
    right = width - end_width
    count = len(figure.categories)

    # The first and last year labels are centred on their point: the plot starts half a label in, so that
    # the first one clears the value axis's labels (whatever the reader's font, see _char_width).
    inset = max(
        8.0,
        max((text_width(c, SMALL) for c in figure.categories[:1] + figure.categories[-1:]), default=0) / 2,
    )

    def x_of(i):
        if count <= 1:
            return (left + right) / 2
        return left + inset + i * (right - left - 2 * inset) / (count - 1)

    def y_of(v):
        return bottom - (v - low) / (high - low) * plot_height

    for t, label in zip(ticks, tick_labels, strict=False):
        ty = y_of(t)
        layout.lines.append((left, ty, right, ty))
        layout.texts.append(Text(left - PAD, ty + 4, [label], anchor="end", size=SMALL, fill=MUTED))
    # Year labels: as many as fit, the last one always.
    label_width = max((text_width(c, SMALL) for c in figure.categories), default=0) + 8
    room = (right - left) / max(count, 1)
    every = max(1, math.ceil(label_width / room)) if room else 1
    for i, category in enumerate(figure.categories):
        if i % every == 0 or i == count - 1:
            if i != count - 1 and count - 1 - i < every and i % every == 0 and i != 0:
                continue  # too close to the last label
            layout.texts.append(
                Text(x_of(i), bottom + 16, [category], anchor="middle", size=SMALL, fill=MUTED)
            )

    draw_markers = count <= 12
    for s, row in zip(layout.series, values, strict=False):
        runs: list[list[int]] = []
        for i, v in enumerate(row):
            if v is None:
                continue
            if runs and runs[-1][-1] == i - 1:
                runs[-1].append(i)
            else:
                runs.append([i])
        for run in runs:
            if len(run) > 1:
                d = "M" + "L".join(f"{num(x_of(i))} {num(y_of(row[i]))}" for i in run)
                layout.paths.append((d, s))
            for i in run:
                if draw_markers or len(run) == 1 or i == run[-1]:
                    label = format_value(row[i], decimals, figure.unit, layout.lang)
                    prefix = f"{s.name}, " if len(layout.series) > 1 else ""
                    layout.markers.append(
                        (x_of(i), y_of(row[i]), s, f"{prefix}{figure.categories[i]}: {label}")
                    )

    # End labels, pushed apart so that they do not overlap.
    placed = sorted(((y_of(v), s, i, v) for s, i, v in ends), key=lambda item: item[0])
    previous = -math.inf
    for ly, _s, i, v in placed:
        ly = max(ly, previous + 14)
        previous = ly
        layout.texts.append(
            Text(
                x_of(i) + 7,
                ly + 4,
                [format_value(v, decimals, figure.unit, layout.lang)],
                size=SMALL,
                fill=TEXT,
                weight="bold",
            )
        )
    layout.lines.append((left, bottom, right, bottom))
    layout.height = bottom + 24


def chart_layout(figure: Figure, *, standalone: bool = False, lang: str | None = None) -> Layout:
    """Everything the SVG template draws for ``figure``; ``standalone`` adds the title and source inside.

    ``lang`` (default: the active language) sets the numbers, the texts and the direction.
    """
    lang = lang or current_language()
    with override(lang):
        return _chart_layout(figure, standalone=standalone, lang=lang)


def _chart_layout(figure: Figure, *, standalone: bool, lang: str) -> Layout:
    key = safe_key(figure.key)
    values = _values(figure)
    kind = figure.kind if figure.kind in ("bar", "stacked", "line") else "bar"
    rtl = is_rtl(lang) and kind != "line"
    layout = Layout(
        key=key,
        kind=kind,
        width=WIDTH,
        height=0,
        direction="rtl" if rtl else "ltr",
        title=figure.title,
        desc=_summary(figure, values, lang),
        series=_series(figure, key),
        standalone=standalone,
        lang=lang,
    )
    layout.patterns = [s for s in layout.series if s.pattern]
    if kind == "line":
        _line(figure, layout, values)
    else:
        _bars(figure, layout, values)
        if rtl:
            _mirror(layout)
    if standalone:
        _frame(layout, figure.title, source_line(figure, lang), lang)
    return layout


def _frame(layout: Layout, title: str, source: str, lang: str) -> None:
    """Standalone SVG: a margin, the title above and the source below, in the page's direction."""
    margin = 16
    rtl = is_rtl(lang)
    canvas_width = layout.width + 2 * margin
    # Header and footer read in the language's direction, whatever the chart's (a line chart keeps time
    # left to right in Arabic too): anchored at their start, on the right in Arabic.
    x = canvas_width - margin if rtl else margin
    anchor = "start"
    direction = "rtl" if rtl and layout.direction != "rtl" else ""
    title_lines, _cut = wrap(title, layout.width, 15, max_lines=3)
    layout.header = [
        Text(
            x,
            margin + 14,
            title_lines,
            anchor=anchor,
            size=15,
            weight="bold",
            line_height=19,
            direction=direction,
        )
    ]
    header_height = margin + 14 + 19 * (len(title_lines) - 1) + 14
    body_height = layout.height
    source_lines, _cut = wrap(source, layout.width, 11, max_lines=4) if source else ([], False)
    footer_top = header_height + body_height + 12
    if source_lines:
        layout.footer = [
            Text(
                x,
                footer_top + 11,
                source_lines,
                anchor=anchor,
                size=11,
                fill=MUTED,
                line_height=14,
                direction=direction,
            )
        ]
    layout.offset = header_height
    layout.offset_x = margin
    layout.canvas_width = canvas_width
    layout.canvas_height = footer_top + 14 * len(source_lines) + margin
    layout.font_family = (
        "'Noto Naskh Arabic', 'Noto Sans Arabic', 'DejaVu Sans', sans-serif"
        if rtl
        else "'Helvetica Neue', Arial, 'Liberation Sans', sans-serif"
    )


# --- The Atlas map -----------------------------------------------------------------------------------

MAP_FONT = 32  # viewBox units: the map is about 1,000 units wide, drawn 350 to 600 pixels wide
NO_DATA_FILL = "#f1f3f5"
NO_DATA_HATCH = "#868e96"
OSM_CREDIT = "© OpenStreetMap contributors, ODbL"


@dataclass
class MapProvince:
    code: str
    name: str
    d: str
    fill: str
    url: str
    value_text: str
    label: Text
    leader: str = ""  # a line from the label to a province too small to hold it

    @property
    def accessible_name(self):
        return f"{self.name}: {self.value_text}"


@dataclass
class MapLegendItem:
    colour: str  # a colour, or "" for no data (hatched)
    text: str
    count: int


@dataclass
class MapLayout:
    key: str
    title: str
    desc: str
    width: float
    height: float
    direction: str
    provinces: list[MapProvince]
    legend: list[MapLegendItem]
    credit: str = OSM_CREDIT
    standalone: bool = False
    header: list[Text] = field(default_factory=list)
    footer: list[Text] = field(default_factory=list)
    svg_legend: list[tuple[Box, Text]] = field(default_factory=list)
    canvas_width: float = 0
    canvas_height: float = 0
    offset: float = 0
    font_family: str = ""

    @property
    def title_id(self):
        return f"{self.key}-title"

    @property
    def desc_id(self):
        return f"{self.key}-desc"

    @property
    def no_data_id(self):
        return f"{self.key}-nodata"

    @property
    def view_box(self):
        return f"0 0 {num(self.canvas_width or self.width)} {num(self.canvas_height or self.height)}"

    @property
    def canvas(self):
        return num(self.canvas_width or self.width), num(self.canvas_height or self.height)

    @property
    def translate(self):
        return f"translate(0 {num(self.offset)})"

    @property
    def has_no_data(self):
        return any(not item.colour for item in self.legend)


def legend_range(low: float, high: float, decimals: int, unit: str, lang: str) -> str:
    """ "87 – 410", or "12 345" for a class of one value."""
    if low == high:
        return format_value(low, decimals, unit, lang)
    return f"{format_value(low, decimals, unit, lang)} – {format_value(high, decimals, unit, lang)}"


def map_layout(
    province_map,
    *,
    standalone: bool = False,
    lang: str | None = None,
    classes: int = 5,
    method: str = "jenks",
) -> MapLayout:
    """Everything the map template draws for a ``ProvinceMap``, in ``lang`` (default: the active one)."""
    lang = lang or current_language()
    with override(lang):
        return _map_layout(province_map, standalone=standalone, lang=lang, classes=classes, method=method)


def _map_layout(province_map, *, standalone: bool, lang: str, classes: int, method: str) -> MapLayout:
    from .classes import classify
    from .shapes import province_shapes

    shapes = province_shapes()
    key = safe_key(province_map.key)
    values = {code: as_number(province_map.values.get(code)) for code in shapes["provinces"]}
    classification = classify(values, n=classes, method=method)
    decimals, unit = province_map.decimals, province_map.unit

    provinces = []
    for code, shape in shapes["provinces"].items():
        value = values[code]
        index = classification.class_of.get(code)
        name = province_map.names.get(code) or shape["name"]
        value_text = format_value(value, decimals, unit, lang)
        x, y = shape["label"]
        anchor = shape.get("anchor")
        # No value line where there is no data: the hatching, the legend and the table say so, and the
        # north's small provinces have no room for "no data" in full.
        lines = [name] if value is None else [name, value_text]
        label = Text(
            x,
            y - 4 + (MAP_FONT / 2 if value is None else 0),
            lines,
            anchor="middle",
            size=MAP_FONT,
            halo="#ffffff",
            line_height=MAP_FONT + 4,
        )
        leader = ""
        if anchor:  # a label out at sea: a line from inside the province to the label's near side
            half = max(text_width(name, MAP_FONT), text_width(value_text, MAP_FONT)) * 1.05 / 2 + 8
            end_x = x - half if x > anchor[0] else x + half
            leader = f"M{num(anchor[0])} {num(anchor[1])}L{num(end_x)} {num(y + 4)}"
        provinces.append(
            MapProvince(
                code=code,
                name=name,
                d=shape["d"],
                fill=classification.classes[index].colour if index is not None else f"url(#{key}-nodata)",
                url=province_map.urls.get(code, ""),
                value_text=value_text,
                label=label,
                leader=leader,
            )
        )

    legend = [
        MapLegendItem(c.colour, legend_range(c.low, c.high, decimals, unit, lang), c.count)
        for c in classification.classes
    ]
    missing = sum(1 for v in values.values() if v is None)
    if missing:
        legend.append(MapLegendItem("", no_data_text(lang), missing))

    known = [(p.name, values[p.code]) for p in provinces if values[p.code] is not None]
    parts = [gettext("Map of the region's prefectures and provinces")]
    if known:
        high = max(known, key=lambda nv: nv[1])
        low = min(known, key=lambda nv: nv[1])
        parts.append(
            gettext("highest: %(category)s, %(value)s")
            % {"category": high[0], "value": format_value(high[1], decimals, unit, lang)}
        )
        if len(known) > 1:
            parts.append(
                gettext("lowest: %(category)s, %(value)s")
                % {"category": low[0], "value": format_value(low[1], decimals, unit, lang)}
            )
    parts.append(gettext("the table gives every value"))
    layout = MapLayout(
        key=key,
        title=province_map.title,
        desc=sentence(parts, lang),
        width=shapes["width"],
        height=shapes["height"],
        direction="rtl" if is_rtl(lang) else "ltr",
        provinces=provinces,
        legend=legend,
        standalone=standalone,
    )
    if standalone:
        _map_frame(layout, province_map, lang)
    return layout


def _map_frame(layout: MapLayout, province_map, lang: str) -> None:
    """Standalone map: title above, legend in the empty sea at the top right, source and credit below."""
    margin = 24
    rtl = is_rtl(lang)
    width = layout.width
    x = width - margin if rtl else margin
    title_lines, _cut = wrap(province_map.title, width - 2 * margin, 34, max_lines=2)
    layout.header = [Text(x, margin + 32, title_lines, size=34, weight="bold", line_height=42)]
    layout.offset = margin + 32 + 42 * (len(title_lines) - 1) + 24
    # The legend: the Mediterranean at the top right of the region is empty.
    legend_x = width * 0.6
    y = 30.0
    for item in layout.legend:
        box = Box(legend_x, y, 36, 26, item.colour or f"url(#{layout.key}-nodata)")
        text = Text(legend_x + 48, y + 21, [item.text], size=24)
        if rtl:  # the same corner, read from the right
            box.x = width - margin - box.width
            text.x = box.x - 12
        layout.svg_legend.append((box, text))
        y += 36
    source = source_line(province_map, lang)
    # A left-to-right mark keeps "©" before "OpenStreetMap" in a right-to-left line.
    footer = [s for s in (source, f"\u200e{OSM_CREDIT}" if rtl else OSM_CREDIT) if s]
    lines = []
    for line in footer:
        lines += wrap(line, width - 2 * margin, 22, max_lines=3)[0]
    top = layout.offset + layout.height + 16
    layout.footer = [Text(x, top + 22, lines, size=22, fill=MUTED, line_height=28)]
    layout.canvas_width = width
    layout.canvas_height = top + 28 * len(lines) + margin
    layout.font_family = (
        "'Noto Naskh Arabic', 'Noto Sans Arabic', 'DejaVu Sans', sans-serif"
        if rtl
        else "'Helvetica Neue', Arial, 'Liberation Sans', sans-serif"
    )
