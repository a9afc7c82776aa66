"""Figures of an event's registrations, aggregated in the database."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from events.models import Event, Registration

CONFIRMED = Registration.Status.CONFIRMED


def event_counts(event: Event) -> dict:
    return event.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=CONFIRMED)),
        waiting=Count("pk", filter=Q(status=Registration.Status.WAITING)),
        cancelled=Count("pk", filter=Q(status=Registration.Status.CANCELLED)),
        present=Count("pk", filter=Q(status=CONFIRMED, checked_in_at__isnull=False)),
    )


def event_figures(event: Event) -> dict:
    """Registered, waiting, present; by province and by structure (of the directory, else as typed)."""
    confirmed = event.registrations.filter(status=CONFIRMED)
    present = Count("pk", filter=Q(checked_in_at__isnull=False))
    by_province = [
        {
            "label": row["actor__commune__province__name_fr"] or _("not known"),
            "count": row["count"],
            "present": row["present"],
        }
        for row in confirmed.values("actor__commune__province__name_fr")
        .annotate(count=Count("pk"), present=present)
        .order_by("-count", "actor__commune__province__name_fr")
    ]
    by_structure = [
        {
            "label": row["actor__name_fr"] or row["organisation"] or _("none given"),
            "in_directory": bool(row["actor__name_fr"]),
            "count": row["count"],
            "present": row["present"],
        }
        for row in confirmed.values("actor__name_fr", "organisation")
        .annotate(count=Count("pk"), present=present)
        .order_by("-count", "actor__name_fr", "organisation")
    ]
    return {
        **event_counts(event),
        "capacity": event.capacity,
        "by_province": by_province,
        "by_structure": by_structure,
    }
