from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from library.sitemaps import DocumentSitemap, LibrarySitemap


class StaticPagesSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"

    def items(self):
        return ["site:home", "site:about_oress", "site:contact", "site:accessibility", "site:legal"]

    def location(self, item):
        return reverse(item)


# Each part of the portal adds its sitemap here.
sitemaps = {"pages": StaticPagesSitemap, "library": LibrarySitemap, "documents": DocumentSitemap}
