from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from mess_portal.i18n import current_language

# The five parts of the portal, in menu order. A part shows in the navigation once its URLs exist,
# so a half-built portal never links to a page that is not there.
PARTS = [
    ("actors:list", _("Directory")),
    ("support:list", _("Support")),
    ("observatory:index", _("Observatory")),
    ("library:index", _("Library")),
    ("events:index", _("Events")),
]


def navigation():
    items = []
    for url_name, label in PARTS:
        try:
            items.append({"url": reverse(url_name), "label": label, "namespace": url_name.split(":")[0]})
        except NoReverseMatch:
            continue
    return items


def site(request):
    lang = current_language()
    match = getattr(request, "resolver_match", None)
    return {
        "current_namespace": match.namespace if match else "",
        "current_url_name": match.url_name if match else "",
        "nav_parts": navigation(),
        "mess_contact": settings.MESS_CONTACT,
        "is_rtl": lang == "ar",
        "map_tiles": {"url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION},
    }
