from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_page
from django.views.generic import RedirectView

from api import errors as api_errors
from mess_portal import views
from mess_portal.sitemaps import sitemaps
from observatory import report_admin

SITEMAP_CACHE_SECONDS = 60 * 60

admin.site.site_header = views.ADMIN_SITE_HEADER
admin.site.site_title = views.ADMIN_SITE_HEADER
admin.site.index_title = views.ADMIN_INDEX_TITLE

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # An index of one sitemap per part (the directory's in pages of 5,000), each cached for an hour:
    # at 50,000 structures a single sitemap took 4 s to build.
    path(
        "sitemap.xml",
        cache_page(SITEMAP_CACHE_SECONDS)(sitemap_views.index),
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_page(SITEMAP_CACHE_SECONDS)(sitemap_views.sitemap),
        {"sitemaps": sitemaps},
        name="sitemap-section",
    ),
    path("favicon.ico", RedirectView.as_view(url=settings.STATIC_URL + "img/favicon.svg", permanent=True)),
    # Staff generate the observatory's Atlas and Panorama PDF (published in the library).
    path(
        "admin/observatory/publications/",
        admin.site.admin_view(report_admin.report_view),
        name="observatory_report",
    ),
    path("admin/", admin.site.urls),
    # The open-data files, at one address whatever the language (docs/opendata.md).
    path("donnees/", include("opendata.file_urls")),
    # The read-only public API (issue 13), not under a language prefix; anything else under /api/ is a
    # JSON 404, never the site's HTML page.
    path("api/v1/", include("api.urls")),
    re_path(r"^api(?:/.*)?$", api_errors.not_found),
]

urlpatterns += i18n_patterns(
    path("", include("mess_portal.site_urls")),
    path("acteurs/", include("actors.urls")),
    path("bibliotheque/", include("library.urls")),
    path("observatoire/", include("observatory.urls")),
    path("", include("events.urls")),  # /evenements/ and /concours/
    path("", include("support.urls")),
    path("donnees/", include("opendata.urls")),
    path("api/", include("api.page_urls")),
    prefix_default_language=True,
)

handler404 = "mess_portal.views.page_not_found"
handler500 = "mess_portal.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if settings.BENCHMARK:  # benchmarks/run.py only: the bare view its pages are measured against
    from mess_portal import benchmark

    urlpatterns += i18n_patterns(
        path("__floor__/<int:size>/", benchmark.floor, name="benchmark_floor"), prefix_default_language=True
    )
