from django.contrib.sitemaps import Sitemap

from support.models import SupportService


class SupportServiceSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"

    def items(self):
        return SupportService.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, service):
        return service.updated_at
