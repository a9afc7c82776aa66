"""Personal data: how long each kind is kept (the retention rules run by ``purge_personal_data``),
and one person's data found, exported or erased by e-mail address (from the admin).

Anonymised rows keep what the statistics count (province, need, stage, event, dates, status):
only what identifies a person is cleared.
"""

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import timedelta

from axes.models import AccessLog
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone

from actors.models import Actor, Proposal
from events.models import Application, Registration
from jobs.models import BackgroundJob
from library.models import NewsletterDelivery, Subscriber
from support.models import OrientationRequest, StatusChange, SupportService

# What replaces a name; addresses become "<id>@anonymised.invalid" (unique, so that the constraints
# on an event's registrations hold, and never deliverable: .invalid is reserved).
ANONYMISED = "—"
ANONYMISED_DOMAIN = "@anonymised.invalid"


def _anonymous_email():
    return Concat(Cast("pk", models.CharField()), Value(ANONYMISED_DOMAIN))


def _scrub_admin_log(model, ids) -> None:
    """The admin's log names each object it records (its str(), e.g. "OR-2TG29U7Z · Fatima Zahra"):
    for the rows just anonymised or deleted, keep the entry but not the name."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
        object_id__in=[str(pk) for pk in ids],
    ).update(object_repr=ANONYMISED)


def _ago(days: int, now=None):
    return (now or timezone.now()) - timedelta(days=days)


# --- Retention ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RetentionRule:
    key: str
    setting: str
    description: str
    action: str  # "anonymise" or "delete"

    @property
    def days(self) -> int:
        return getattr(settings, self.setting)

    def due(self, now=None) -> models.QuerySet:
        return _DUE[self.key](_ago(self.days, now))

    def apply(self, queryset) -> int:
        if self.action == "delete":
            return queryset.delete()[1].get(queryset.model._meta.label, 0)
        return queryset.update(**_ANONYMISE[self.key]())


RETENTION_RULES = [
    RetentionRule(
        "orientation",
        "RETENTION_ORIENTATION_DAYS",
        "orientation requests, after they are closed",
        "anonymise",
    ),
    RetentionRule(
        "registrations", "RETENTION_REGISTRATION_DAYS", "event registrations, after the event", "anonymise"
    ),
    RetentionRule(
        "contest", "RETENTION_CONTEST_DAYS", "contest applications' contacts, after the results", "anonymise"
    ),
    RetentionRule(
        "newsletter", "RETENTION_NEWSLETTER_PENDING_DAYS", "unconfirmed newsletter sign-ups", "delete"
    ),
    RetentionRule(
        "proposals", "RETENTION_PROPOSAL_DAYS", "directory proposals' senders, after review", "anonymise"
    ),
    RetentionRule("logins", "RETENTION_LOGIN_LOG_DAYS", "staff logins' log (address, browser)", "delete"),
]


def _orientation_due(cutoff):
    closed_on = Subquery(
        StatusChange.objects.filter(request=OuterRef("pk"), new_status=OrientationRequest.Status.CLOSED)
        .order_by("-at")
        .values("at")[:1]
    )
    return (
        OrientationRequest.objects.filter(status=OrientationRequest.Status.CLOSED)
        .exclude(name=ANONYMISED)
        .annotate(closed_on=Coalesce(closed_on, "updated_at"))
        .filter(closed_on__lt=cutoff)
    )


_DUE = {
    "orientation": _orientation_due,
    "registrations": lambda cutoff: Registration.objects.filter(event__ends_at__lt=cutoff).exclude(
        email__endswith=ANONYMISED_DOMAIN
    ),
    "contest": lambda cutoff: Application.objects.filter(edition__results_published_at__lt=cutoff).exclude(
        contact_email__endswith=ANONYMISED_DOMAIN
    ),
    "newsletter": lambda cutoff: Subscriber.objects.filter(
        status=Subscriber.Status.PENDING, created_at__lt=cutoff
    ),
    "logins": lambda cutoff: AccessLog.objects.filter(attempt_time__lt=cutoff),
    "proposals": lambda cutoff: (
        Proposal.objects.exclude(status=Proposal.Status.NEW)
        .filter(reviewed_at__lt=cutoff)
        .exclude(sender_email__endswith=ANONYMISED_DOMAIN)
    ),
}

_ANONYMISE = {
    "orientation": lambda: {
        "name": ANONYMISED,
        "organisation": "",
        "email": "",
        "phone": "",
        "message": "",
        "internal_notes": "",
    },
    "registrations": lambda: {
        "name": ANONYMISED,
        "email": _anonymous_email(),
        "phone": "",
        "organisation": "",
    },
    "contest": lambda: {"contact_name": ANONYMISED, "contact_email": _anonymous_email(), "contact_phone": ""},
    "proposals": lambda: {"sender_name": ANONYMISED, "sender_email": _anonymous_email()},
}


def purge_personal_data(*, dry_run: bool = False, now=None) -> dict[str, int]:
    """Apply every retention rule, each in its own transaction; the number of rows each touched
    (or would touch, with ``dry_run``)."""
    counts = {}
    for rule in RETENTION_RULES:
        with transaction.atomic():
            due = rule.due(now)
            if dry_run:
                counts[rule.key] = due.count()
            else:
                # Re-select by id: an annotated or joined queryset cannot always be updated directly.
                ids = list(due.values_list("pk", flat=True))
                counts[rule.key] = rule.apply(due.model.objects.filter(pk__in=ids)) if ids else 0
                _scrub_admin_log(due.model, ids)
    return counts


# --- One person's data, by e-mail address -----------------------------------------------------


@dataclass(frozen=True)
class Holding:
    """A model that holds e-mail addresses, and what erasing one does there."""

    model: type[models.Model]
    field: str
    erase: str  # "delete", "anonymise" (the row stays for the figures) or "blank" (only the address)
    fields: tuple[str, ...]  # what the export shows

    @property
    def label(self) -> str:
        return self.model._meta.label

    @property
    def name(self):
        return self.model._meta.verbose_name_plural

    def matching(self, email: str) -> models.QuerySet:
        return self.model._default_manager.filter(**{f"{self.field}__iexact": email.strip()})

    def erase_rows(self, queryset) -> int:
        if self.erase == "delete":
            return queryset.delete()[1].get(self.label, 0)
        if self.erase == "blank":
            return queryset.update(**{self.field: ""})
        return queryset.update(**_ERASURE[self.label]())


@dataclass(frozen=True)
class TextHolding(Holding):
    """A model where an address may stand inside a text (the background jobs: a job's arguments, such as
    the address a newsletter test goes to, or its error, such as a recipient the mail server refused).
    Erasing deletes those rows: a job still waiting then never writes to the person."""

    also_in: tuple[str, ...] = ()

    def matching(self, email: str) -> models.QuerySet:
        email = email.strip()
        found = models.Q(**{f"{self.field}__icontains": email})
        for field in self.also_in:
            found |= models.Q(**{f"{field}__icontains": email})
        return self.model._default_manager.filter(found)


_ERASURE = {
    "support.OrientationRequest": _ANONYMISE["orientation"],
    "events.Registration": _ANONYMISE["registrations"],
    "events.Application": _ANONYMISE["contest"],
    "actors.Proposal": lambda: {"sender_name": ANONYMISED, "sender_email": _anonymous_email(), "message": ""},
    "library.NewsletterDelivery": lambda: {"email": _anonymous_email()},
}


def holdings() -> list[Holding]:
    """Every model where an e-mail address is kept, the history tables included."""
    found = [
        Holding(
            OrientationRequest,
            "email",
            "anonymise",
            ("reference", "created_at", "status", "name", "organisation", "email", "phone", "message"),
        ),
        Holding(
            Registration,
            "email",
            "anonymise",
            ("event__title_fr", "created_at", "status", "name", "email", "phone", "organisation"),
        ),
        Holding(
            Application,
            "contact_email",
            "anonymise",
            ("reference", "structure_name", "created_at", "contact_name", "contact_email", "contact_phone"),
        ),
        Holding(
            Proposal,
            "sender_email",
            "anonymise",
            ("kind", "created_at", "sender_name", "sender_email", "message"),
        ),
        Holding(Subscriber, "email", "delete", ("email", "language", "status", "created_at", "confirmed_at")),
        Holding(NewsletterDelivery, "email", "anonymise", ("issue__number", "email", "status", "sent_at")),
        Holding(Actor, "email", "blank", ("name_fr", "email", "phone")),
        Holding(SupportService, "email", "blank", ("name_fr", "email", "phone")),
    ]
    found.append(
        TextHolding(
            BackgroundJob,
            "args_kwargs",
            "delete",
            ("task_path", "status", "enqueued_at", "finished_at"),
            also_in=("traceback", "return_value"),
        )
    )
    for model in (Actor, SupportService):
        history = model.history.model
        found.append(Holding(history, "email", "blank", ("history_date", "name_fr", "email", "phone")))
    return found


def find_person(email: str) -> list[tuple[Holding, list[dict]]]:
    """What the portal holds on ``email``: each model with the matching rows (only the fields shown)."""
    return [
        (holding, list(holding.matching(email).order_by("pk").values("pk", *holding.fields)))
        for holding in holdings()
    ]


def summary(found) -> dict[str, int]:
    return {holding.label: len(rows) for holding, rows in found if rows}


def export_zip(email: str) -> bytes:
    """A zip with everything on ``email``: one JSON file, and a CSV file per kind of record."""
    found = find_person(email)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        everything = {holding.label: rows for holding, rows in found if rows}
        archive.writestr(
            "personal-data.json",
            json.dumps(
                {"email": email, "records": everything}, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False
            ),
        )
        for holding, rows in found:
            if not rows:
                continue
            text = io.StringIO()
            writer = csv.DictWriter(text, fieldnames=list(rows[0]))
            writer.writeheader()
            for row in rows:
                writer.writerow({key: "" if value is None else value for key, value in row.items()})
            archive.writestr(f"{holding.label.replace('.', '-').lower()}.csv", text.getvalue())
    return buffer.getvalue()


@transaction.atomic
def erase_person(email: str) -> dict[str, int]:
    """Erase ``email``'s data everywhere, in one transaction; the number of rows touched per model."""
    counts = {}
    for holding in holdings():
        ids = list(holding.matching(email).values_list("pk", flat=True))
        if ids:
            counts[holding.label] = holding.erase_rows(holding.model._default_manager.filter(pk__in=ids))
            if holding.erase != "blank":
                _scrub_admin_log(holding.model, ids)
    return counts
