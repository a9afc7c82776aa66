import secrets
from datetime import timedelta

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.models import Actor
from library.models import Document
from mess_portal.i18n import TranslatedField
from mess_portal.models import Commune


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")

    def overlapping(self, start, end):
        """Events under way at some moment of [start, end): both bounds are UTC instants computed from
        local dates in Python (the database's time-zone rules are stale)."""
        return self.filter(starts_at__lt=end, ends_at__gte=start)

    def for_list(self):
        return self.select_related("commune__province").annotate(
            confirmed_count=models.Count("registrations", filter=models.Q(registrations__status="confirmed"))
        )

    def for_detail(self):
        return self.select_related("commune__province", "organiser__commune__province").prefetch_related(
            models.Prefetch("partners", queryset=Actor.objects.published().select_related("commune")),
            models.Prefetch("sessions", queryset=Session.objects.order_by("starts_at", "position", "pk")),
            models.Prefetch("documents", queryset=Document.objects.published().order_by("-year", "pk")),
            "photos",
        )

    def involving(self, actor):
        """The events an organisation of the directory organised or took part in."""
        return self.filter(models.Q(organiser=actor) | models.Q(partners=actor)).distinct()


class Event(models.Model):
    class Kind(models.TextChoices):
        SEMINAR = "seminar", _("annual seminar")
        CEREMONY = "ceremony", _("award ceremony")
        WORKSHOP = "workshop", _("workshop")
        TRAINING = "training", _("training")
        FAIR = "fair", _("fair")
        INFORMATION_DAY = "information_day", _("information day")
        OTHER = "other", _("other event")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CANCELLED = "cancelled", _("cancelled")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, help_text=_("The event's address; keep it once published.")
    )
    title_fr = models.CharField(_("title (French)"), max_length=250)
    title_ar = models.CharField(_("title (Arabic)"), max_length=250, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    summary_fr = models.TextField(_("summary (French)"), blank=True)
    summary_ar = models.TextField(_("summary (Arabic)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    # Stored in UTC, shown in Africa/Casablanca.
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    # Where: a place, or a link for an online event (or both, for a hybrid one).
    venue_fr = models.CharField(
        _("venue (French)"), max_length=200, blank=True, help_text=_("e.g. MESS, conference room")
    )
    venue_ar = models.CharField(_("venue (Arabic)"), max_length=200, blank=True)
    venue_en = models.CharField(_("venue (English)"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("commune"),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(20), MaxValueValidator(37)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-18), MaxValueValidator(0)],
    )
    online_url = models.URLField(_("online link"), blank=True, help_text=_("For an online or hybrid event."))
    organiser = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organised_events",
        verbose_name=_("organiser"),
        help_text=_("Empty: the MESS itself."),
    )
    partners = models.ManyToManyField(
        Actor, blank=True, related_name="partner_events", verbose_name=_("partners")
    )
    documents = models.ManyToManyField(
        Document,
        blank=True,
        related_name="events",
        verbose_name=_("documents"),
        help_text=_("Presentations, proceedings, reports: shown once the event is over."),
    )
    # Registration
    registration_open = models.BooleanField(_("takes registrations"), default=False)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty: no limit."), validators=[MinValueValidator(1)]
    )
    registration_closes_at = models.DateTimeField(
        _("registrations close"), null=True, blank=True, help_text=_("Empty: when the event starts.")
    )
    # Incremented when a published event's times, place or status change, so that calendars that
    # subscribed to it replace their copy (iCalendar SEQUENCE).
    sequence = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    is_demo = models.BooleanField(_("demo content"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    title = TranslatedField("title")
    summary = TranslatedField("summary")
    description = TranslatedField("description")
    venue = TranslatedField("venue")

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", args=[self.slug])

    # Fields whose change a calendar must hear about.
    CALENDAR_FIELDS = (
        "starts_at",
        "ends_at",
        "status",
        "venue_fr",
        "venue_ar",
        "venue_en",
        "address",
        "commune_id",
        "online_url",
    )

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    def is_past(self, now=None):
        return self.ends_at < (now or timezone.now())

    @property
    def registration_deadline(self):
        if self.registration_closes_at and self.registration_closes_at < self.starts_at:
            return self.registration_closes_at
        return self.starts_at

    def takes_registrations(self, now=None) -> bool:
        return (
            self.registration_open
            and self.status == self.Status.PUBLISHED
            and (now or timezone.now()) < self.registration_deadline
        )

    @property
    def is_multi_day(self):
        from events.dates import local

        return local(self.starts_at).date() != local(self.ends_at - timedelta(microseconds=1)).date()

    def places_left(self, confirmed: int) -> int | None:
        return None if self.capacity is None else max(self.capacity - confirmed, 0)

    @property
    def has_place(self):
        return bool(self.venue or self.address or self.commune_id)


class Session(models.Model):
    """One item of an event's programme."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("event")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=250)
    title_ar = models.CharField(_("title (Arabic)"), max_length=250, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    speakers = models.TextField(
        _("speakers"), blank=True, help_text=_("One per line: name, then role or organisation after a comma.")
    )
    room = models.CharField(_("room"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    title = TranslatedField("title")

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("programme")
        ordering = ["starts_at", "position", "pk"]

    def __str__(self):
        return self.title

    @property
    def speaker_list(self):
        return [line.strip() for line in self.speakers.splitlines() if line.strip()]


def upload_event_photo(instance, filename):
    return f"events/photos/{filename.rsplit('/', 1)[-1]}"


class EventPhoto(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="photos", verbose_name=_("event"))
    image = models.ImageField(_("photo"), upload_to=upload_event_photo)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=upload_event_photo, blank=True, editable=False)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.caption or str(_("Photo"))


def new_token() -> str:
    return secrets.token_urlsafe(12)


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=Registration.ACTIVE)

    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waiting(self):
        return self.filter(status=Registration.Status.WAITING).order_by("created_at", "pk")


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITING = "waiting", _("waiting list")
        CANCELLED = "cancelled", _("cancelled")

    ACTIVE = [Status.CONFIRMED, Status.WAITING]

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("event")
    )
    name = models.CharField(_("name"), max_length=150)
    # Empty for someone staff registered by phone without an address: no e-mail is ever sent then.
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    actor = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("structure of the directory"),
    )
    language = models.CharField(_("language"), max_length=5, default="fr")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    # 1..capacity for a confirmed registration of an event with a limit: unique per event, so two
    # requests that both saw the last place free cannot both take it (the row lock is the first line).
    seat = models.PositiveIntegerField(_("place number"), null=True, blank=True, editable=False)
    consent_at = models.DateTimeField(_("consent given"))
    # What the QR code of the confirmation encodes: nothing else about the person.
    checkin_token = models.CharField(
        _("check-in code"), max_length=32, unique=True, default=new_token, editable=False
    )
    checked_in_at = models.DateTimeField(_("present since"), null=True, blank=True)
    promoted_at = models.DateTimeField(
        _("moved up from the waiting list"), null=True, blank=True, editable=False
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True, editable=False)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("registered"), default=timezone.now, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=models.Q(status__in=["confirmed", "waiting"]) & ~models.Q(email=""),
                name="registration_one_active_per_email",
            ),
            models.UniqueConstraint(
                fields=["event", "seat"],
                condition=models.Q(status="confirmed"),
                name="registration_unique_seat",
            ),
            models.CheckConstraint(
                condition=models.Q(seat__isnull=True) | models.Q(seat__gte=1, status="confirmed"),
                name="registration_seat_only_when_confirmed",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self):
        return f"{self.name} <{self.email}>" if self.email else self.name

    @property
    def is_active(self):
        return self.status in self.ACTIVE


# --- Regional contest ------------------------------------------------------------------------
# (the contest's models go below this line; the events' above it)

import os  # noqa: E402
import uuid  # noqa: E402
from pathlib import Path  # noqa: E402

from django.conf import settings  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402
from django.core.files.storage import FileSystemStorage  # noqa: E402
from django.core.validators import MaxValueValidator, MinValueValidator  # noqa: E402

from actors.models import Actor, Proposal  # noqa: E402
from library.models import Document  # noqa: E402


class ContestPrivateStorage(FileSystemStorage):
    """Applicants' attachments live beside MEDIA_ROOT, not under it: the front server never serves them;
    they reach the jury through a view that checks who asks (events.contest_views.attachment)."""

    @property
    def base_location(self):
        return str(Path(settings.MEDIA_ROOT).parent / "private" / "contest")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


_private_storage = ContestPrivateStorage()


def contest_storage():
    from mess_portal.storage import private_storage

    return private_storage("contest") or _private_storage


def attachment_upload_to(instance, filename):
    extension = os.path.splitext(filename)[1].lower().lstrip(".") or "bin"
    return f"{instance.application.edition.year}/{uuid.uuid4().hex}.{extension}"


class ContestEditionQuerySet(models.QuerySet):
    def public(self):
        return self.exclude(status=ContestEdition.Status.DRAFT)

    def for_page(self):
        return self.select_related("rules", "ceremony")

    def current(self):
        """The newest public edition: the one the contest's page is about."""
        return self.public().for_page().order_by("-year").first()


class ContestEdition(models.Model):
    """One year of the regional contest: its theme, calendar, categories, criteria and laureates."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft (not shown)")
        OPEN = "open", _("applications open")
        JURY = "jury", _("jury at work")
        PUBLISHED = "published", _("results published")

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    theme_fr = models.CharField(_("theme (French)"), max_length=250)
    theme_ar = models.CharField(_("theme (Arabic)"), max_length=250, blank=True)
    theme_en = models.CharField(_("theme (English)"), max_length=250, blank=True)
    introduction_fr = models.TextField(_("how to apply (French)"), blank=True)
    introduction_ar = models.TextField(_("how to apply (Arabic)"), blank=True)
    introduction_en = models.TextField(_("how to apply (English)"), blank=True)
    prizes_fr = models.TextField(_("prizes (French)"), blank=True)
    prizes_ar = models.TextField(_("prizes (Arabic)"), blank=True)
    prizes_en = models.TextField(_("prizes (English)"), blank=True)
    rules = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rules (library PDF)"),
    )
    # Stored in UTC, shown in Africa/Casablanca.
    applications_open_at = models.DateTimeField(_("applications open"))
    applications_close_at = models.DateTimeField(_("applications close"))
    jury_starts_on = models.DateField(_("jury starts"), null=True, blank=True)
    jury_ends_on = models.DateField(_("jury ends"), null=True, blank=True)
    ceremony = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contest_editions",
        limit_choices_to={"kind": Event.Kind.CEREMONY},
        verbose_name=_("award ceremony"),
    )
    anonymous_jury = models.BooleanField(
        _("anonymous applications"),
        default=False,
        help_text=_("Jurors see a reference number instead of the applicant's name and contacts."),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo content"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ContestEditionQuerySet.as_manager()

    theme = TranslatedField("theme")
    introduction = TranslatedField("introduction")
    prizes = TranslatedField("prizes")

    class Meta:
        verbose_name = _("contest edition")
        verbose_name_plural = _("contest editions")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(applications_close_at__gt=models.F("applications_open_at")),
                name="contest_closes_after_opening",
            )
        ]

    def __str__(self):
        return f"{self.year} · {self.theme_fr}"

    def get_absolute_url(self):
        return reverse("events:contest_edition", args=[self.year])

    def clean(self):
        errors = {}
        if (
            self.applications_open_at
            and self.applications_close_at
            and self.applications_close_at <= self.applications_open_at
        ):
            errors["applications_close_at"] = _("Applications must close after they open.")
        if self.jury_starts_on and self.jury_ends_on and self.jury_ends_on < self.jury_starts_on:
            errors["jury_ends_on"] = _("The jury must end after it starts.")
        if self.ceremony_id and self.ceremony.kind != Event.Kind.CEREMONY:
            errors["ceremony"] = _("Choose an event of the kind “award ceremony”.")
        if errors:
            raise ValidationError(errors)

    def accepts_applications(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == self.Status.OPEN and self.applications_open_at <= now < self.applications_close_at
        )

    def is_before_opening(self, now=None) -> bool:
        return (now or timezone.now()) < self.applications_open_at

    @property
    def results_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class ContestCategory(models.Model):
    edition = models.ForeignKey(
        ContestEdition, on_delete=models.CASCADE, related_name="categories", verbose_name=_("edition")
    )
    name_fr = models.CharField(_("name (French)"), max_length=150)
    name_ar = models.CharField(_("name (Arabic)"), max_length=150, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    prize_fr = models.CharField(_("prize (French)"), max_length=250, blank=True)
    prize_ar = models.CharField(_("prize (Arabic)"), max_length=250, blank=True)
    prize_en = models.CharField(_("prize (English)"), max_length=250, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    jurors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="contest_categories",
        limit_choices_to={"is_staff": True},
        verbose_name=_("jurors"),
        help_text=_("Staff accounts of the “Contest jury” group who score this category's applications."),
    )

    name = TranslatedField("name")
    description = TranslatedField("description")
    prize = TranslatedField("prize")

    class Meta:
        verbose_name = _("contest category")
        verbose_name_plural = _("contest categories")
        ordering = ["edition", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "name_fr"], name="contest_category_unique_name")
        ]

    def __str__(self):
        return f"{self.edition.year} · {self.name_fr}"


class Criterion(models.Model):
    """What the jury marks, with its weight in the mark and its scale (0 to scale_max)."""

    edition = models.ForeignKey(
        ContestEdition, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("edition")
    )
    name_fr = models.CharField(_("name (French)"), max_length=150)
    name_ar = models.CharField(_("name (Arabic)"), max_length=150, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    scale_max = models.PositiveSmallIntegerField(
        _("highest mark"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Marks go from 0 to this value, e.g. 10 or 20."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    name = TranslatedField("name")

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["edition", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "name_fr"], name="contest_criterion_unique_name"),
            models.CheckConstraint(
                condition=models.Q(weight__gte=1), name="contest_criterion_weight_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(scale_max__gte=1), name="contest_criterion_scale_positive"
            ),
        ]

    def __str__(self):
        return f"{self.name_fr} (×{self.weight}, /{self.scale_max})"


class ApplicationQuerySet(models.QuerySet):
    def for_admin(self):
        return self.select_related("edition", "category", "actor")

    def visible_to(self, user):
        """What a staff member may open: everything for contest staff (who publish laureates); for a
        juror, the applications of their categories, minus the structures they declared a conflict with."""
        if user.is_superuser or user.has_perm("events.add_laureate"):
            return self
        if not user.is_staff:
            return self.none()
        conflicts = ConflictOfInterest.objects.filter(juror=user).values("actor")
        return self.filter(category__jurors=user, status=Application.Status.SUBMITTED).exclude(
            actor__in=conflicts
        )


class Application(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        INELIGIBLE = "ineligible", _("not eligible")
        WITHDRAWN = "withdrawn", _("withdrawn")

    edition = models.ForeignKey(
        ContestEdition, on_delete=models.PROTECT, related_name="applications", verbose_name=_("edition")
    )
    category = models.ForeignKey(
        ContestCategory, on_delete=models.PROTECT, related_name="applications", verbose_name=_("category")
    )
    number = models.PositiveIntegerField(_("number"), editable=False)
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    actor = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contest_applications",
        verbose_name=_("structure"),
        help_text=_(
            "The structure in the directory; for a new structure, set it once its proposal is applied."
        ),
    )
    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposal of a new structure"),
    )
    structure_name = models.CharField(_("structure's name"), max_length=200)
    presentation = models.TextField(_("presentation of the initiative"))
    members_total = models.PositiveIntegerField(_("members"), null=True, blank=True)
    members_women = models.PositiveIntegerField(_("women members"), null=True, blank=True)
    members_youth = models.PositiveIntegerField(_("young members (under 35)"), null=True, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    turnover = models.PositiveBigIntegerField(_("yearly turnover (MAD)"), null=True, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=5, default="fr")
    consent_at = models.DateTimeField(_("consent given"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True, editable=False)
    result_sent_at = models.DateTimeField(_("result e-mailed"), null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo content"), default=False)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("contest application")
        verbose_name_plural = _("contest applications")
        ordering = ["edition", "number"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="contest_application_unique_number")
        ]

    def __str__(self):
        # The reference alone: the admin shows it to jurors, who may not see the applicant's name.
        return self.reference

    @staticmethod
    def make_reference(year: int, number: int) -> str:
        return f"CR-{year}-{number:04d}"

    @property
    def display_name(self) -> str:
        return self.actor.name if self.actor_id else self.structure_name


class ApplicationAttachment(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", _("PDF document")
        IMAGE = "image", _("image")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("application")
    )
    file = models.FileField(
        _("file"), upload_to=attachment_upload_to, storage=contest_storage, max_length=200
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    original_name = models.CharField(_("file name as sent"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["application", "pk"]

    def __str__(self):
        # Not the name as sent, which may give the applicant away to a juror of an anonymous edition.
        return self.anonymous_name

    def get_absolute_url(self):
        return reverse("events:contest_attachment", args=[self.pk])

    @property
    def display_name(self) -> str:
        return self.original_name or self.anonymous_name

    @property
    def anonymous_name(self) -> str:
        """A name that does not give the applicant away, for jurors of an anonymous edition."""
        extension = os.path.splitext(self.file.name)[1]
        return f"{self.application.reference}-{self.pk}{extension}"


class ConflictOfInterest(models.Model):
    """A juror's tie to a structure: they neither see nor score its applications."""

    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="contest_conflicts",
        verbose_name=_("juror"),
    )
    actor = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="contest_conflicts", verbose_name=_("structure")
    )
    note = models.CharField(_("nature of the tie"), max_length=250, blank=True)
    declared_at = models.DateTimeField(_("declared"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["juror", "actor"]
        constraints = [models.UniqueConstraint(fields=["juror", "actor"], name="contest_conflict_unique")]

    def __str__(self):
        return f"{self.juror} · {self.actor}"


class Score(models.Model):
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="contest_scores",
        verbose_name=_("juror"),
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="scores", verbose_name=_("application")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("criterion")
    )
    value = models.DecimalField(_("mark"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)])
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["application", "juror", "criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["juror", "application", "criterion"], name="contest_score_unique"
            ),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="contest_score_not_negative"),
        ]

    def __str__(self):
        return f"{self.application.reference} · {self.criterion.name_fr}: {self.value}"

    def clean(self):
        if self.criterion_id and self.value is not None and self.value > self.criterion.scale_max:
            raise ValidationError(
                {"value": _("The mark must be between 0 and %(max)s.") % {"max": self.criterion.scale_max}}
            )


