from django import template
from django.db.models import Count

from support.models import OrientationRequest

register = template.Library()


@register.inclusion_tag("admin/support/open_requests.html", takes_context=True)
def open_orientation_requests(context):
    """The reception team's inbox at a glance, on the admin index (for those who may see requests)."""
    user = context["request"].user
    if not user.has_perm("support.view_orientationrequest"):
        return {"visible": False}
    counts = {status: 0 for status, _label in OrientationRequest.Status.choices}
    for row in OrientationRequest.objects.order_by().values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    return {
        "visible": True,
        "new": counts[OrientationRequest.Status.NEW],
        "in_progress": counts[OrientationRequest.Status.IN_PROGRESS],
        "open": counts[OrientationRequest.Status.NEW]
        + counts[OrientationRequest.Status.IN_PROGRESS]
        + counts[OrientationRequest.Status.ORIENTED],
    }
