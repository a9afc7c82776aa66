from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from events.models import Event


class EventsIndexSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        return ["events:index"]

    def location(self, item):
        return reverse(item)


class EventSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        return Event.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, event):
        return event.updated_at
