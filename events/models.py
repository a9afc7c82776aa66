from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mess_portal.i18n import TranslatedField


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")


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


# --- Regional contest ------------------------------------------------------------------------
# (the contest's models go below this line; the events' above it)
