"""PDFs the portal writes: the library's demo documents, the tests' files, the observatory's Atlas and Panorama.

fpdf2 with HarfBuzz shaping (uharfbuzz): Arabic letters join and take their contextual forms, lam-alef
ligatures form, and the Unicode bidirectional algorithm orders mixed French/Arabic lines. Two vendored
Noto families (mess_portal/fonts/, OFL) are embedded, subset to the glyphs used: Noto Sans for Latin
text and Noto Naskh Arabic for Arabic, each the other's fallback, so a French line quoting an Arabic
name (or the reverse) renders every character. Text stays real text: pypdf extracts the French and
the Arabic words (in reading order), which is what the library's search indexes.

Known limit (fpdf2 2.8): a right-to-left paragraph that wraps inside a long run of Latin text (a French
source name, a URL) is laid out wrongly, words cut or dropped. Keep such runs on lines of their own
(observatory/report.py's ``Report.parts`` does); short Latin words in Arabic text are fine.
"""

import logging
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import Align, TableBordersLayout, XPos, YPos
from fpdf.fonts import FontFace

# fontTools logs every step of subsetting the embedded fonts at INFO: noise in the site's logs.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT_DIR = Path(__file__).resolve().parent / "fonts"
LATIN = "NotoSans"
ARABIC = "NotoNaskhArabic"

INK = (33, 37, 41)
MUTED = (96, 103, 110)
ACCENT = (30, 112, 79)  # the site's green
RULE = (206, 212, 218)
HEADER_FILL = (233, 241, 236)

MARGIN = 18  # mm
BODY_SIZE = 10.5
HEADING_SIZES = {1: 20, 2: 14, 3: 11.5}


