"""What the library needs to know of an uploaded PDF, read from its content (never its name)."""

import hashlib
import io
import logging
from dataclasses import dataclass

import pypdf
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from pypdf.errors import PyPdfError

logger = logging.getLogger(__name__)

# PostgreSQL's tsvector holds at most 1 MB; the start of a long document is what search needs.
MAX_TEXT_CHARS = 500_000
COVER_SIZE = (600, 848)


@dataclass(frozen=True)
class PdfInfo:
    data: bytes
    page_count: int
    text: str
    is_encrypted: bool
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


def _clean(text: str) -> str:
    # PostgreSQL text cannot hold NUL characters, which some PDFs' text layers contain.
    return text.replace("\x00", "")


def inspect_pdf(data: bytes, *, text: bool = True) -> PdfInfo:
    """Read a PDF's page count, text and encryption, or raise a ValidationError saying what is wrong.
    ``text=False`` leaves the text out (an upload's check; a background job extracts it)."""
    if not data.lstrip()[:5] == b"%PDF-":
        raise ValidationError(_("This file is not a PDF."), code="not_pdf")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        is_encrypted = reader.is_encrypted
        # Many PDFs are encrypted only to restrict printing or copying: they open with an empty password.
        if is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                _("This PDF is protected by a password. Upload a copy without a password."), code="password"
            )
        page_count = len(reader.pages)
        if page_count == 0:
            raise ValidationError(_("This PDF has no pages."), code="empty")
        texts = []
        length = 0
        for page in reader.pages if text else []:
            if length >= MAX_TEXT_CHARS:
                break
            try:
                page_text = page.extract_text() or ""
            except Exception:  # noqa: BLE001 - one unreadable page must not lose the others' text
                logger.warning("Text of one page could not be extracted", exc_info=True)
                page_text = ""
            texts.append(page_text)
            length += len(page_text)
    except ValidationError:
        raise
    # Damaged files make pypdf raise its own errors or, deep in a broken structure, Python's.
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        logger.info("Unreadable PDF upload: %s", exc)
        raise ValidationError(
            _(
                "This PDF is damaged and cannot be read. Export it again from its source and upload the new copy."
            ),
            code="damaged",
        ) from exc
    return PdfInfo(
        data=data,
        page_count=page_count,
        text=_clean("\n\n".join(texts))[:MAX_TEXT_CHARS],
        is_encrypted=is_encrypted,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def render_cover(data: bytes) -> ContentFile | None:
    """A PNG of the first page, or None when PDFium cannot draw it (the document stays usable)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
        try:
            page = pdf[0]
            scale = COVER_SIZE[0] / page.get_width()
            image = page.render(scale=scale).to_pil()
        finally:
            pdf.close()
    except Exception:  # noqa: BLE001 - PDFium raises its own error types; a cover is optional
        logger.warning("Could not render the cover of a PDF", exc_info=True)
        return None
    image.thumbnail(COVER_SIZE)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PNG", optimize=True)
    return ContentFile(buffer.getvalue(), name="cover.png")
