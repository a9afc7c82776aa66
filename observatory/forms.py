"""The GET forms of the Panorama and the Atlas: their state is the page's URL (a permalink). Choices
come from the cached reference lists, so a form costs no query."""

from django import forms
from django.utils.translation import gettext_lazy as _

from observatory import stats

YEAR_MIN, YEAR_MAX = 1900, 2100


def _choices(rows, empty):
    return [("", empty), *[(slug, stats._localized(names)) for slug, names in rows]]


class PanoramaFilterForm(forms.Form):
    province = forms.ChoiceField(label=_("Prefecture or province"), required=False)
    family = forms.ChoiceField(label=_("Legal family"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    year_from = forms.IntegerField(
        label=_("Founded from (year)"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    year_to = forms.IntegerField(
        label=_("Founded until (year)"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ref = stats.reference()
        self.fields["province"].choices = [
            ("", _("The whole region")),
            *[(place.slug, place.name) for place in ref.provinces],
        ]
        self.fields["family"].choices = _choices(ref.families, _("All legal families"))
        self.fields["sector"].choices = _choices(ref.sectors, _("All sectors"))
        for name in ("year_from", "year_to"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "placeholder": _("year")})

    def clean(self):
        data = super().clean()
        start, end = data.get("year_from"), data.get("year_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The first year comes after the last one."))
        return data

    def filters(self) -> stats.Filters:
        """The selection, or none when the form is not valid (its errors are shown)."""
        if not self.is_bound or not self.is_valid():
            return stats.NO_FILTERS
        data = self.cleaned_data
        return stats.Filters(
            province=data["province"],
            family=data["family"],
            sector=data["sector"],
            year_from=data["year_from"],
            year_to=data["year_to"],
        )


class AtlasForm(forms.Form):
    MEASURES = [("absolute", _("Absolute values")), ("per-10000", _("Per 10,000 inhabitants"))]

    indicator = forms.ChoiceField(label=_("Indicator"), required=False)
    measure = forms.ChoiceField(label=_("Show"), choices=MEASURES, required=False, widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = stats.map_indicators()

    def choice(self) -> tuple[str, bool]:
        """(indicator key, per capita); the first indicator, absolute, when the form is not valid."""
        default = self.fields["indicator"].choices[0][0]
        if not self.is_bound or not self.is_valid():
            return default, False
        return self.cleaned_data["indicator"] or default, self.cleaned_data["measure"] == "per-10000"
