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
    venue = models.CharField(
        _("venue"), max_length=200, blank=True, help_text=_("e.g. MESS, conference room")
    )
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
    CALENDAR_FIELDS = ("starts_at", "ends_at", "status", "venue", "address", "commune_id", "online_url")

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
    email = models.EmailField(_("e-mail"))
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
                condition=models.Q(status__in=["confirmed", "waiting"]),
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
        return f"{self.name} <{self.email}>"

    @property
    def is_active(self):
        return self.status in self.ACTIVE


# --- Regional contest ------------------------------------------------------------------------
# (the contest's models go below this line; the events' above it)
