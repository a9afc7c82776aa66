"""The catalogue's search: a guided search (stage, need, commune) and plain filters, one FilterSet."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from mess_portal.forms import commune_choices
from mess_portal.models import Commune, Province
from support.models import Need, ProjectStage, Public, SupportKind, SupportService


class SupportServiceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Words"), method="filter_text", widget=forms.TextInput(attrs={"type": "search"})
    )
    stage = django_filters.ModelChoiceFilter(
        label=_("I am at this stage"),
        queryset=ProjectStage.objects.ordered(),
        to_field_name="slug",
        method="filter_stage",
        empty_label=_("Any stage"),
    )
    need = django_filters.ModelChoiceFilter(
        label=_("I need"),
        queryset=Need.objects.ordered(),
        to_field_name="slug",
        method="filter_need",
        empty_label=_("Any need"),
    )
    commune = django_filters.ChoiceFilter(
        label=_("I am in this commune"),
        method="filter_commune",
        empty_label=_("Anywhere in the region"),
        choices=lambda: commune_choices(key="slug"),
    )
    kind = django_filters.ModelChoiceFilter(
        label=_("Kind of support"),
        queryset=SupportKind.objects.ordered(),
        to_field_name="slug",
        method="filter_kind",
        empty_label=_("Any kind"),
    )
    public = django_filters.ModelChoiceFilter(
        label=_("Public"),
        queryset=Public.objects.ordered(),
        to_field_name="slug",
        method="filter_public",
        empty_label=_("Any public"),
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        queryset=Province.objects.by_name(),
        to_field_name="slug",
        method="filter_province",
        empty_label=_("All provinces"),
    )
    cost = django_filters.ChoiceFilter(
        label=_("Cost"), choices=SupportService.Cost.choices, empty_label=_("Free or paid")
    )

    class Meta:
        model = SupportService
        fields = ["q", "stage", "need", "commune", "kind", "public", "province", "cost"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.commune = None
        self.searched = False

    def filter_text(self, queryset, name, value):
        self.searched = True
        return queryset.search(value)

    def filter_stage(self, queryset, name, value):
        return queryset.for_stage(value)

    def filter_need(self, queryset, name, value):
        return queryset.for_need(value)

    def filter_kind(self, queryset, name, value):
        return queryset.for_kind(value)

    def filter_public(self, queryset, name, value):
        return queryset.for_public(value)

    def filter_province(self, queryset, name, value):
        return queryset.eligible_in_province(value)

    def filter_commune(self, queryset, name, value):
        # The commune does not exclude anything: it puts the services that cover it first.
        self.commune = Commune.objects.select_related("province").filter(slug=value).first()
        return queryset

    @property
    def qs(self):
        queryset = super().qs
        queryset = queryset.with_eligibility(self.commune)
        if self.searched and "place_rank" in queryset.query.annotations:
            # A place named in the words: the services made for that place before the region-wide ones.
            return queryset.order_by("-eligible", "-place_rank", "name_fr", "pk")
        return queryset.order_by("-eligible", "name_fr", "pk")
