from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from library.models import Document


class LibrarySitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        return ["library:index", "library:newsletter"]

    def location(self, item):
        return reverse(item)


class DocumentSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"

    def items(self):
        return Document.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, document):
        return document.updated_at
