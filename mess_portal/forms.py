"""Form fields every part of the portal uses."""

from django import forms
from django.forms.boundfield import BoundField
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


# --- Errors announced (WCAG 2.2: 1.3.1, 3.3.1, 3.3.3, 4.1.2) --------------------------------------------


class AnnouncedBoundField(BoundField):
    """A field that says what is wrong with it to a screen reader: in error, it is aria-invalid and
    described by its message (id "<field id>_error"), and always by its help text ("<field id>_helptext"),
    radio buttons and check boxes included (Django leaves those out). The ids are Django's own, and
    templates/includes/field_messages.html renders the elements that carry them."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if widget.is_hidden or self.name == getattr(self.form, "honeypot_field", None):
            # The honeypot is hidden from people: nothing to announce there.
            attrs.pop("aria-invalid", None)
            attrs.pop("aria-describedby", None)
            return attrs
        if self.errors:
            attrs["aria-invalid"] = "true"
            css = attrs.get("class", widget.attrs.get("class", ""))
            if "is-invalid" not in css.split():
                attrs["class"] = f"{css} is-invalid".strip()
        if "aria-describedby" not in widget.attrs and self.auto_id:
            described = []
            if self.help_text:
                described.append(f"{self.auto_id}_helptext")
            if self.errors:
                described.append(f"{self.auto_id}_error")
            if described:
                attrs["aria-describedby"] = " ".join(described)
            else:
                attrs.pop("aria-describedby", None)
        return attrs

    @property
    def error_anchor(self) -> str:
        """The id the error summary links to: the control itself, or the first of a group of radio
        buttons or check boxes."""
        return self.id_for_label or (f"{self.auto_id}_0" if self.auto_id else "")


class AnnouncedErrorsMixin:
    """Put first in a public form's bases. Its fields announce their errors (AnnouncedBoundField) and
    templates/includes/form_errors.html shows, above the form, a summary that links to each field in
    error, with the errors that concern no one field (focus moves to it when the page loads)."""

    bound_field_class = AnnouncedBoundField
    error_summary_id = "form-errors"

    def error_anchor(self, bound_field) -> str:
        return bound_field.error_anchor

    def summary_messages(self) -> list:
        """What the summary says before its links: the errors that concern no one field."""
        return list(self.non_field_errors())

    def error_summary(self) -> list[dict]:
        """The fields in error in the order of the form: the id to link to, the label, the messages."""
        honeypot = getattr(self, "honeypot_field", None)
        items = []
        for name in self.fields:
            if name == honeypot or name not in self.errors:
                continue
            bound = self[name]
            if bound.is_hidden:
                continue
            items.append({"anchor": self.error_anchor(bound), "label": bound.label, "errors": bound.errors})
        return items

    @property
    def has_announced_errors(self) -> bool:
        return bool(self.summary_messages() or self.error_summary())
