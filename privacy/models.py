import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history import register

from actors.models import Actor
from events.models import ContestEdition, Event
from library.models import Document
from observatory.models import Indicator, Observation
from support.models import SupportService

# Who changed what on the public records: one history table per model, kept in this app so that the
# apps themselves need no migration for it. Each admin shows it (SimpleHistoryAdmin).
HISTORY_EXCLUDED = {"search_vector", "search_text"}
HISTORY_MODELS = [Actor, SupportService, Document, Event, ContestEdition, Indicator, Observation]


def _register_history(model):
    excluded = [field.name for field in model._meta.fields if field.name in HISTORY_EXCLUDED]
    register(model, app="privacy", excluded_fields=excluded)


for _model in HISTORY_MODELS:
    _register_history(_model)


def hash_email(email: str) -> str:
    """What the log keeps of the address: enough to answer "did you erase me?", not the address."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


class DataRequest(models.Model):
    """A person's request to see or erase their data, and what staff did about it."""

    class Kind(models.TextChoices):
        EXPORT = "export", _("export")
        ERASURE = "erasure", _("erasure")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    email_hash = models.CharField(_("e-mail address (SHA-256)"), max_length=64, db_index=True)
    summary = models.JSONField(_("records concerned"), default=dict, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    done_at = models.DateTimeField(_("done on"), auto_now_add=True)

    class Meta:
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")
        ordering = ["-done_at", "-pk"]
        permissions = [
            ("export_personal_data", _("Can export a person's data")),
            ("erase_personal_data", _("Can erase a person's data")),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.done_at:%Y-%m-%d %H:%M}"
