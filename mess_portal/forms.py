"""Form fields every part of the portal uses."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from mess_portal import pagecache
from mess_portal.i18n import localized_field_name
from mess_portal.models import Commune


def commune_choices(*, empty_label=None, key="pk"):
    """The region's communes grouped by prefecture or province, in the active language (146 options):
    a plain <select> that works without JavaScript and on a phone. Read once per language and version of
    the data (mess_portal.pagecache), not once per form."""

    def read():
        groups = {}
        name = localized_field_name("name")
        for commune in Commune.objects.select_related("province").order_by(
            f"province__{name}", "province__name_fr", name, "name_fr"
        ):
            groups.setdefault(commune.province.name, []).append((str(getattr(commune, key)), commune.name))
        return list(groups.items())

    choices = list(pagecache.cached("communes", read, key))
    if empty_label is not None:
        choices.insert(0, ("", empty_label))
    return choices


class CommuneField(forms.TypedChoiceField):
    """A commune of the region, chosen in a list grouped by province; cleans to a Commune."""

    def __init__(self, *, key="pk", empty_label=None, **kwargs):
        empty_label = empty_label if empty_label is not None else _("Choose a commune")
        self.key = key
        super().__init__(
            choices=lambda: commune_choices(empty_label=empty_label, key=key),
            coerce=self.to_commune,
            empty_value=None,
            **kwargs,
        )

    def to_commune(self, value):
        try:
            return Commune.objects.select_related("province").get(**{self.key: value})
        except (Commune.DoesNotExist, ValueError):
            raise forms.ValidationError(_("Choose a commune of the list.")) from None

    def valid_value(self, value):
        return super().valid_value(str(value))


class PlainSelect(forms.Select):
    """The same <select> as Django's, its options rendered once per language and version of the data
    (mess_portal.pagecache) under ``cache_key``, then only marked as selected: a select of the 146
    communes took milliseconds of template rendering, and its query, on every search page."""

    cache_key = ""

    def _options(self, name):
        parts = []
        for group_name, options, _index in self.optgroups(name, []):
            if group_name:
                parts.append((None, format_html('\n  <optgroup label="{}">', group_name)))
            for option in options:
                value = str(option["value"])
                parts.append((value, format_html('\n  <option value="{}"', value)))
                parts.append((None, format_html(">{}</option>", option["label"])))
            if group_name:
                parts.append((None, "\n  </optgroup>"))
        return [(value, str(html)) for value, html in parts]

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        chosen = set(self.format_value(value))
        if self.cache_key:
            parts = pagecache.cached(f"select:{self.cache_key}", lambda: self._options(name))
        else:
            parts = self._options(name)
        html = [format_html('<select name="{}"{}>', name, flatatt(attrs))]
        for option_value, part in parts:
            html.append(part)
            if option_value is not None and option_value in chosen:
                html.append(" selected")
        html.append("\n</select>")
        return mark_safe("".join(html))  # noqa: S308 - every part is escaped when it is made


def plain_selects(form, name: str):
    """Render the form's selects with PlainSelect (same HTML, options rendered once); ``name`` tells the
    forms apart in the cache."""
    for field_name, field in form.fields.items():
        if type(field.widget) is forms.Select:
            field.widget.__class__ = PlainSelect
            field.widget.cache_key = f"{name}:{field_name}"
    return form
