from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from actors.sitemaps import ActorSitemap
from api.sitemaps import ApiDocumentationSitemap
from events.contest_sitemaps import ContestSitemap
from events.sitemaps import EventsIndexSitemap, EventSitemap
from library.sitemaps import DocumentSitemap, LibrarySitemap
from observatory.sitemaps import ObservatorySitemap
from support.sitemaps import SupportServiceSitemap


class StaticPagesSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"

    def items(self):
        return [
            "site:home",
            "site:about_oress",
            "site:contact",
            "site:accessibility",
            "site:legal",
            "site:privacy",
            "opendata:index",
        ]

    def location(self, item):
        return reverse(item)


# Each part of the portal adds its sitemap here.
sitemaps = {
    "pages": StaticPagesSitemap,
    "actors": ActorSitemap,
    "support": SupportServiceSitemap,
    "library": LibrarySitemap,
    "documents": DocumentSitemap,
    "events-index": EventsIndexSitemap,
    "events": EventSitemap,
    "contest": ContestSitemap,
    "observatory": ObservatorySitemap,
    "api": ApiDocumentationSitemap,
}
