from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from library.models import Document, NewsletterDelivery, NewsletterIssue
from tests.factories import UserFactory
from tests.library.factories import (
    DocumentFactory,
    NewsletterIssueFactory,
    SubscriberFactory,
    corrupt_pdf_bytes,
    encrypted_pdf_bytes,
    not_a_pdf_bytes,
    pdf_bytes,
)

pytestmark = pytest.mark.django_db

# The admin speaks French, the staff's working language.

ADD_URL = reverse("admin:library_document_add")


@pytest.fixture
def librarian(client):
    user = UserFactory(teams=["library"], email="bibliotheque@example.org")
    client.force_login(user)
    return user


def upload(data, name="rapport.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def form_data(**overrides):
    data = {
        "kind": "study",
        "status": "published",
        "title_fr": "Étude sur les coopératives",
        "slug": "etude-cooperatives",
        "language": "fr",
        "year": "2024",
        "download_months-TOTAL_FORMS": "0",
        "download_months-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def stored_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return (
        sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
        if root.exists()
        else []
    )


def test_upload_extracts_pages_and_text_and_draws_the_cover(client, librarian, settings):
    response = client.post(ADD_URL, form_data(file=upload(pdf_bytes(pages=5))))
    assert response.status_code == 302, response.context["adminform"].form.errors
    document = Document.objects.get(slug="etude-cooperatives")
    assert document.page_count == 5
    assert "tissent la laine" in document.text
    assert "التعاونيات النسائية" in document.text
    assert document.file_size == len(pdf_bytes(pages=5))
    assert document.cover and document.cover_is_generated
    assert document.published_at is not None
    assert not document.is_encrypted
    # Stored under generated names, never the uploader's.
    assert all("rapport" not in name for name in stored_files(settings))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (corrupt_pdf_bytes(), "Ce PDF est endommagé et illisible"),
        (not_a_pdf_bytes(), "Ce fichier n&#x27;est pas un PDF."),
        (encrypted_pdf_bytes(user_password="secret"), "Ce PDF est protégé par un mot de passe"),
    ],
    ids=["corrupt", "not-a-pdf", "password"],
)
def test_bad_pdf_gives_a_clear_error_and_saves_nothing(client, librarian, settings, data, message):
    response = client.post(ADD_URL, form_data(file=upload(data)))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files(settings) == []


def test_too_large_pdf_is_refused(client, librarian, settings):
    settings.LIBRARY_MAX_PDF_MB = 0
    response = client.post(ADD_URL, form_data(file=upload(pdf_bytes())))
    assert "Ce fichier est trop volumineux" in response.content.decode()
    assert not Document.objects.exists()


def test_encrypted_pdf_without_password_is_accepted_and_flagged(client, librarian):
    response = client.post(
        ADD_URL, form_data(file=upload(encrypted_pdf_bytes(user_password=""))), follow=True
    )
    assert "Ce PDF est chiffré" in response.content.decode()
    document = Document.objects.get()
    assert document.is_encrypted
    assert "Chefchaouen" in document.text


def test_replacing_the_file_keeps_the_address_and_the_count(
    client, librarian, settings, django_capture_on_commit_callbacks
):
    document = DocumentFactory(slug="atlas-2024", title_fr="Atlas", kind="atlas")
    Document.objects.filter(pk=document.pk).update(download_count=42)
    old_file, old_cover = document.file.name, document.cover.name
    url = reverse("admin:library_document_change", args=[document.pk])
    new_pdf = pdf_bytes(["# Annexe", "Une annexe sur la pêche artisanale."], pages=6)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, form_data(slug="atlas-2024", title_fr="Atlas", kind="atlas", file=upload(new_pdf))
        )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.slug == "atlas-2024"
    assert document.download_count == 42
    assert document.page_count == 7
    assert "pêche artisanale" in document.text
    assert document.file.name != old_file
    assert document.cover.name != old_cover  # redrawn from the new first page
    # The replaced file and cover are deleted once the change is committed.
    assert stored_files(settings) == sorted([document.file.name, document.cover.name])


def test_cover_uploaded_by_staff_is_kept(client, librarian):
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (60, 80), "green").save(buffer, format="PNG")
    cover = SimpleUploadedFile("couverture.png", buffer.getvalue(), content_type="image/png")
    client.post(ADD_URL, form_data(file=upload(pdf_bytes()), cover=cover))
    document = Document.objects.get()
    assert not document.cover_is_generated
    assert document.cover.width == 60


