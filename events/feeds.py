"""The Atom feed of upcoming events."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from events import dates
from events.ical import site_host
from events.models import Event

FEED_SIZE = 50


class UpcomingEventsFeed(Feed):
    feed_type = Atom1Feed
    title = _("MESS events")
    subtitle = _(
        "Upcoming events of the Maison de l'Economie Sociale et Solidaire of Tanger-Tétouan-Al Hoceïma."
    )

    def link(self):
        return reverse("events:index")

    def items(self):
        return Event.objects.published().upcoming().select_related("commune__province")[:FEED_SIZE]

    def item_title(self, event):
        prefix = f"[{_('Cancelled')}] " if event.is_cancelled else ""
        return prefix + event.title

    def item_description(self, event):
        when = date_format(dates.local(event.starts_at), "DATETIME_FORMAT")
        place = event.commune.name if event.commune_id else ""
        return " · ".join(part for part in [when, place, event.summary] if part)

    def item_pubdate(self, event):
        return event.created_at

    def item_updateddate(self, event):
        return event.updated_at

    def item_guid(self, event):
        # An Atom id is a URI that never changes: the event's database id, like the .ics UID.
        return f"tag:{site_host()},2026:event-{event.pk}"

    item_guid_is_permalink = False
