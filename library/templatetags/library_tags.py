from django import template

from library.models import Document

register = template.Library()

FEATURED_KINDS = [Document.Kind.ATLAS, Document.Kind.PANORAMA]


@register.inclusion_tag("library/includes/featured.html")
def featured_documents():
    """The latest Atlas and Panorama, for the home page (one query)."""
    return {"documents": Document.objects.latest_of_each_kind(FEATURED_KINDS)}
