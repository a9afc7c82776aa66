"""Write small, valid PDFs from lines of text: the demo's Atlas and Panorama, and the tests' files.

Latin text (French, English) is set in the standard Helvetica font with the WinAnsi encoding, so any
viewer renders it. Arabic text has no glyphs in the standard fonts and embedding a font is out of
scope here: Arabic lines are written with a font whose ``ToUnicode`` map gives the real Arabic
characters, so text extraction and search see true Arabic while the rendering shows placeholders.
That is enough for the tests of extraction and search; the demo documents stay in French.
"""

import textwrap

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 56
BODY_SIZE, HEADING_SIZE = 11, 22
WRAP_AT = 88


def _is_latin(line: str) -> bool:
    try:
        line.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


class _Objects:
    def __init__(self):
        self.items: list[bytes] = []

    def add(self, body: bytes) -> int:
        self.items.append(body)
        return len(self.items)

    def set(self, number: int, body: bytes) -> None:
        self.items[number - 1] = body


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _to_unicode_cmap(codes: dict[str, int]) -> bytes:
    lines = [
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "/CMapName /ArabicLines def /CMapType 2 def",
        "1 begincodespacerange <00> <FF> endcodespacerange",
    ]
    pairs = sorted((code, char) for char, code in codes.items())
    for start in range(0, len(pairs), 100):
        chunk = pairs[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{code:02X}> <{ord(char):04X}>" for code, char in chunk]
        lines.append("endbfchar")
    lines.append("endcmap CMapName currentdict /CMap defineresource pop end end")
    return "\n".join(lines).encode()


def build_pdf(
    pages: list[list[str]], *, title: str = "", band: tuple[float, float, float] | None = None
) -> bytes:
    """A PDF with one page per list of lines. A line starting with "# " is a heading.

    ``band`` (an RGB triple of 0-1 floats) paints a coloured band behind the first page's heading,
    for a cover that looks like one.
    """
    arabic_chars = sorted({c for page in pages for line in page if not _is_latin(line) for c in line})
    if len(arabic_chars) > 220:
        raise ValueError("Too many distinct non-Latin characters for a one-byte font.")
    arabic_codes = {char: 0x21 + index for index, char in enumerate(arabic_chars)}

    objects = _Objects()
    catalog = objects.add(b"")
    page_tree = objects.add(b"")
    latin_font = objects.add(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    cmap = objects.add(_stream(_to_unicode_cmap(arabic_codes)))
    arabic_font = objects.add(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode %d 0 R >>" % cmap
    )
    kids = []
    for number, lines in enumerate(pages):
        ops = []
        if band and number == 0:
            ops.append(b"%.3f %.3f %.3f rg 0 %d %d 200 re f" % (*band, PAGE_HEIGHT - 200, PAGE_WIDTH))
        y = PAGE_HEIGHT - MARGIN - HEADING_SIZE
        for line in lines:
            heading = line.startswith("# ")
            text = line[2:] if heading else line
            size = HEADING_SIZE if heading else BODY_SIZE
            wrapped = textwrap.wrap(text, 42 if heading else WRAP_AT) or [""]
            for part in wrapped:
                if _is_latin(part):
                    font, data = b"/F1", part.encode("cp1252")
                else:
                    # Stored in visual order, as word processors write right-to-left text;
                    # extractors turn it back into reading order.
                    font, data = b"/F2", bytes(arabic_codes[c] for c in reversed(part))
                colour = b"1 1 1 rg" if band and number == 0 and heading else b"0 0 0 rg"
                ops.append(
                    b"BT %s %s %d Tf %d %d Td <%s> Tj ET"
                    % (colour, font, size, MARGIN, y, data.hex().encode())
                )
                y -= int(size * 1.5)
            y -= 4
        content = objects.add(_stream("\n".join(op.decode() for op in ops).encode()))
        kids.append(
            objects.add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> >>"
                % (page_tree, PAGE_WIDTH, PAGE_HEIGHT, content, latin_font, arabic_font)
            )
        )
    objects.set(catalog, b"<< /Type /Catalog /Pages %d 0 R >>" % page_tree)
    objects.set(
        page_tree,
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)),
    )
    info = objects.add(
        b"<< /Title <feff%s> /Producer (MESS portal) >>" % title.encode("utf-16-be").hex().encode()
    )

    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects.items, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(offsets) + 1,
        catalog,
        info,
        xref,
    )
    return bytes(out)
