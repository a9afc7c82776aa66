import pytest

from library.models import Document, DownloadMonth
from tests.factories import UserFactory
from tests.library.factories import DocumentFactory, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def document():
    return DocumentFactory(slug="atlas-ess-2024", pdf=pdf_bytes(pages=8))


def body(response):
    return b"".join(response.streaming_content)


def count(document):
    return Document.objects.get(pk=document.pk).download_count


def test_download_sends_the_pdf_with_its_type_name_and_caching(
    client, document, django_assert_max_num_queries
):
    data = document.file.read()
    # The document, its count, and the month's row (created in a savepoint the first time).
    with django_assert_max_num_queries(6):
        response = client.get("/fr/bibliotheque/atlas-ess-2024/telecharger/")
    with django_assert_max_num_queries(3):
        client.get("/fr/bibliotheque/atlas-ess-2024/telecharger/", HTTP_USER_AGENT="another browser")
    assert response.status_code == 200
    assert body(response) == data
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="atlas-ess-2024.pdf"'
    assert response["Content-Length"] == str(len(data))
    assert response["Accept-Ranges"] == "bytes"
    assert response["ETag"] == f'"{document.file_sha256[:32]}"'
    assert response["Cache-Control"] == "public, max-age=3600"
    assert "Last-Modified" in response
    # Framable by our own document page, for the browser's PDF viewer, which a page CSP would block.
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "Content-Security-Policy" not in response


def test_inline_view_for_the_browsers_viewer(client, document):
    response = client.get("/fr/bibliotheque/atlas-ess-2024/telecharger/?inline=1")
    assert response["Content-Disposition"] == 'inline; filename="atlas-ess-2024.pdf"'


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [("bytes=0-99", 0, 99), ("bytes=100-", 100, None), ("bytes=-50", -50, None), ("bytes=10-10", 10, 10)],
)
def test_range_request_gets_206_with_content_range(client, document, header, first, last):
    data = document.file.read()
    size = len(data)
    expected = data[first:] if last is None else data[first : last + 1]
    response = client.get("/fr/bibliotheque/atlas-ess-2024/telecharger/", HTTP_RANGE=header)
    assert response.status_code == 206
    start = first % size
    assert response["Content-Range"] == f"bytes {start}-{start + len(expected) - 1}/{size}"
    assert response["Content-Length"] == str(len(expected))
    assert body(response) == expected


