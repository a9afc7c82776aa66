import base64
import hashlib

from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.utils.translation import gettext_lazy as _

from mess_portal.clock import with_local_datetimes
from mess_portal.models import Commune, Label, LegalFamily, PlaceName, Province, Region, SearchSynonym, Sector


def _csp_hash(source: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()}'"


# django-import-export's export page (admin/import_export/export.html) has a "Select all" toggle with
# an inline handler, and two style attributes; the strict policy blocks them and the toggle does
# nothing. Those three, by their hashes, are allowed on that page only.
EXPORT_PAGE_CSP = {
    "script-src-attr": ["'unsafe-hashes'", _csp_hash("onSelectToggleChange(event)")],
    "style-src-attr": ["'unsafe-hashes'", _csp_hash("padding: 0;"), _csp_hash("font-weight: bold;")],
}


class ExportPageCSPMixin:
    """For admins with django-import-export's export page (ExportMixin, ImportExportModelAdmin)."""

    def export_action(self, request):
        return csp_update(EXPORT_PAGE_CSP)(super().export_action)(request)


class LocalChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        return with_local_datetimes(super().get_queryset(request, exclude_parameters))


class LocalDateHierarchyMixin:
    """For admins with a ``date_hierarchy`` on a date and time: the drill-down's years, months and days
    are local ones by the portal's zone rules (mess_portal.clock), not by the database's older copy,
    which put a record of 23:30 UTC on 31 October 2026 under November."""

    def get_changelist(self, request, **kwargs):
        return LocalChangeList


class ReadOnlyAdmin(admin.ModelAdmin):
    """Territories come from the HCP's nomenclature (``load_territories``), never from hand edits."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_fr", "name_ar", "population_2014", "population_2024"]
    search_fields = ["code", "name_fr", "name_ar"]


class PlaceNameInline(admin.TabularInline):
    model = PlaceName
    fields = ["name", "kind", "language"]
    extra = 1


class TerritoryWithNamesAdmin(ReadOnlyAdmin):
    """The HCP's own fields stay read-only; the other names people type are edited here (inline)."""

    inlines = [PlaceNameInline]

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("mess_portal.change_placename")

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]


@admin.register(Province)
class ProvinceAdmin(TerritoryWithNamesAdmin):
    list_display = ["code", "name_fr", "name_ar", "kind", "population_2014", "population_2024"]
    list_filter = ["kind"]
    search_fields = ["code", "name_fr", "name_ar", "place_names__name"]
    list_select_related = ["region"]


@admin.register(Commune)
class CommuneAdmin(TerritoryWithNamesAdmin):
    list_display = ["code", "name_fr", "name_ar", "province", "kind", "population_2014", "population_2024"]
    list_filter = ["province", "kind"]
    search_fields = ["code", "name_fr", "name_ar", "slug", "place_names__name"]
    list_select_related = ["province"]


@admin.register(PlaceName)
class PlaceNameAdmin(admin.ModelAdmin):
    list_display = ["name", "territory", "kind", "language"]
    list_filter = ["kind", "language", "province", "commune__province"]
    search_fields = ["name", "province__name_fr", "commune__name_fr", "commune__name_ar"]
    list_select_related = ["province", "commune"]
    autocomplete_fields = ["province", "commune"]
    fields = ["name", "kind", "language", "province", "commune"]

    @admin.display(description=_("territory"))
    def territory(self, obj):
        return obj.territory


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    list_display = ["__str__", "language", "note"]
    list_filter = ["language"]
    search_fields = ["terms", "note"]
    fields = ["language", "terms", "note"]


class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_ar", "name_en", "position"]
    list_editable = ["position"]
    search_fields = ["name_fr", "name_ar", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_fr"]}
    fieldsets = [
        (None, {"fields": ["name_fr", "name_ar", "name_en", "slug", "position"]}),
        (
            _("Description"),
            {"fields": ["description_fr", "description_ar", "description_en"], "classes": ["collapse"]},
        ),
    ]


admin.site.register(LegalFamily, TaxonomyAdmin)
admin.site.register(Sector, TaxonomyAdmin)
admin.site.register(Label, TaxonomyAdmin)
