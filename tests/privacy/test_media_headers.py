"""Files Django serves itself (library downloads, contest attachments) carry nosniff and a type that is
never text/html, whatever name the file was sent under."""

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from events.models import ApplicationAttachment
from tests.events.contest_factories import ApplicationFactory
from tests.factories import UserFactory
from tests.hostile_uploads import html_as_pdf
from tests.library.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def assert_safe(response, expected_type):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == expected_type
    assert "html" not in response["Content-Type"]


@pytest.mark.parametrize("sendfile", ["", "x-accel-redirect"])
def test_library_downloads(client, settings, reference_data, sendfile):
    settings.LIBRARY_SENDFILE = sendfile
    document = DocumentFactory()
    response = client.get(reverse("library:download", args=[document.slug]))
    assert response.status_code == 200
    assert_safe(response, "application/pdf")


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "red").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("kind", "stored", "content", "sent_as", "expected_type"),
    [
        ("pdf", "a.pdf", b"%PDF-1.4 test", "statuts.pdf", "application/pdf"),
        ("image", "a.png", png_bytes(), "photo.png", "image/png"),
        # An image sent under a web page's name: served as what it is, under a name of ours.
        ("image", "a.png", png_bytes(), "page.html", "image/png"),
        ("image", "a.jpg", b"\xff\xd8\xff", "photo.svg", "image/jpeg"),
    ],
)
def test_contest_attachments(client, reference_data, kind, stored, content, sent_as, expected_type):
    application = ApplicationFactory()
    attachment = ApplicationAttachment.objects.create(
        application=application, kind=kind, file=ContentFile(content, name=stored), original_name=sent_as
    )
    client.force_login(UserFactory(superuser=True))
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert_safe(response, expected_type)
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert ".html" not in disposition and ".svg" not in disposition


def test_nothing_html_is_ever_stored_for_the_library(client, reference_data):
    """The hostile 'PDF' is refused at upload (tests/privacy/test_hostile_uploads.py); and a file that
    slipped into the folder by other means is still served as a PDF attachment, not rendered."""
    document = DocumentFactory()
    with open(document.file.path, "wb") as handle:
        handle.write(html_as_pdf())
    response = client.get(reverse("library:download", args=[document.slug]))
    assert_safe(response, "application/pdf")
    assert response["Content-Disposition"].startswith("attachment;")
