"""Media storage behind one setting (MEDIA_STORAGE): the filesystem, or an S3-compatible bucket
(here moto's server on loopback), for uploads, the library's protected downloads and the contest's
private attachments; and the nginx files rendered from deploy/nginx."""

import subprocess
import sys
import urllib.request

import pytest
from django.core.files.base import ContentFile

from mess_portal.storage import PrivateStorage, PublicMediaStorage, safe_media_headers
from tests.deploy.stack import ROOT, free_port, render
from tests.library.factories import DocumentFactory
from tests.mess_portal.test_settings import PRODUCTION, run_manage

BUCKET = "mess-unit"


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    import boto3

    client = boto3.client(
        "s3", endpoint_url=endpoint, aws_access_key_id="t", aws_secret_access_key="t", region_name="us-east-1"
    )
    client.create_bucket(Bucket=BUCKET)
    yield endpoint
    client.close()
    server.stop()


@pytest.fixture
def s3(settings, s3_endpoint):
    settings.MEDIA_STORAGE = "s3"
    settings.AWS_STORAGE_BUCKET_NAME = BUCKET
    settings.AWS_S3_ENDPOINT_URL = s3_endpoint
    settings.AWS_S3_REGION_NAME = "us-east-1"
    settings.AWS_S3_ADDRESSING_STYLE = "path"
    settings.AWS_S3_SIGNATURE_VERSION = "s3v4"
    settings.AWS_ACCESS_KEY_ID = "t"
    settings.AWS_SECRET_ACCESS_KEY = "t"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "mess_portal.storage.PublicMediaStorage"},
    }
    return s3_endpoint


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers, response.read()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a/logo.png", {"ContentType": "image/png"}),
        ("a/photo.JPG", {"ContentType": "image/jpeg"}),
        ("a/doc.pdf", {"ContentType": "application/pdf"}),
        ("a/page.html", {"ContentType": "application/octet-stream", "ContentDisposition": "attachment"}),
        ("a/drawing.svg", {"ContentType": "application/octet-stream", "ContentDisposition": "attachment"}),
        ("a/noextension", {"ContentType": "application/octet-stream", "ContentDisposition": "attachment"}),
    ],
)
def test_only_images_and_pdfs_are_stored_as_displayable(name, expected):
    assert safe_media_headers(name) == expected


def test_uploads_go_to_the_bucket_with_plain_site_urls_and_safe_types(s3):
    storage = PublicMediaStorage()
    name = storage.save("actors/logos/page.html", ContentFile(b"<script>alert(1)</script>"))
    assert storage.url(name) == f"/media/{name}"
    head = storage.bucket.meta.client.head_object(Bucket=BUCKET, Key=f"media/{name}")
    assert head["ContentType"] == "application/octet-stream"
    assert head["ContentDisposition"] == "attachment"
    assert storage.open(name).read() == b"<script>alert(1)</script>"
    # Names are never overwritten: a second upload gets a name of its own.
    assert storage.save("actors/logos/page.html", ContentFile(b"x")) != name


@pytest.mark.django_db
def test_a_library_download_redirects_to_a_short_lived_presigned_link(s3, client, settings):
    settings.MEDIA_SIGNED_URL_SECONDS = 120
    document = DocumentFactory(slug="etude-s3", title_fr="Étude dans le seau")
    assert isinstance(document.file.storage._wrapped, PublicMediaStorage)
    response = client.get(document.get_download_url())
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    link = response["Location"]
    assert link.startswith(f"{s3}/{BUCKET}/media/library/documents/")
    assert "X-Amz-Expires=120" in link
    status, headers, body = fetch(link)
    assert status == 200
    assert body.startswith(b"%PDF")
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"].startswith('attachment; filename="')
    assert "filename*=UTF-8''" in headers["Content-Disposition"]
    # Inline reading, as the document page's "read" link asks.
    inline = client.get(document.get_download_url() + "?inline=1")
    assert fetch(inline["Location"])[1]["Content-Disposition"].startswith("inline;")
    # The cover (drawn by a background job) is a public medium under the site's /media/.
    document.refresh_from_db()
    assert document.cover.url.startswith("/media/library/covers/")


