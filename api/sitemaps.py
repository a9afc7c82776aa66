from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class ApiDocumentationSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"

    def items(self):
        return ["apidoc:index"]

    def location(self, item):
        return reverse(item)
