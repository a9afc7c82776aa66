from django import template

from support.models import SupportService

register = template.Library()


@register.inclusion_tag("support/includes/provider_services.html")
def services_offered_by(actor):
    """On an organisation's directory page: the support services it offers (one query, none if no service)."""
    services = SupportService.objects.published().filter(provider=actor).prefetch_related("kinds").by_name()
    return {"services": services}