def is_rtl(text: str) -> bool:
    """Whether the first letter with a strong direction is right-to-left (Arabic, Hebrew...)."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


def has_arabic(text: str) -> bool:
    return any(unicodedata.bidirectional(char) == "AL" for char in text)


class PdfDocument(FPDF):
    """An A4 document in French, Arabic or English, with headings, paragraphs, tables and page numbers.

    ``language`` ("fr", "ar", "en") is the document's: it is written in the PDF's metadata, and an
    Arabic document lays out every paragraph and table right to left. Within any document, a paragraph
    whose first letter is Arabic is set right to left in the Arabic font.
    """

    def __init__(
        self,
        *,
        title: str,
        language: str = "fr",
        author: str = "",
        subject: str = "",
        keywords: Sequence[str] = (),
        running_title: str | None = None,
    ):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.language = language
        self.rtl = language == "ar"
        self.running_title = title if running_title is None else running_title
        for family, stem in ((LATIN, "NotoSans"), (ARABIC, "NotoNaskhArabic")):
            self.add_font(family, "", FONT_DIR / f"{stem}-Regular.ttf")
            self.add_font(family, "B", FONT_DIR / f"{stem}-Bold.ttf")
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN + 4)
        self.set_title(title)
        self.set_lang(language)
        self.set_creator("MESS portal")
        if author:
            self.set_author(author)
        if subject:
            self.set_subject(subject)
        if keywords:
            self.set_keywords(", ".join(keywords))
        self.set_display_mode(zoom="fullwidth")
        self.set_text_color(*INK)
        self.use_font("", size=BODY_SIZE)

    # --- Fonts and direction -------------------------------------------------------------------------

    def is_rtl_text(self, text: str) -> bool:
        """The direction of a paragraph: its first letter's, except that in an Arabic document any text
        with Arabic in it (or with no letter at all) is right to left. A Latin-only text stays left to
        right, aligned with the document (a URL, a licence)."""
        if is_rtl(text):
            return True
        return self.rtl and (has_arabic(text) or not any(unicodedata.bidirectional(c) == "L" for c in text))

    def use_font(self, text: str, *, size: float = BODY_SIZE, bold: bool = False) -> bool:
        """Set the font for ``text`` (the Arabic one first if it is Arabic) and its direction; True if RTL."""
        rtl = self.is_rtl_text(text)
        primary, fallback = (ARABIC, LATIN) if rtl else (LATIN, ARABIC)
        # Naskh's letters are small for their body: a tenth larger looks the same size as the Latin.
        self.set_font(primary, "B" if bold else "", size * 1.1 if primary == ARABIC else size)
        self.set_fallback_fonts([fallback], exact_match=False)
        # The paragraph direction of the bidirectional algorithm; letters within keep their own.
        self.set_text_shaping(True, direction="rtl" if rtl else "ltr")
        return rtl

    # --- Blocks -------------------------------------------------------------------------------------

    def heading(self, text: str, *, level: int = 1, colour: tuple[int, int, int] | None = None) -> None:
        size = HEADING_SIZES.get(level, HEADING_SIZES[3])
        if self.get_y() > self.t_margin + 1:
            self.ln(size * 0.35)
        # Keep a heading with the start of what follows it.
        if self.get_y() + size * 1.6 > self.page_break_trigger:
            self.add_page()
        if level <= 2:
            self.start_section(text, level=level - 1, strict=False)
        rtl = self.use_font(text, size=size, bold=True)
        self.set_text_color(*(colour or (ACCENT if level == 1 else INK)))
        align = Align.R if rtl or self.rtl else Align.L
        self.multi_cell(0, size * 0.55, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)
        self.ln(size * 0.15)

    def paragraph(
        self,
        text: str,
        *,
        size: float = BODY_SIZE,
        bold: bool = False,
        muted: bool = False,
        align: str | None = None,
        space_after: float = 2,
    ) -> None:
        if not text:
            self.ln(size * 0.45)
            return
        rtl = self.use_font(text, size=size, bold=bold)
        if muted:
            self.set_text_color(*MUTED)
        align = align or (Align.R if rtl or self.rtl else Align.L)
        self.multi_cell(0, size * 0.5, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)
        self.ln(space_after)

    def table(
        self,
        headers: Sequence[str],
        rows: Iterable[Sequence[object]],
        *,
        widths: Sequence[float] | None = None,
        numeric: Sequence[bool] | None = None,
        size: float = 9,
    ):
        """A table with a heading row; in an Arabic document its first column is on the right.

        ``numeric`` says which columns hold numbers (aligned to the right in a left-to-right document,
        to the left in a right-to-left one, so that digits line up).
        """
        count = len(headers)
        widths = list(widths or [1] * count)
        numeric = list(numeric or [False] * count)
        order = list(range(count))[::-1] if self.rtl else list(range(count))
        sample = " ".join(str(h) for h in headers)
        self.use_font(sample, size=size)
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.set_fill_color(255, 255, 255)  # the table's cells take the current fill colour

        def aligned(index):
            if numeric[index]:
                return Align.L if self.rtl else Align.R
            return Align.R if self.rtl else Align.L

        with super().table(
            col_widths=[widths[i] for i in order],
            text_align=[aligned(i) for i in order],
            borders_layout=TableBordersLayout.HORIZONTAL_LINES,
            headings_style=FontFace(emphasis="BOLD", fill_color=HEADER_FILL, color=INK),
            line_height=size * 0.55,
            padding=(1, 1.5),
            first_row_as_headings=True,
        ) as table:
            row = table.row()
            for i in order:
                row.cell(str(headers[i]))
            for values in rows:
                row = table.row()
                for i in order:
                    value = values[i]
                    row.cell("" if value is None else str(value))
        self.ln(3)

    def rule(self) -> None:
        self.set_draw_color(*RULE)
        self.set_line_width(0.3)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(2)

    # --- Page furniture -----------------------------------------------------------------------------

    def footer(self) -> None:
        # fpdf2's {nb} alias (total pages) does not work with text shaping: the page number alone.
        self.set_y(-MARGIN + 4)
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.line(self.l_margin, self.get_y() - 1.5, self.w - self.r_margin, self.get_y() - 1.5)
        width = self.w - self.l_margin - self.r_margin
        title_align, number_align = (Align.R, Align.L) if self.rtl else (Align.L, Align.R)
        self.use_font(self.running_title, size=7.5)
        self.set_text_color(*MUTED)
        self.set_x(self.l_margin)
        self.cell(width - 15 if not self.rtl else width, 5, self.running_title[:110], align=title_align)
        self.use_font(str(self.page_no()), size=7.5)
        self.set_x(self.l_margin)
        self.cell(width, 5, str(self.page_no()), align=number_align)
        self.set_text_color(*INK)

    def output_bytes(self) -> bytes:
        return bytes(self.output())


def build_pdf(
    pages: list[list[str]],
    *,
    title: str = "",
    band: tuple[float, float, float] | None = None,
    language: str = "fr",
    author: str = "",
) -> bytes:
    """A PDF with one page per list of lines (more if a page overflows). A line starting with "# " is a
    heading, an empty line a gap; Arabic lines are set right to left in the Arabic font.

    ``band`` (an RGB triple of 0-1 floats) paints a coloured band behind the first page's heading,
    for a cover that looks like one.
    """
    document = PdfDocument(title=title, language=language, author=author)
    for number, lines in enumerate(pages):
        document.add_page()
        cover = band is not None and number == 0
        if cover:
            document.set_fill_color(*(round(c * 255) for c in band))
            document.rect(0, 0, document.w, 70, style="F")
            document.set_y(28)
        for line in lines:
            if line.startswith("# "):
                document.heading(line[2:], colour=(255, 255, 255) if cover else None)
                if cover:
                    document.set_y(max(document.get_y(), 78))
                    cover = False
            else:
                document.paragraph(line)
    return document.output_bytes()
