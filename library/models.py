"""The digital library: documents and their downloads, and the newsletter."""

import uuid

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from library import search
from mess_portal.i18n import TranslatedField
from mess_portal.models import Province, Sector, Taxonomy

# Paths of the library's own pages: no document may take them as its slug.
RESERVED_SLUGS = {"lettre"}


def document_upload_to(instance, filename):
    # Generated names: the stored name never comes from the uploader and cannot be guessed.
    return f"library/documents/{uuid.uuid4().hex}.pdf"


def cover_upload_to(instance, filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    if extension not in {"png", "jpg", "jpeg", "webp"}:
        extension = "png"
    return f"library/covers/{uuid.uuid4().hex}.{extension}"


class Theme(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class DocumentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Document.Status.PUBLISHED)

    def visible_to(self, user):
        """Staff of the library also see drafts and archives, to check them before publishing."""
        if user.is_authenticated and user.has_perm("library.view_document"):
            return self.all()
        return self.published()

    def newest_first(self):
        return self.order_by("-year", "-published_at", "-pk")

    def matching(self, terms: str, *, excerpts: bool = True):
        """Documents whose title, summary or PDF text match ``terms`` (see library/search.py)."""
        return search.search(self, terms, excerpts=excerpts)

    def for_cards(self):
        """What a list of documents shows, without the (large) extracted text."""
        return self.defer("text", "search_vector")

    def latest_of_each_kind(self, kinds):
        """The newest published document of each of ``kinds``, in that order (one query)."""
        found = {}
        for document in self.published().filter(kind__in=kinds).for_cards().newest_first():
            found.setdefault(document.kind, document)
        return [found[kind] for kind in kinds if kind in found]

    def related_to(self, document, *, limit=4):
        """Other published documents sharing a theme with ``document``, else of the same kind."""
        theme_ids = [theme.pk for theme in document.themes.all()]
        related = self.published().exclude(pk=document.pk)
        related = related.filter(models.Q(themes__in=theme_ids) | models.Q(kind=document.kind))
        return related.distinct().for_cards().newest_first()[:limit]


class Document(models.Model):
    class Kind(models.TextChoices):
        ATLAS = "atlas", _("Atlas")
        PANORAMA = "panorama", _("Panorama")
        STUDY = "study", _("study")
        GUIDE = "guide", _("guide")
        LEGAL_TEXT = "legal_text", _("legal text")
        REPORT = "report", _("report")
        NEWSLETTER = "newsletter", _("newsletter issue")
        PRESENTATION = "presentation", _("presentation")

    class Language(models.TextChoices):
        FRENCH = "fr", _("French")
        ARABIC = "ar", _("Arabic")
        ENGLISH = "en", _("English")
        BILINGUAL = "fr-ar", _("French and Arabic")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        ARCHIVED = "archived", _("archived (hidden)")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, help_text=_("The document's address; keep it once published.")
    )
    title_fr = models.CharField(_("title (French)"), max_length=250)
    title_ar = models.CharField(_("title (Arabic)"), max_length=250, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    summary_fr = models.TextField(_("summary (French)"), blank=True)
    summary_ar = models.TextField(_("summary (Arabic)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    language = models.CharField(_("language of the document"), max_length=5, choices=Language.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    authors = models.CharField(_("authors or publisher"), max_length=250, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="documents", verbose_name=_("themes"))
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="library_documents", verbose_name=_("sectors")
    )
    provinces = models.ManyToManyField(
        Province, blank=True, related_name="library_documents", verbose_name=_("provinces concerned")
    )

    file = models.FileField(_("PDF file"), upload_to=document_upload_to, max_length=200)
    file_size = models.PositiveBigIntegerField(_("file size (bytes)"), default=0, editable=False)
    file_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True, editable=False)
    file_updated_at = models.DateTimeField(_("file updated"), null=True, editable=False)
    page_count = models.PositiveIntegerField(_("pages"), null=True, editable=False)
    is_encrypted = models.BooleanField(
        _("encrypted"),
        default=False,
        editable=False,
        help_text=_("The PDF carries encryption (it opens without a password but may restrict copying)."),
    )
    text = models.TextField(_("extracted text"), blank=True, editable=False)
    cover = models.ImageField(
        _("cover image"),
        upload_to=cover_upload_to,
        blank=True,
        max_length=200,
        help_text=_("Leave empty to use the first page of the PDF."),
    )
    cover_is_generated = models.BooleanField(default=False, editable=False)

    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    download_count = models.PositiveIntegerField(_("downloads"), default=0, editable=False)
    # Filled on PostgreSQL only, by services.refresh_search_vector (weighted: title, summary, text).
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = DocumentQuerySet.as_manager()

    title = TranslatedField("title")
    summary = TranslatedField("summary")

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-year", "-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "kind", "year"], name="library_doc_status_kind_year")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("library:detail", args=[self.slug])

    def get_download_url(self):
        return reverse("library:download", args=[self.slug])

    def clean(self):
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This address is reserved; choose another slug.")})
        if self.year and not 1950 <= self.year <= timezone.now().year + 1:
            raise ValidationError({"year": _("Enter a year between 1950 and next year.")})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def download_filename(self) -> str:
        return f"{self.slug}.pdf"

    def publish(self):
        self.status = self.Status.PUBLISHED
        if not self.published_at:
            self.published_at = timezone.now()
        self.save(update_fields=["status", "published_at", "updated_at"])


