"""Figures of the guichet, for staff and for the observatory: requests by month, need, province, outcome."""

from django.db.models import Count
from django.db.models.functions import TruncMonth

from support.models import OrientationRequest


def orientation_figures(requests=None) -> dict:
    requests = (requests if requests is not None else OrientationRequest.objects.all()).order_by()
    status_labels = dict(OrientationRequest.Status.choices)
    by_month = [
        {"month": row["month"], "count": row["n"]}
        for row in requests.annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    ]
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
