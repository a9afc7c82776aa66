from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from observatory import stats
from observatory.live import LIVE_INDICATORS


class ObservatorySitemap(Sitemap):
    """The Panorama, the Atlas, each indicator's page and each province's page."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        ref = stats.reference()
        return [
            ("observatory:index", ()),
            ("observatory:atlas", ()),
            *[("observatory:indicator", (code,)) for code in LIVE_INDICATORS],
            *[("observatory:indicator", (code,)) for code in stats.published_indicators()],
            *[("observatory:province", (place.slug,)) for place in ref.provinces],
        ]

    def location(self, item):
        name, args = item
        return reverse(name, args=args)
