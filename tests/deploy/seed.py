"""Content for the stack tests, made inside the stack's own settings (``manage.py shell``): a structure
with a logo, a published library document (its PDF and cover), a staff account, and two files that
must never be served as pages. Prints what the tests need as JSON."""

import io
import json


def png_bytes(colour=(200, 30, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 64), colour).save(out, "PNG")
    return out.getvalue()


def contest_attachment():
    """An applicant's file: private storage, sent only to those who may see the application."""
    from django.core.files.base import ContentFile

    from events.models import ApplicationAttachment
    from tests.events.contest_factories import (
        ApplicationFactory,
        ContestCategoryFactory,
        ContestEditionFactory,
    )

    edition = ContestEditionFactory(year=2025, jury=True)
    application = ApplicationFactory(category=ContestCategoryFactory(edition=edition))
    return ApplicationAttachment.objects.create(
        application=application,
        kind="pdf",
        file=ContentFile(b"%PDF-1.4 statuts de la cooperative", name="statuts.pdf"),
        original_name="statuts.pdf",
    )


def main():
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.core.management import call_command
    from django.utils import translation

    from tests.actors.factories import ActorFactory
    from tests.library.factories import DocumentFactory

    translation.activate("fr")
    actor = ActorFactory(name_fr="Coopérative de la pile", located=True)
    ActorFactory.create_batch(12, located=True)  # a map worth compressing
    actor.logo.save("pile-logo.png", ContentFile(png_bytes()), save=False)
    actor.logo_thumbnail.save("pile-logo-thumb.png", ContentFile(png_bytes()), save=False)
    actor.save()
    document = DocumentFactory(slug="document-de-la-pile", title_fr="Document de la pile")
    # Its text and cover are a background job's: the worker runs what is queued (docs/tasks.md).
    call_command(
        "db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0, stdout=io.StringIO()
    )
    document.refresh_from_db()
    hostile_html = default_storage.save(
        "actors/logos/hostile.html", ContentFile(b"<script>alert(1)</script>")
    )
    hostile_svg = default_storage.save(
        "actors/logos/hostile.svg",
        ContentFile(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    )
    get_user_model().objects.create_superuser("stack-admin", "admin@example.org", "stack-password-2026")
    attachment = contest_attachment()
    print(
        json.dumps(
            {
                "actor_pk": actor.pk,
                "actor_url": actor.get_absolute_url(),
                "logo_url": actor.logo.url,
                "document_url": document.get_absolute_url(),
                "download_url": document.get_download_url(),
                "cover_url": document.cover.url,
                "pdf_name": document.file.name,
                "pdf_size": document.file.size,
                "hostile_html_url": default_storage.url(hostile_html),
                "hostile_svg_url": default_storage.url(hostile_svg),
                "attachment_url": f"/fr/concours/piece/{attachment.pk}/",
                "attachment_bytes": attachment.file.open("rb").read().decode(),
            }
        )
    )
