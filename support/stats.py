"""Figures of the guichet, for staff and for the observatory: requests by month, need, province, outcome."""

from django.db.models import Count, Max, Min, Q

from mess_portal.clock import local_months
from support.models import OrientationRequest


def _by_month(requests) -> list[dict]:
    # Local months as UTC ranges, counted in one query: PostgreSQL's own time-zone rules are stale
    # (mess_portal/clock.py), so the database is not asked to truncate to a Casablanca month.
    span = requests.aggregate(first=Min("created_at"), last=Max("created_at"))
    if span["first"] is None:
        return []
    months = local_months(span["first"], span["last"])
    counts = requests.aggregate(
        **{
            f"m{i}": Count("pk", filter=Q(created_at__gte=start, created_at__lt=end))
            for i, (start, end) in enumerate(months)
        }
    )
    return [
        {"month": start, "count": counts[f"m{i}"]}
        for i, (start, _end) in enumerate(months)
        if counts[f"m{i}"]
    ]


def orientation_figures(requests=None) -> dict:
    requests = (requests if requests is not None else OrientationRequest.objects.all()).order_by()
    status_labels = dict(OrientationRequest.Status.choices)
    by_month = _by_month(requests)
    by_need = [
        {"label": row["need__name_fr"] or "—", "count": row["n"]}
        for row in requests.values("need__name_fr").annotate(n=Count("pk")).order_by("-n", "need__name_fr")
    ]
    by_province = [
        {"label": row["commune__province__name_fr"] or "—", "count": row["n"]}
        for row in requests.values("commune__province__name_fr")
        .annotate(n=Count("pk"))
        .order_by("-n", "commune__province__name_fr")
    ]
    by_status = [
        {"label": status_labels[row["status"]], "status": row["status"], "count": row["n"]}
        for row in requests.values("status").annotate(n=Count("pk")).order_by("status")
    ]
    return {
        "total": requests.count(),
        "by_month": by_month,
        "by_need": by_need,
        "by_province": by_province,
        "by_status": by_status,
    }
