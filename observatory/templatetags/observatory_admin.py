from django import template

from observatory.report_admin import may_publish

register = template.Library()


@register.inclusion_tag("admin/observatory/report_link.html", takes_context=True)
def observatory_report_link(context):
    """On the admin index, for those who may publish them: the way to the Atlas and Panorama PDF."""
    return {"visible": may_publish(context["request"].user)}
