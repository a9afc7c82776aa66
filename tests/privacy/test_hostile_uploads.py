"""Every upload field of the portal refuses the hostile corpus with a clear message and stores nothing."""

import hashlib
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from import_export.admin import ImportMixin

from actors.models import ActorPhoto
from events.models import Application, ApplicationAttachment, EventPhoto
from tests.actors.factories import ActorFactory
from tests.admin_forms import change_form_data
from tests.events.contest_factories import ContestCategoryFactory, ContestEditionFactory
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.hostile_uploads import CASES, corpus
from tests.library.factories import DocumentFactory

pytestmark = pytest.mark.django_db

OVERSIZE_MB = 5.2  # past the images' 5 MB, and past the PDFs' limit that the test lowers to 5 MB


@cache
def hostile(case):
    return corpus(oversize_mb=OVERSIZE_MB)[case]


def upload(case):
    name, content_type, data = hostile(case)
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_files() -> dict[str, str]:
    found = {}
    for root in (Path(settings.MEDIA_ROOT), Path(settings.MEDIA_ROOT).parent / "private"):
        if root.exists():
            for path in root.rglob("*"):
                if path.is_file():
                    found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def errors_of(response) -> list[str]:
    """Every error message the admin page shows: the main form's and the inlines'."""
    messages = [
        str(error) for errors in response.context["adminform"].form.errors.values() for error in errors
    ]
    for inline in response.context["inline_admin_formsets"]:
        for form_errors in inline.formset.errors:
            messages += [str(error) for errors in form_errors.values() for error in errors]
    return messages


def inline_prefix(response, model) -> str:
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.model is model:
            return inline.formset.prefix
    raise AssertionError(f"no inline for {model}")


def admin_post(client, record, *, field=None, inline=None):
    """Send the hostile file through the record's admin change form, in ``field`` or a new ``inline`` row."""
    opts = record._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
    page = client.get(url)

    def send(case):
        data = change_form_data(page)
        if field:
            data[field] = upload(case)
        else:
            model, image_field = inline
            prefix = inline_prefix(page, model)
            count = int(data[f"{prefix}-TOTAL_FORMS"])
            data[f"{prefix}-TOTAL_FORMS"] = str(count + 1)
            data[f"{prefix}-{count}-{image_field}"] = upload(case)
            data[f"{prefix}-{count}-caption"] = "Photo"
            data[f"{prefix}-{count}-position"] = "0"
        response = client.post(url, data)
        assert response.status_code == 200, f"accepted: {response.status_code}"
        return errors_of(response)

    return send


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(superuser=True))


@pytest.fixture
def small_pdf_limit(settings):
    settings.LIBRARY_MAX_PDF_MB = 5


FIELDS = [
    "actor-logo",
    "actor-photo",
    "document-file",
    "document-cover",
    "event-photo",
    "contest-attachment",
    "contest-attachment-correction",
]


@pytest.fixture
def send_to(client, staff, reference_data, small_pdf_limit):
    def target(name):
        if name == "actor-logo":
            return admin_post(client, ActorFactory(), field="logo"), ActorPhoto
        if name == "actor-photo":
            return admin_post(client, ActorFactory(), inline=(ActorPhoto, "image")), ActorPhoto
        if name == "document-file":
            return admin_post(client, DocumentFactory(), field="file"), None
        if name == "document-cover":
            return admin_post(client, DocumentFactory(), field="cover"), None
        if name == "event-photo":
            return admin_post(client, EventFactory(), inline=(EventPhoto, "image")), EventPhoto
        if name == "contest-attachment":
            return contest_post(client), ApplicationAttachment
        if name == "contest-attachment-correction":
            return contest_correction_post(client), ApplicationAttachment
        raise AssertionError(name)

    return target


def contest_post(client):
    from tests.events.test_contest_apply import valid_data

    ActorFactory(name_fr="Coopérative Tissage Chefchaouen")
    category = ContestCategoryFactory(edition=ContestEditionFactory(year=2026))

    def send(case):
        response = client.post(
            f"/fr/concours/{category.edition.year}/candidater/",
            {**valid_data(category), "attachments": [upload(case)]},
        )
        assert response.status_code == 400, f"accepted: {response.status_code}"
        assert not Application.objects.exists()
        return [str(error) for error in response.context["form"].errors.get("attachments", [])]

    return send


def contest_correction_post(client):
    """The same field on the page of the signed link, where an applicant adds files later."""
    from tests.events.contest_factories import ApplicationFactory
    from tests.events.test_contest_apply import edit_data, edit_url

    application = ApplicationFactory(category__edition=ContestEditionFactory(year=2026))

    def send(case):
        response = client.post(
            edit_url(application), {**edit_data(application), "attachments": [upload(case)]}
        )
        assert response.status_code in (200, 400), f"accepted: {response.status_code}"
        application.refresh_from_db()
        assert application.presentation != "Présentation complétée."  # nothing saved
        return [str(error) for error in response.context["form"].errors.get("attachments", [])]

    return send


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("field", FIELDS)
def test_every_upload_field_refuses_the_hostile_corpus(send_to, field, case):
    send, model = send_to(field)
    before = stored_files()
    count = model.objects.count() if model else 0
    messages = send(case)
    assert messages, "refused without saying why"
    text = " ".join(messages).lower()
    # A clear message says what is wrong with the file, not a generic "please correct the errors".
    assert any(
        word in text for word in ("image", "pdf", "mb", "mo", "pixel", "damaged", "file", "fichier")
    ), messages
    assert stored_files() == before
    if model:
        assert model.objects.count() == count


IMPORT_ADMINS = sorted(
    (
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, ImportMixin)
    ),
)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("label", IMPORT_ADMINS)
def test_every_spreadsheet_import_refuses_the_hostile_corpus(client, staff, reference_data, label, case):
    """The admin's imports take a file too: each format refuses the corpus, no preview, nothing imported."""
    from django.apps import apps

    model = apps.get_model(label)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_import")
    count = model.objects.count()
    before = stored_files()
    for format_index in ("0", "1"):  # CSV, XLSX
        response = client.post(url, {"format": format_index, "import_file": upload(case)})
        assert response.status_code == 200
        page = response.content.decode()
        assert 'name="import_file_name"' not in page  # no confirmation offered
        assert "erreur" in page.lower() or "error" in page.lower()  # the admin is in French here
    assert model.objects.count() == count
    assert stored_files() == before
