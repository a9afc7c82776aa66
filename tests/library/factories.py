"""Factories of the library, and real PDFs generated for the tests (no binary fixtures)."""

import io

import factory
import pypdf
from django.utils import timezone

from library import services
from library.models import Document, NewsletterIssue, Subscriber
from library.pdf import inspect_pdf
from mess_portal.pdf import build_pdf

FRENCH_PAGE = [
    "# Panorama de l'économie sociale",
    "Les coopératives de Chefchaouen tissent la laine et vendent l'amlou.",
    "Économie, société, solidarité : trois mots pour une région.",
]
ARABIC_PAGE = [
    "# التعاونيات",
    "التعاونيات النسائية في إقليم شفشاون",
]


def pdf_bytes(*extra_pages, pages=3) -> bytes:
    """A PDF of several pages with French and Arabic text; ``extra_pages`` adds lines of its own."""
    content = [FRENCH_PAGE, ARABIC_PAGE]
    content += [[f"# Page {n}", f"Texte de la page {n}."] for n in range(3, pages + 1)]
    content += [list(lines) for lines in extra_pages]
    return build_pdf(content, title="Document de test")


def encrypted_pdf_bytes(*, user_password: str, algorithm: str = "RC4-128") -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def corrupt_pdf_bytes() -> bytes:
    """A PDF header followed by damage: what a broken transfer or a bad export gives."""
    return b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\n" + bytes(range(256)) * 8


def not_a_pdf_bytes() -> bytes:
    """A PNG that someone renamed report.pdf."""
    return b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class DocumentFactory(factory.django.DjangoModelFactory):
    """Documents go through the same service as the admin, so they have a file, text and a cover."""

    class Meta:
        model = Document
        skip_postgeneration_save = True

    kind = Document.Kind.STUDY
    slug = factory.Sequence(lambda n: f"document-{n}")
    title_fr = factory.Sequence(lambda n: f"Étude numéro {n}")
    summary_fr = "Une étude sur l'économie sociale et solidaire de la région."
    language = Document.Language.FRENCH
    year = 2024
    status = Document.Status.PUBLISHED
    pdf = factory.LazyFunction(pdf_bytes)

    class Params:
        draft = factory.Trait(status=Document.Status.DRAFT)

    @classmethod
    def _create(cls, model_class, *args, pdf=None, **kwargs):
        document = model_class(*args, **kwargs)
        return services.document_save(document=document, pdf=inspect_pdf(pdf) if pdf else None)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def provinces(self, create, extracted, **kwargs):
        if create and extracted:
            self.provinces.set(extracted)


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    language = "fr"
    status = Subscriber.Status.CONFIRMED

    class Params:
        pending = factory.Trait(status=Subscriber.Status.PENDING)
        unsubscribed = factory.Trait(status=Subscriber.Status.UNSUBSCRIBED)


class NewsletterIssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsletterIssue

    number = factory.Sequence(lambda n: n + 1)
    subject_fr = factory.Sequence(lambda n: f"La lettre n° {n + 1}")
    subject_ar = factory.Sequence(lambda n: f"النشرة رقم {n + 1}")
    body_fr = "Bonjour.\n\nLe Panorama 2025 est paru."
    body_ar = "مرحبا.\n\nصدرت البانوراما 2025."

    class Params:
        tested = factory.Trait(tested_at=factory.LazyFunction(timezone.now))
        sending = factory.Trait(
            status=NewsletterIssue.Status.SENDING,
            tested_at=factory.LazyFunction(timezone.now),
        )
