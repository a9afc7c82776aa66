from django.contrib.sitemaps import Sitemap

from actors.models import Actor


class ActorSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Actor.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, actor):
        return actor.updated_at
