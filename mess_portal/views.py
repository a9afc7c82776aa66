import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from mess_portal.context_processors import navigation
from mess_portal.models import Commune, Province
from mess_portal.outage import outage_response_for_current_exception
from mess_portal.pagecache import public_page

logger = logging.getLogger(__name__)

ADMIN_SITE_HEADER = _("MESS Tanger-Tétouan-Al Hoceïma: administration")
ADMIN_INDEX_TITLE = _("Portal management")


def _offers():
    """What the MESS offers, each linked to its part of the portal once that part exists."""
    parts = {part["namespace"]: part["url"] for part in navigation()}
    return [
        {
            "title": _("Reception and orientation"),
            "text": _(
                "A one-stop shop: tell us about your project or your structure and we point you to the "
                "partners who can help, at your stage and near you."
            ),
            "url": _safe_reverse("support:orientation"),
            "action": _("Ask for orientation"),
            "primary": True,
        },
        {
            "title": _("Directory of actors"),
            "text": _(
                "The platform of the region's cooperatives, associations and mutuals: find them by "
                "sector and commune, and have your own structure listed."
            ),
            "url": parts.get("actors"),
            "action": _("Browse the directory"),
            "primary": True,
        },
        {
            "title": _("Documentation and digital library"),
            "text": _(
                "The Atlas and the Panorama of the social and solidarity economy, studies, guides and "
                "legal texts, to consult on site or download."
            ),
            "url": parts.get("library"),
            "action": _("Open the library"),
        },
        {
            "title": _("Regional observatory"),
            "text": _(
                "The figures of the sector by province, sector, legal family and gender, with their "
                "sources, for donors, authorities and researchers."
            ),
            "url": parts.get("observatory") or reverse("site:about_oress"),
            "action": _("See the figures") if parts.get("observatory") else _("About the observatory"),
        },
        {
            "title": _("Annual seminar"),
            "text": _(
                "Each year the MESS brings the actors of the sector together to debate and share experience."
            ),
            # The events list showing the seminars: the next one first, the past ones a click away.
            "url": parts["events"] + "?kind=seminar" if parts.get("events") else None,
            "action": _("See the events"),
        },
        {
            "title": _("Regional contest"),
            "text": _(
                "An annual contest rewards the most successful social and solidarity economy "
                "initiatives of the region."
            ),
            "url": _safe_reverse("events:contest_index"),
            "action": _("About the contest"),
        },
    ]


def _safe_reverse(name):
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


@require_safe
@public_page
def home(request):
    return render(request, "mess_portal/home.html", {"offers": _offers()})


@require_safe
@public_page
def about_oress(request):
    return render(request, "mess_portal/about_oress.html")


@require_safe
@public_page
def contact(request):
    return render(request, "mess_portal/contact.html")


@require_safe
@public_page
def accessibility(request):
    return render(request, "mess_portal/accessibility.html")


@require_safe
@public_page
def privacy(request):
    """What personal data the portal collects, why, for how long (the periods in settings) and how to
    exercise one's rights (law 09-08). The text is one template per language: it is legal prose."""
    from django.conf import settings
    from django.utils.translation import get_language

    language = get_language() if get_language() in ("fr", "ar", "en") else "fr"
    context = {
        "body_template": f"mess_portal/privacy/{language}.html",
        "days": {
            "orientation": settings.RETENTION_ORIENTATION_DAYS,
            "registration": settings.RETENTION_REGISTRATION_DAYS,
            "contest": settings.RETENTION_CONTEST_DAYS,
            "newsletter_pending": settings.RETENTION_NEWSLETTER_PENDING_DAYS,
            "proposal": settings.RETENTION_PROPOSAL_DAYS,
            "login_log": settings.RETENTION_LOGIN_LOG_DAYS,
        },
        "cndp_declaration": settings.CNDP_DECLARATION,
    }
    return render(request, "mess_portal/privacy.html", context)


@require_safe
@public_page
def legal(request):
    context = {
        "province_count": Province.objects.count(),
        "commune_count": Commune.objects.count(),
    }
    return render(request, "mess_portal/legal.html", context)


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers a query, 503 when it does not: for the load balancer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def page_not_found(request, exception=None):
    return HttpResponseNotFound(loader.render_to_string("404.html", request=request))


def server_error(request):
    # A database outage raised outside a view (by a middleware) gets the 503 "come back soon" page.
    outage = outage_response_for_current_exception(request)
    if outage is not None:
        return outage
    if request.path_info.startswith("/api/"):
        # The public API answers JSON, errors included (api/errors.py).
        return JsonResponse({"status": 500, "detail": "Server error."}, status=500)
    # The page must render even when what failed is the database or a context processor.
    try:
        return HttpResponseServerError(loader.render_to_string("500.html", request=request))
    except Exception:
        logger.exception("The 500 page itself failed to render")
        return HttpResponseServerError("Erreur du serveur / Server error", content_type="text/plain")
