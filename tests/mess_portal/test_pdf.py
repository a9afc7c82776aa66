"""The PDFs the portal writes: real fonts, shaped Arabic, extractable text in reading order, metadata."""

import io
import re
import unicodedata

import pypdf

from mess_portal.pdf import PdfDocument, build_pdf, is_rtl


def reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def text_of(data: bytes) -> str:
    """All the text, normalised as a search engine would see it (compatibility forms folded)."""
    return unicodedata.normalize("NFKC", "\n".join(page.extract_text() for page in reader(data).pages))


def fonts_of(data: bytes) -> dict[str, dict]:
    fonts = {}
    for page in reader(data).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[str(font["/BaseFont"]).split("+")[-1]] = font
    return fonts


def glyphs_for(font, char: str) -> set[str]:
    """The glyph codes that the font's ToUnicode map turns into ``char``."""
    cmap = font["/ToUnicode"].get_object().get_data().decode()
    return {
        glyph
        for glyph, unicode in re.findall(r"<([0-9A-F]{4})> <([0-9A-F]{4})>", cmap)
        if chr(int(unicode, 16)) == char
    }


def test_french_and_arabic_text_is_extractable_in_reading_order():
    data = build_pdf(
        [
            ["# Panorama de l'économie sociale", "Les coopératives de Chefchaouen tissent la laine."],
            ["# التعاونيات", "التعاونيات النسائية في إقليم شفشاون", "لا إله إلا الله"],
        ],
        title="Essai",
    )
    assert len(reader(data).pages) == 2
    text = text_of(data)
    for word in ["économie", "coopératives", "Chefchaouen", "التعاونيات", "النسائية", "إقليم", "شفشاون"]:
        assert word in text
    # The lam-alef ligature is one glyph on the page and two letters in the text.
    assert "لا إله إلا" in text


def test_arabic_is_shaped_in_the_arabic_font_and_latin_in_the_latin_font():
    data = build_pdf([["Les coopératives", "ببب"]])
    fonts = fonts_of(data)
    assert set(fonts) == {"NotoSans", "NotoNaskhArabic"}
    for font in fonts.values():
        assert "/FontFile2" in font["/DescendantFonts"][0].get_object()["/FontDescriptor"]  # embedded
    # Shaped: the same letter takes its initial, medial and final forms, three different glyphs.
    assert len(glyphs_for(fonts["NotoNaskhArabic"], "\u0628")) == 3


def test_a_mixed_line_uses_both_fonts():
    data = build_pdf([["Coopérative Al Amal (تعاونية الأمل), Tanger"]])
    assert set(fonts_of(data)) == {"NotoSans", "NotoNaskhArabic"}
    text = text_of(data)
    assert "Coopérative" in text
    assert "تعاونية" in text and "الأمل" in text


def test_metadata_headings_tables_and_page_numbers():
    document = PdfDocument(title="Atlas 2026", language="ar", author="ORESS", keywords=["ESS", "أطلس"])
    document.add_page()
    document.heading("الأرقام الرئيسية")
    document.paragraph("عدد التعاونيات في الجهة.")
    # Numbers take a no-break space between thousands: kept whole on the line and in the extracted text.
    document.table(
        ["الإقليم", "التعاونيات"], [["طنجة أصيلة", "1\u00a0204"], ["شفشاون", "388"]], numeric=[False, True]
    )
    for _ in range(80):
        document.paragraph("فقرة طويلة لملء الصفحات.")
    data = document.output_bytes()
    pdf = reader(data)
    assert len(pdf.pages) >= 2
    assert pdf.metadata.title == "Atlas 2026"
    assert pdf.metadata.author == "ORESS"
    assert pdf.trailer["/Root"]["/Lang"] == "ar"
    text = text_of(data)
    assert "الأرقام الرئيسية" in text
    assert "طنجة أصيلة" in text and "1 204" in text
    # Page numbers in the footer.
    assert pdf.pages[1].extract_text().strip().endswith("2") or "\n2" in pdf.pages[1].extract_text()
    assert pdf.outline[0].title == "الأرقام الرئيسية"


def test_direction_of_a_text():
    assert is_rtl("التعاونيات ODCO")
    assert not is_rtl("ODCO التعاونيات")
    assert not is_rtl("2024 : 35 %")
