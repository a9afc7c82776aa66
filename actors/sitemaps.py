from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import translation

from actors.models import Actor


class ActorSitemap(Sitemap):
    """Published structures, at their French address. Not i18n: Django's i18n sitemaps build the
    whole (structure, language) list on every request (3.7 s at 50,000 structures); each page names
    its Arabic and English versions (hreflang) in its head. Rows, not model instances, for speed.
    The sitemap index lists its pages of 5,000."""

    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Actor.objects.published().order_by("pk").values_list("slug", "updated_at")

    def location(self, item):
        with translation.override("fr"):
            return reverse("actors:detail", args=[item[0]])

    def lastmod(self, item):
        return item[1]
