"""The directory's search and filters, and how many results each choice would give."""

import hashlib

import django_filters
from django import forms
from django.core.cache import cache
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from actors.models import HAS_CONTACT, WOMEN_STRUCTURE, Actor
from mess_portal import pagecache
from mess_portal.i18n import localized_field_name
from mess_portal.models import Commune, Label, LegalFamily, Province, Sector

FACETS_CACHE_SECONDS = 300


def facets_version() -> str:
    """The site's version (mess_portal.pagecache), bumped whenever public data changes: every cached count
    is then stale at once, on every app server sharing the cache."""
    return str(pagecache.version())


def invalidate_facets(**kwargs):
    pagecache.invalidate()


class SlugChoicesFilter(django_filters.ModelMultipleChoiceFilter):
    """Chosen by slug in the URL, filtered by the object itself (no join on the slug)."""

    def get_filter_predicate(self, v):
        return {self.field_name: v}


class ActorFilter(django_filters.FilterSet):
    ORDER_CHOICES = [
        ("relevance", _("Relevance")),
        ("name", _("Name")),
        ("newest", _("Most recently founded")),
        ("oldest", _("Oldest first")),
        ("verified", _("Most recently verified")),
    ]

    q = django_filters.CharFilter(method="filter_search", label=_("Search"))
    family = SlugChoicesFilter(
        field_name="legal_family",
        to_field_name="slug",
        queryset=LegalFamily.objects.all(),
        distinct=False,
        label=_("Legal family"),
    )
    sector = django_filters.ModelMultipleChoiceFilter(
        method="filter_sectors", to_field_name="slug", queryset=Sector.objects.all(), label=_("Sector")
    )
    province = SlugChoicesFilter(
        field_name="commune__province",
        to_field_name="slug",
        queryset=Province.objects.all(),
        distinct=False,
        label=_("Province"),
    )
    commune = SlugChoicesFilter(
        field_name="commune",
        to_field_name="slug",
        queryset=Commune.objects.all(),
        distinct=False,
        label=_("Commune"),
    )
    founded_from = django_filters.NumberFilter(
        field_name="creation_date",
        lookup_expr="year__gte",
        label=_("Founded from (year)"),
        min_value=1900,
        max_value=2100,
    )
    founded_to = django_filters.NumberFilter(
        field_name="creation_date",
        lookup_expr="year__lte",
        label=_("Founded until (year)"),
        min_value=1900,
        max_value=2100,
    )
    women = django_filters.BooleanFilter(
        method="filter_women", widget=forms.CheckboxInput, label=_("Women's structures")
    )
    label = django_filters.ModelMultipleChoiceFilter(
        method="filter_labels", to_field_name="slug", queryset=Label.objects.all(), label=_("Label")
    )
    contact = django_filters.BooleanFilter(
        method="filter_contact", widget=forms.CheckboxInput, label=_("Has contact details")
    )
    order = django_filters.ChoiceFilter(
        method="filter_order", choices=ORDER_CHOICES, empty_label=None, label=_("Order")
    )

    class Meta:
        model = Actor
        fields = []

    # Filters that do not narrow the set (ordering) are left out of counts and chips.
    NOT_FILTERS = {"order"}

    def filter_search(self, queryset, name, value):
        # The page, its count and each facet count filter by the text: its matches are found once.
        if not hasattr(self, "_matches"):
            self._matches = {}
        if value not in self._matches:
            self._matches[value] = self.queryset.matching_ids(value)
        ids = self._matches[value]
        return queryset.search(value) if ids is None else queryset.among(ids)

    def filter_sectors(self, queryset, name, value):
        return queryset.in_sectors(value) if value else queryset

    def filter_labels(self, queryset, name, value):
        return queryset.with_labels(value) if value else queryset

    def filter_women(self, queryset, name, value):
        return queryset.women_structures() if value else queryset

    def filter_contact(self, queryset, name, value):
        return queryset.with_contact() if value else queryset

    def filter_order(self, queryset, name, value):
        return queryset  # applied by ordered(), once the set is filtered

    def cleaned(self) -> dict:
        self.errors  # noqa: B018 -- validates the form, so that cleaned_data holds the valid values
        return getattr(self.form, "cleaned_data", {})

    def ordered(self):
        """The filtered set, in the visitor's order: relevance when searching, name otherwise."""
        qs = self.qs
        data = self.cleaned()
        query = data.get("q") or ""
        order = data.get("order") or ("relevance" if query else "name")
        if order == "relevance":
            return qs.by_relevance(query)
        if order == "newest":
            return qs.order_by("-creation_date", "name_fr", "pk")
        if order == "oldest":
            return qs.order_by("creation_date", "name_fr", "pk")
        if order == "verified":
            return qs.order_by("-last_verified", "name_fr", "pk")
        return qs.by_name()

    def queryset_without(self, *names):
        """The set filtered by every active filter except ``names``: what choosing another value in
        those families would give."""
        qs = self.queryset.all()
        for name, value in self.cleaned().items():
            if name in names or name in self.NOT_FILTERS:
                continue
            qs = self.filters[name].filter(qs, value)
        return qs

    def facets(self) -> dict:
        """Counts per choice for each filter family, one aggregate query per family; kept a few
        minutes for the same filters, as the landing page and common searches come back often."""
        data = self.cleaned()
        key_parts = []
        for name, value in sorted(data.items()):
            if name in self.NOT_FILTERS or value in (None, "", False):
                continue
            if hasattr(value, "model"):
                value = sorted(obj.pk for obj in value)
            key_parts.append(f"{name}={value}")
        key = f"actors:facets:{facets_version()}:" + hashlib.sha256("&".join(key_parts).encode()).hexdigest()
        facets = cache.get(key)
        if facets is None:
            facets = self._count_facets()
            cache.set(key, facets, FACETS_CACHE_SECONDS)
        return facets

    def _count_facets(self) -> dict:
        through_sector = Actor.sectors.through
        through_label = Actor.labels.through
        booleans = self.queryset_without("women", "contact")
        data = self.cleaned()
        women_filter, contact_filter = WOMEN_STRUCTURE, HAS_CONTACT
        if data.get("contact"):
            women_filter = women_filter & HAS_CONTACT
        if data.get("women"):
            contact_filter = contact_filter & WOMEN_STRUCTURE
        return {
            "family": self.queryset_without("family").facet("legal_family_id"),
            "province": self.queryset_without("province").facet("commune__province_id"),
            "commune": self.queryset_without("commune").facet("commune_id"),
            "sector": dict(
                through_sector.objects.filter(actor__in=self.queryset_without("sector").values("pk"))
                .values_list("sector_id")
                .annotate(n=Count("*"))
                .order_by()
            ),
            "label": dict(
                through_label.objects.filter(actor__in=self.queryset_without("label").values("pk"))
                .values_list("label_id")
                .annotate(n=Count("*"))
                .order_by()
            ),
            **booleans.aggregate(
                women=Count("pk", filter=women_filter), contact=Count("pk", filter=contact_filter)
            ),
        }

    def choices(self) -> dict:
        """The choices of each family, with their count, for the filter panel."""
        facets = self.facets()
        data = self.cleaned()
        name = localized_field_name("name")
        families = {
            "family": LegalFamily.objects.ordered(),
            "sector": Sector.objects.ordered(),
            "label": Label.objects.ordered(),
            "province": Province.objects.order_by(name, "code"),
        }
        panel = {}
        for key, queryset in families.items():
            selected = {obj.pk for obj in data.get(key) or []}
            panel[key] = [
                {"obj": obj, "count": facets[key].get(obj.pk, 0), "selected": obj.pk in selected}
                for obj in queryset
            ]
        selected_communes = {obj.pk for obj in data.get("commune") or []}
        panel["commune"] = [
            {"obj": obj, "count": facets["commune"].get(obj.pk, 0), "selected": obj.pk in selected_communes}
            for obj in Commune.objects.order_by(name, "code")
            if facets["commune"].get(obj.pk) or obj.pk in selected_communes
        ]
        panel["women"] = facets["women"]
        panel["contact"] = facets["contact"]
        return panel

    def chips(self, request) -> list[dict]:
        """The active filters, each with the link that removes it."""
        chips = []
        data = self.cleaned()
        for name, value in data.items():
            if (
                name in self.NOT_FILTERS
                or value in (None, "", False)
                or (hasattr(value, "__len__") and not value)
            ):
                continue
            label = self.filters[name].label
            if isinstance(value, (list, tuple)) or hasattr(value, "model"):
                for obj in value:
                    params = request.GET.copy()
                    params.setlist(name, [v for v in params.getlist(name) if v != obj.slug])
                    params.pop("page", None)
                    chips.append({"label": f"{label}: {obj}", "url": "?" + params.urlencode()})
                continue
            params = request.GET.copy()
            params.pop(name, None)
            params.pop("page", None)
            text = label if value is True else f"{label}: {value}"
            chips.append({"label": text, "url": "?" + params.urlencode()})
        return chips
