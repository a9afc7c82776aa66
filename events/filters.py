"""The events list's filters: kind, province and month (a local month, turned into a UTC range here)."""

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from events import dates
from events.models import Event
from mess_portal.models import Province


class MonthField(forms.CharField):
    default_validators = [RegexValidator(dates.MONTH_PATTERN, _("Give a month as 2026-12."))]

    def clean(self, value):
        value = super().clean(value)
        if value and dates.parse_month(value) is None:
            raise forms.ValidationError(_("Give a month as 2026-12."))
        return value


class MonthFilter(django_filters.CharFilter):
    field_class = MonthField


class EventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Event.Kind.choices, empty_label=_("All kinds")
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        queryset=Province.objects.by_name(),
        to_field_name="slug",
        field_name="commune__province",
        empty_label=_("All provinces"),
    )
    month = MonthFilter(
        label=_("Month"),
        method="filter_month",
        widget=forms.TextInput(attrs={"type": "month", "dir": "ltr"}),
    )

    class Meta:
        model = Event
        fields = ["kind"]

    def filter_month(self, queryset, name, value):
        first = dates.parse_month(value)
        if first is None:
            return queryset
        return queryset.overlapping(*dates.month_range(first))

    @property
    def chosen_month(self):
        if not self.is_bound or self.errors:
            return None
        return dates.parse_month(self.form.cleaned_data.get("month"))