def test_the_contest_attachments_stay_private_in_the_bucket(s3):
    storage = PrivateStorage(location="private/contest")
    name = storage.save("2026/abc.pdf", ContentFile(b"%PDF-1.4 private"))
    assert storage.open(name).read() == b"%PDF-1.4 private"
    assert storage.bucket.meta.client.head_object(Bucket=BUCKET, Key=f"private/contest/{name}")
    url = storage.url(name)
    assert "X-Amz-Signature=" in url  # never a plain link


def test_the_contest_storage_follows_the_setting(settings):
    from events.models import ContestPrivateStorage, contest_storage

    assert isinstance(contest_storage(), ContestPrivateStorage)
    settings.MEDIA_STORAGE = "s3"
    settings.AWS_STORAGE_BUCKET_NAME = BUCKET
    storage = contest_storage()
    assert isinstance(storage, PrivateStorage)
    assert storage.location == "private/contest"


@pytest.mark.django_db
def test_contest_attachments_go_out_through_nginx_with_x_accel_redirect(client, settings):
    from events.models import ApplicationAttachment
    from tests.events.contest_factories import (
        ApplicationFactory,
        ContestCategoryFactory,
        ContestEditionFactory,
    )
    from tests.factories import UserFactory

    settings.LIBRARY_SENDFILE = "x-accel-redirect"
    edition = ContestEditionFactory(year=2025, jury=True)
    application = ApplicationFactory(category=ContestCategoryFactory(edition=edition))
    attachment = ApplicationAttachment.objects.create(
        application=application,
        kind="pdf",
        file=ContentFile(b"%PDF-1.4 x", name="x.pdf"),
        original_name="statuts.pdf",
    )
    client.force_login(UserFactory(username="contest-staff", teams=["events"]))
    response = client.get(f"/fr/concours/piece/{attachment.pk}/")
    assert response.status_code == 200
    assert response.content == b""
    assert response["X-Accel-Redirect"] == f"/protected-private/contest/{attachment.file.name}"
    assert response["Content-Type"] == "application/pdf"
    assert "statuts.pdf" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    attachment.file.delete(save=False)
    assert client.get(f"/fr/concours/piece/{attachment.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE must be filesystem or s3"),
        ({"MEDIA_STORAGE": "s3"}, "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME"),
        ({"MEDIA_SIGNED_URL_SECONDS": "soon"}, "MEDIA_SIGNED_URL_SECONDS='soon' is not a whole number"),
    ],
)
def test_a_bad_storage_setting_fails_loudly(env, message):
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_with_s3_media_passes_the_deploy_check():
    env = {
        **PRODUCTION,
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": "mess",
        "AWS_S3_CUSTOM_DOMAIN": "cdn.example.org",
    }
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stderr


def test_render_refuses_unknown_names_and_missing_values(tmp_path):
    with pytest.raises(SystemExit, match="unknown names BOGUS"):
        render.render(tmp_path, tls=True, overrides={"BOGUS": "1"})
    with pytest.raises(SystemExit, match="S3_MEDIA_URL"):
        render.render(tmp_path, tls=True, overrides={"MEDIA_STORAGE": "s3"})


def test_the_documented_command_renders_a_site_nginx_accepts(tmp_path):
    """The README's command, with the certificate paths pointing at a throwaway certificate."""
    from tests.deploy.stack import NGINX, self_signed_certificate

    certificate, key = self_signed_certificate(tmp_path / "tls")
    out = tmp_path / "nginx"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "deploy" / "render.py"),
            "--out",
            str(out),
            "--set",
            "SERVER_NAME=mess.example.org",
            "--set",
            f"TLS_CERTIFICATE={certificate}",
            "--set",
            f"TLS_CERTIFICATE_KEY={key}",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    site = (out / "mess.conf").read_text()
    assert "listen 443 ssl http2;" in site and "server 127.0.0.1:8000" in site
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log; events {{}}\n"
        f"http {{ include /etc/nginx/mime.types; include {out}/mess.conf; }}\n"
    )
    check = subprocess.run(
        [NGINX, "-t", "-q", "-e", str(tmp_path / "error.log"), "-c", str(main), "-p", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