def test_range_past_the_end_is_416(client, document):
    size = document.file_size
    response = client.get("/fr/bibliotheque/atlas-ess-2024/telecharger/", HTTP_RANGE=f"bytes={size}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{size}"
    assert count(document) == 0


def test_range_end_beyond_the_file_is_clipped(client, document):
    size = document.file_size
    response = client.get("/fr/bibliotheque/atlas-ess-2024/telecharger/", HTTP_RANGE=f"bytes=0-{size * 2}")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 0-{size - 1}/{size}"


@pytest.mark.parametrize("header", ["bytes=0-10,20-30", "pages=1-2", "bytes=abc", "bytes=50-10"])
def test_ranges_not_served_give_the_whole_file(client, document, header):
    response = client.get("/fr/bibliotheque/atlas-ess-2024/telecharger/", HTTP_RANGE=header)
    assert response.status_code == 200
    assert len(body(response)) == document.file_size


def test_resume_of_a_file_that_changed_restarts_from_the_beginning(client, document):
    response = client.get(
        "/fr/bibliotheque/atlas-ess-2024/telecharger/",
        HTTP_RANGE="bytes=100-",
        HTTP_IF_RANGE='"an-old-version"',
    )
    assert response.status_code == 200
    response = client.get(
        "/fr/bibliotheque/atlas-ess-2024/telecharger/",
        HTTP_RANGE="bytes=100-",
        HTTP_IF_RANGE=response["ETag"],
    )
    assert response.status_code == 206


def test_unchanged_file_is_not_sent_again(client, document):
    etag = client.get("/fr/bibliotheque/atlas-ess-2024/telecharger/")["ETag"]
    assert (
        client.get("/fr/bibliotheque/atlas-ess-2024/telecharger/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    )


def test_same_visitor_counts_once_in_a_short_time(client, document):
    url = "/fr/bibliotheque/atlas-ess-2024/telecharger/"
    client.get(url, HTTP_USER_AGENT="Firefox")
    client.get(url, HTTP_USER_AGENT="Firefox")
    # A viewer reading further pages asks for later ranges: not new downloads.
    client.get(url, HTTP_USER_AGENT="Chrome", HTTP_RANGE="bytes=5000-6000")
    assert count(document) == 1
    client.get(url, HTTP_USER_AGENT="Chrome")
    client.get(url, HTTP_USER_AGENT="Firefox", REMOTE_ADDR="10.0.0.9")
    assert count(document) == 3
    month = DownloadMonth.objects.get(document=document)
    assert month.count == 3
    assert month.month.day == 1


def test_downloads_write_no_session(client, document):
    response = client.get("/fr/bibliotheque/atlas-ess-2024/telecharger/")
    assert "sessionid" not in response.cookies


def test_head_counts_nothing(client, document):
    response = client.head("/fr/bibliotheque/atlas-ess-2024/telecharger/")
    assert response.status_code == 200
    assert response["Content-Length"] == str(document.file_size)
    assert count(document) == 0


@pytest.mark.parametrize("status", [Document.Status.DRAFT, Document.Status.ARCHIVED])
def test_only_published_documents_are_served_to_the_public(client, status):
    document = DocumentFactory(status=status)
    assert client.get(document.get_download_url()).status_code == 404
    client.force_login(UserFactory(teams=["directory"]))
    assert client.get(document.get_download_url()).status_code == 404


def test_library_staff_download_unpublished_documents_uncounted_and_uncached(client):
    document = DocumentFactory(draft=True)
    client.force_login(UserFactory(teams=["library"]))
    response = client.get(document.get_download_url())
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert count(document) == 0


def test_missing_file_is_404_not_500(client, document):
    document.file.storage.delete(document.file.name)
    assert client.get(document.get_download_url()).status_code == 404


def test_front_server_sends_the_file_with_x_accel_redirect(client, document, settings):
    settings.LIBRARY_SENDFILE = "x-accel-redirect"
    settings.LIBRARY_SENDFILE_PREFIX = "/protected-media/"
    response = client.get(document.get_download_url())
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{document.file.name}"
    assert response["Content-Disposition"] == 'attachment; filename="atlas-ess-2024.pdf"'
    assert response.content == b""
    assert count(document) == 1


def test_front_server_sends_the_file_with_x_sendfile(client, document, settings):
    settings.LIBRARY_SENDFILE = "x-sendfile"
    response = client.get(document.get_download_url())
    assert response["X-Sendfile"] == document.file.path
    assert response.content == b""


def test_bad_sendfile_setting_stops_the_start():
    import os
    import subprocess
    import sys

    env = {**os.environ, "LIBRARY_SENDFILE": "apache"}
    result = subprocess.run(
        [sys.executable, "-c", "import mess_portal.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "LIBRARY_SENDFILE must be empty, x-accel-redirect or x-sendfile" in result.stderr


def test_behind_a_proxy_visitors_are_told_apart_by_forwarded_address(client, document, settings):
    settings.USE_X_FORWARDED_FOR = True
    url = "/fr/bibliotheque/atlas-ess-2024/telecharger/"
    client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.7", REMOTE_ADDR="127.0.0.1")
    client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.7", REMOTE_ADDR="127.0.0.1")
    # A client cannot pass for another by sending its own header: the proxy's last entry counts.
    client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7", REMOTE_ADDR="127.0.0.1")
    client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.8", REMOTE_ADDR="127.0.0.1")
    assert count(document) == 2
