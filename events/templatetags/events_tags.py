from django import template
from django.utils import timezone

from events.models import Event

register = template.Library()

MAX_EVENTS = 10


@register.inclusion_tag("events/includes/actor_events.html")
def events_of(actor):
    """On a structure's directory page: the events it organised or took part in (one query)."""
    events = list(
        Event.objects.published()
        .involving(actor)
        .select_related("commune__province")
        .order_by("-starts_at", "-pk")[:MAX_EVENTS]
    )
    return {"events": events, "now": timezone.now(), "actor": actor}
