"""Form fields every part of the portal uses."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mess_portal.i18n import localized_field_name
from mess_portal.models import Commune


def commune_choices(*, empty_label=None, key="pk"):
    """The region's communes grouped by prefecture or province, in the active language (146 options):
    a plain <select> that works without JavaScript and on a phone."""
    groups = {}
    name = localized_field_name("name")
    for commune in Commune.objects.select_related("province").order_by(
        f"province__{name}", "province__name_fr", name, "name_fr"
    ):
        groups.setdefault(commune.province.name, []).append((str(getattr(commune, key)), commune.name))
    choices = list(groups.items())
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
