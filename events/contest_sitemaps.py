from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from events.models import ContestEdition


class ContestSitemap(Sitemap):
    """The contest's page and each public edition's page (the form pages are left out)."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        return ["index", *ContestEdition.objects.public().order_by("-year").values_list("year", flat=True)]

    def location(self, item):
        if item == "index":
            return reverse("events:contest_index")
        return reverse("events:contest_edition", args=[item])
