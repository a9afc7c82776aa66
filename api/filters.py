"""The API's filters are the public pages' own FilterSets (actors, support, library, events), so a
filter means the same on a page and in the API; the observatory and the contest, whose pages have no
FilterSet, get theirs here."""

import django_filters
from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend

from events.filters import EventFilter
from events.models import ContestCategory, ContestEdition, Laureate
from library.filters import DocumentFilter
from library.models import Document
from mess_portal.models import Commune, Province, Region
from observatory.models import Breakdown, Indicator, Level, Observation


class PageFilterBackend(DjangoFilterBackend):
    """django-filter's backend, with what the pages' FilterSets need: their own ordering (``ordered()``
    when they have one), extra arguments from the view, and names sorted in French whatever the
    Accept-Language (the API's order does not depend on the client's language)."""

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        extra = getattr(view, "get_filterset_extra_kwargs", None)
        if extra is not None:
            kwargs.update(extra())
        return kwargs

    def filter_queryset(self, request, queryset, view):
        with translation.override(settings.LANGUAGE_CODE):
            filterset = self.get_filterset(request, queryset, view)
            if filterset is None:
                return queryset
            if not filterset.is_valid():
                from django_filters import utils

                raise utils.translate_validation(filterset.errors)
            post_filter = getattr(view, "post_filter", None)
            if post_filter is not None:
                return post_filter(filterset)
            if hasattr(filterset, "ordered"):
                return filterset.ordered()
            return filterset.qs


class ApiEventFilter(EventFilter):
    """The events page's filters (kind, province, month) and its two lists, upcoming and past; without
    ``when`` every published event is listed."""

    when = django_filters.ChoiceFilter(
        label=_("Upcoming or past"),
        choices=[("upcoming", _("upcoming")), ("past", _("past"))],
        method="filter_when",
    )

    class Meta(EventFilter.Meta):
        fields = ["kind"]

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        if value == "past":
            return queryset.filter(ends_at__lt=now)
        return queryset.filter(ends_at__gte=now)


class ApiDocumentFilter(DocumentFilter):
    """The library page's FilterSet; its search and sort are applied by the view (ranking)."""


class IndicatorFilter(django_filters.FilterSet):
    breakdown = django_filters.ChoiceFilter(
        label=_("Breakdown"), choices=[(value, label) for value, label in Breakdown.choices if value]
    )

    class Meta:
        model = Indicator
        fields = ["breakdown"]


def _territory_codes():
    """The HCP codes of the region, its provinces and its communes, in one query (only when a
    ``territory`` is given: the choices are read lazily)."""
    codes = (
        Region.objects.values_list("code")
        .union(Province.objects.values_list("code"), Commune.objects.values_list("code"))
        .order_by()
    )
    return [(code, code) for (code,) in codes]


class ObservationFilter(django_filters.FilterSet):
    indicator = django_filters.ModelChoiceFilter(
        label=_("Indicator"),
        queryset=Indicator.objects.published(),
        to_field_name="code",
        field_name="indicator",
    )
    territory = django_filters.ChoiceFilter(
        label=_("Territory (HCP code)"), field_name="territory_code", choices=_territory_codes
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province (its communes' values too)"),
        queryset=Province.objects.all(),
        to_field_name="slug",
        method="filter_province",
    )
    level = django_filters.ChoiceFilter(label=_("Level"), choices=Level.choices)
    year = django_filters.NumberFilter(label=_("Year"), min_value=1900, max_value=2100)
    year_from = django_filters.NumberFilter(
        label=_("From year"), field_name="year", lookup_expr="gte", min_value=1900, max_value=2100
    )
    year_to = django_filters.NumberFilter(
        label=_("Until year"), field_name="year", lookup_expr="lte", min_value=1900, max_value=2100
    )
    breakdown = django_filters.ChoiceFilter(
        label=_("Breakdown (none: the totals)"),
        choices=[("none", _("none"))] + [(value, label) for value, label in Breakdown.choices if value],
        method="filter_breakdown",
    )

    class Meta:
        model = Observation
        fields = []

    def filter_province(self, queryset, name, value):
        return queryset.filter(Q(territory_code=value.code) | Q(territory_code__startswith=value.code + "."))

    def filter_breakdown(self, queryset, name, value):
        return queryset.filter(breakdown="" if value == "none" else value)

    def ordered(self):
        return self.qs.order_by(
            "indicator__position", "indicator__code", "year", "territory_code", "breakdown", "category", "pk"
        )


class LaureateFilter(django_filters.FilterSet):
    year = django_filters.ModelChoiceFilter(
        label=_("Edition (year)"),
        queryset=ContestEdition.objects.filter(status=ContestEdition.Status.PUBLISHED),
        to_field_name="year",
        field_name="edition",
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category (its id)"),
        queryset=ContestCategory.objects.filter(edition__status=ContestEdition.Status.PUBLISHED),
        field_name="category",
    )

    class Meta:
        model = Laureate
        fields = []

    def ordered(self):
        return self.qs.order_by("-edition__year", "category__position", "category__pk", "rank", "pk")


def document_years():
    return list(Document.objects.published().order_by("-year").values_list("year", flat=True).distinct())


def _describe_slug_filters():
    """The pages' filters that pick a reference by slug through a method: their values are strings (told
    to drf-spectacular, which cannot guess it from the methods; api.schema gives their descriptions)."""
    from drf_spectacular.drainage import set_override
    from drf_spectacular.types import OpenApiTypes

    from actors.filters import ActorFilter
    from support.filters import SupportServiceFilter

    slug_filters = {
        ActorFilter: ["sector", "label"],
        SupportServiceFilter: ["stage", "need", "commune", "kind", "public", "province"],
        ObservationFilter: ["province"],
    }
    for filterset, names in slug_filters.items():
        for name in names:
            set_override(filterset.base_filters[name], "field", OpenApiTypes.STR)


_describe_slug_filters()