class LaureateQuerySet(models.QuerySet):
    def for_page(self):
        return self.select_related("category", "application__actor").order_by(
            "category__position", "category__pk", "rank", "pk"
        )


class Laureate(models.Model):
    edition = models.ForeignKey(
        ContestEdition, on_delete=models.CASCADE, related_name="laureates", verbose_name=_("edition")
    )
    category = models.ForeignKey(
        ContestCategory, on_delete=models.CASCADE, related_name="laureates", verbose_name=_("category")
    )
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="laureate", verbose_name=_("application")
    )
    actor = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contest_laureates",
        verbose_name=_("structure"),
    )
    rank = models.PositiveSmallIntegerField(_("rank"), validators=[MinValueValidator(1)])
    prize_fr = models.CharField(_("prize (French)"), max_length=250, blank=True)
    prize_ar = models.CharField(_("prize (Arabic)"), max_length=250, blank=True)
    prize_en = models.CharField(_("prize (English)"), max_length=250, blank=True)

    objects = LaureateQuerySet.as_manager()

    prize = TranslatedField("prize")

    class Meta:
        verbose_name = _("laureate")
        verbose_name_plural = _("laureates")
        ordering = ["edition", "category", "rank"]

    def __str__(self):
        return (
            f"{self.edition.year} · {self.category.name_fr} · {self.rank} · {self.application.structure_name}"
        )

    def clean(self):
        if self.application_id and self.category_id and self.application.category_id != self.category_id:
            raise ValidationError({"application": _("This application is in another category.")})

    @property
    def name(self) -> str:
        return self.application.display_name
