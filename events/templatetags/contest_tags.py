from django import template

from events.models import ContestEdition, Laureate

register = template.Library()


@register.inclusion_tag("events/contest/includes/laureate_badge.html")
def contest_laureate_badge(actor):
    """On a structure's directory page: its prizes in the regional contest, once published (one query)."""
    laureates = (
        Laureate.objects.filter(actor=actor, edition__status=ContestEdition.Status.PUBLISHED)
        .select_related("edition", "category")
        .order_by("-edition__year", "rank")
    )
    return {"laureates": laureates}
