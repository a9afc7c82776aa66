from django import template
from django.conf import settings
from django.utils.translation import get_language_info

from mess_portal.i18n import LANGUAGE_CODES, current_language

register = template.Library()


def switch_language_path(path: str, lang: str) -> str:
    """The same page in another language: the URLs differ only by their /fr/, /ar/, /en/ prefix."""
    parts = path.split("/", 2)
    if len(parts) >= 2 and parts[1] in LANGUAGE_CODES:
        rest = parts[2] if len(parts) > 2 else ""
        return f"/{lang}/{rest}"
    return f"/{lang}/"


@register.simple_tag(takes_context=True)
def language_links(context):
    request = context.get("request")
    path = request.path if request else "/"
    query = request.META.get("QUERY_STRING", "") if request else ""
    current = current_language()
    links = []
    for code, _name in settings.LANGUAGES:
        url = switch_language_path(path, code)
        if query:
            url = f"{url}?{query}"
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": url,
                "current": code == current,
                "bidi": info["bidi"],
            }
        )
    return links


@register.simple_tag(takes_context=True)
def query_string(context, **changes):
    """The current query string with some parameters changed (None removes one): for pagination and chips."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def add_class(bound_field, css_class):
    """Render a form field with a CSS class (Bootstrap's form-control, form-select...) and, when the form
    was submitted with an error on it, is-invalid and aria-invalid."""
    attrs = {"class": css_class}
    if bound_field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
    return bound_field.as_widget(attrs=attrs)


@register.filter(expects_localtime=True, is_safe=False)
def datetime_text(value):
    """A date and time in words ("31 octobre 2026, 11:48"), with the Arabic comma (،) on Arabic pages."""
    from django.template.defaultfilters import date

    text = date(value, "j F Y, H:i")
    if text and current_language() == "ar":
        text = text.replace(", ", "، ")
    return text


@register.simple_tag
def list_comma():
    """The comma between the items of a list in words: the Arabic comma (،) on Arabic pages."""
    return "، " if current_language() == "ar" else ", "
