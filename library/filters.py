import django_filters
from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from library.models import Document, Theme
from mess_portal.i18n import localized_field_name
from mess_portal.models import Province


class DocumentFilter(django_filters.FilterSet):
    """The catalogue's search box, filters and sort; every choice lives in the query string."""

    SORTS = {
        "relevance": _("Relevance"),
        "newest": _("Newest first"),
        "oldest": _("Oldest first"),
        "title": _("Title"),
        "downloads": _("Most downloaded"),
    }

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_nothing",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Words in the title or the text")}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Document.Kind.choices, empty_label=_("All kinds")
    )
    year = django_filters.ChoiceFilter(label=_("Year"), empty_label=_("All years"))
    language = django_filters.ChoiceFilter(
        label=_("Language"),
        choices=Document.Language.choices,
        empty_label=_("All languages"),
        method="filter_language",
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        empty_label=_("All themes"),
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        field_name="provinces",
        to_field_name="slug",
        queryset=Province.objects.all(),
        empty_label=_("All provinces"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=list(SORTS.items()), method="filter_nothing", empty_label=None
    )

    class Meta:
        model = Document
        fields = ["q", "kind", "year", "language", "theme", "province", "sort"]

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [(year, str(year)) for year in years]
        self.filters["theme"].queryset = Theme.objects.ordered()
        self.filters["province"].queryset = Province.objects.by_name()
        for field in self.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def filter_language(self, queryset, name, value):
        # A bilingual document is also a French one and an Arabic one.
        if value in (Document.Language.FRENCH, Document.Language.ARABIC):
            return queryset.filter(language__in=[value, Document.Language.BILINGUAL])
        return queryset.filter(language=value)

    def filter_nothing(self, queryset, name, value):
        # The search and the sort are applied by the view, which needs them for ranking and excerpts.
        return queryset

    @staticmethod
    def order(queryset, sort: str, *, searching: bool):
        if sort == "relevance" and searching:
            return queryset.order_by("-rank", "-year", "-pk")
        if sort == "oldest":
            return queryset.order_by("year", "published_at", "pk")
        if sort == "title":
            return queryset.order_by(localized_field_name("title"), "title_fr", "pk")
        if sort == "downloads":
            return queryset.order_by(F("download_count").desc(), "-year", "-pk")
        return queryset.order_by("-year", F("published_at").desc(nulls_last=True), "-pk")
