import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from library.pdf import inspect_pdf, render_cover
from tests.library.factories import (
    corrupt_pdf_bytes,
    encrypted_pdf_bytes,
    not_a_pdf_bytes,
    pdf_bytes,
)


def test_reads_pages_and_french_and_arabic_text():
    info = inspect_pdf(pdf_bytes(pages=4))
    assert info.page_count == 4
    assert "Les coopératives de Chefchaouen tissent la laine" in info.text
    assert "التعاونيات النسائية في إقليم شفشاون" in info.text
    assert not info.is_encrypted
    assert len(info.sha256) == 64


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (corrupt_pdf_bytes(), "damaged"),
        (not_a_pdf_bytes(), "not_pdf"),
        (b"", "not_pdf"),
        (encrypted_pdf_bytes(user_password="secret"), "password"),
        (encrypted_pdf_bytes(user_password="secret", algorithm="AES-256"), "password"),
        (pdf_bytes()[: len(pdf_bytes()) // 3], "damaged"),
    ],
    ids=["corrupt", "not-a-pdf", "empty", "password", "password-aes", "truncated"],
)
def test_refuses_what_is_not_a_readable_pdf(data, code):
    with pytest.raises(ValidationError) as caught:
        inspect_pdf(data)
    assert caught.value.code == code


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_encrypted_pdf_that_opens_without_password_is_read_and_flagged(algorithm):
    info = inspect_pdf(encrypted_pdf_bytes(user_password="", algorithm=algorithm))
    assert info.is_encrypted
    assert info.page_count == 3
    assert "Chefchaouen" in info.text


def test_cover_is_an_image_of_the_first_page():
    cover = render_cover(pdf_bytes())
    image = Image.open(cover)
    assert image.format == "PNG"
    assert 590 <= image.width <= 600
    assert image.height > image.width  # A4, portrait


def test_cover_of_an_encrypted_pdf_that_opens_without_password():
    assert render_cover(encrypted_pdf_bytes(user_password="", algorithm="AES-128")) is not None


def test_cover_of_a_broken_pdf_is_none():
    assert render_cover(corrupt_pdf_bytes()) is None