class DownloadMonth(models.Model):
    """Downloads of a document in a month (the observatory's figures), counted once per visitor and hour."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="download_months", verbose_name=_("document")
    )
    month = models.DateField(_("month"), help_text=_("First day of the month."))
    count = models.PositiveIntegerField(_("downloads"), default=0)

    class Meta:
        verbose_name = _("downloads in a month")
        verbose_name_plural = _("downloads by month")
        ordering = ["-month", "document"]
        constraints = [
            models.UniqueConstraint(fields=["document", "month"], name="library_one_row_per_month")
        ]

    def __str__(self):
        return f"{self.document} · {self.month:%Y-%m}"


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")

    class Language(models.TextChoices):
        FRENCH = "fr", _("French")
        ARABIC = "ar", _("Arabic")
        ENGLISH = "en", _("English")

    email = models.EmailField(_("e-mail"), unique=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.FRENCH
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("subscribed"), auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")
        ordering = ["email"]

    def __str__(self):
        return self.email

    def confirm(self):
        self.status = self.Status.CONFIRMED
        self.confirmed_at = timezone.now()
        self.unsubscribed_at = None
        self.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])

    def unsubscribe(self):
        self.status = self.Status.UNSUBSCRIBED
        self.unsubscribed_at = timezone.now()
        self.save(update_fields=["status", "unsubscribed_at"])


class NewsletterIssueQuerySet(models.QuerySet):
    def archived(self):
        """Issues the public may read: those whose sending has started."""
        return self.exclude(status=NewsletterIssue.Status.DRAFT).order_by("-number")

    def sending(self):
        return self.filter(status=NewsletterIssue.Status.SENDING).order_by("number")


class NewsletterIssue(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")

    number = models.PositiveIntegerField(_("number"), unique=True)
    subject_fr = models.CharField(_("subject (French)"), max_length=200)
    subject_ar = models.CharField(_("subject (Arabic)"), max_length=200, blank=True)
    subject_en = models.CharField(_("subject (English)"), max_length=200, blank=True)
    body_fr = models.TextField(
        _("text (French)"), help_text=_("Plain text; a blank line starts a paragraph.")
    )
    body_ar = models.TextField(_("text (Arabic)"), blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    document = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="newsletter_issues",
        limit_choices_to={"kind": Document.Kind.NEWSLETTER},
        verbose_name=_("PDF edition in the library"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    tested_at = models.DateTimeField(_("last test send"), null=True, blank=True, editable=False)
    started_at = models.DateTimeField(_("sending started"), null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sending finished"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = NewsletterIssueQuerySet.as_manager()

    subject = TranslatedField("subject")
    body = TranslatedField("body")

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        ordering = ["-number"]

    def __str__(self):
        return f"#{self.number} · {self.subject}"

    def get_absolute_url(self):
        return reverse("library:newsletter_issue", args=[self.number])


class NewsletterDelivery(models.Model):
    """One issue to one subscriber: written before the e-mail leaves, so no one ever gets it twice."""

    class Status(models.TextChoices):
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    issue = models.ForeignKey(
        NewsletterIssue, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("issue")
    )
    subscriber = models.ForeignKey(
        Subscriber,
        on_delete=models.SET_NULL,
        null=True,
        related_name="deliveries",
        verbose_name=_("subscriber"),
    )
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=2)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SENDING)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("newsletter delivery")
        verbose_name_plural = _("newsletter deliveries")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "email"], name="library_one_delivery_per_address")
        ]

    def __str__(self):
        return f"{self.issue} → {self.email}"