def test_reserved_slug_is_refused(client, librarian):
    response = client.post(ADD_URL, form_data(slug="lettre", file=upload(pdf_bytes())))
    assert "Cette adresse est réservée" in response.content.decode()


def test_admin_pages_of_the_library_render(client):
    client.force_login(UserFactory(superuser=True))
    document = DocumentFactory()
    issue = NewsletterIssueFactory()
    for name in ["document", "downloadmonth", "subscriber", "newsletterissue", "newsletterdelivery", "theme"]:
        assert client.get(reverse(f"admin:library_{name}_changelist")).status_code == 200
    assert client.get(reverse("admin:library_document_change", args=[document.pk])).status_code == 200
    assert client.get(reverse("admin:library_newsletterissue_change", args=[issue.pk])).status_code == 200
    assert client.get(reverse("admin:library_downloadmonth_export")).status_code == 200
    assert client.get(reverse("admin:library_document_export")).status_code == 200


def test_publish_action(client, librarian):
    document = DocumentFactory(draft=True)
    client.post(
        reverse("admin:library_document_changelist"), {"action": "publish", "_selected_action": [document.pk]}
    )
    document.refresh_from_db()
    assert document.is_published and document.published_at


def run_issue_action(client, issue, action):
    return client.post(
        reverse("admin:library_newsletterissue_changelist"),
        {"action": action, "_selected_action": [issue.pk]},
        follow=True,
    )


def test_staff_test_the_issue_then_send_it(client, librarian, settings):
    settings.NEWSLETTER_BATCH_SIZE = 2
    issue = NewsletterIssueFactory()
    subscribers = SubscriberFactory.create_batch(3)

    response = run_issue_action(client, issue, "start_sending")
    assert "Envoyez-vous d&#x27;abord un test" in response.content.decode()
    assert mail.outbox == []

    run_issue_action(client, issue, "send_test")
    assert [m.to for m in mail.outbox] == [[librarian.email], [librarian.email]]  # French and Arabic
    assert mail.outbox[0].subject.startswith("[TEST]")
    assert not NewsletterDelivery.objects.exists()
    mail.outbox.clear()

    response = run_issue_action(client, issue, "start_sending")
    assert "envoi en arrière-plan, par lots" in response.content.decode()
    # The batches are background jobs, each queueing the next (run at once in the tests).
    assert sorted(m.to[0] for m in mail.outbox) == sorted(s.email for s in subscribers)
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT
    # The record of what was sent to whom, shown on the issue.
    page = client.get(reverse("admin:library_newsletterissue_change", args=[issue.pk])).content.decode()
    for subscriber in subscribers:
        assert subscriber.email in page


def test_monthly_download_figures_export_for_the_observatory(client, librarian):
    from library.models import DownloadMonth

    document = DocumentFactory(slug="atlas-2024")
    DownloadMonth.objects.create(document=document, month="2026-10-01", count=12)
    DownloadMonth.objects.create(document=document, month="2026-11-01", count=30)
    page = client.get(reverse("admin:library_downloadmonth_changelist")).content.decode()
    assert page.count(document.title_fr) >= 2  # one row per month
    response = client.post(
        reverse("admin:library_downloadmonth_export"),
        {
            "format": "0",
            "resource": "0",
            **{f"downloadmonthresource_{f}": "on" for f in ["document", "title", "kind", "month", "count"]},
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "atlas-2024" in text and "2026-10-01" in text and "30" in text


@pytest.mark.parametrize(("teams", "status"), [(["library"], 200), (["directory"], 403), (["events"], 403)])
def test_only_the_library_team_manages_documents(client, teams, status):
    client.force_login(UserFactory(teams=teams))
    assert client.get(ADD_URL).status_code == status
    assert client.get(reverse("admin:library_newsletterissue_add")).status_code == status


def test_a_failed_save_leaves_no_stray_file(settings, monkeypatch):
    from django.db import DatabaseError

    from library import services
    from library.pdf import inspect_pdf

    def broken(document):
        raise DatabaseError("the disk is full")

    monkeypatch.setattr(services, "refresh_search_vector", broken)
    with pytest.raises(DatabaseError):
        services.document_save(
            document=Document(kind="study", slug="x", title_fr="X", language="fr", year=2024),
            pdf=inspect_pdf(pdf_bytes()),
        )
    assert stored_files(settings) == []
