from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from mess_portal.admin import ExportPageCSPMixin
from observatory.models import Indicator, Observation
from observatory.resources import EXPORT_FORMATS, IMPORT_FORMATS, IndicatorResource, ObservationResource


@admin.register(Indicator)
class IndicatorAdmin(ExportPageCSPMixin, ImportExportModelAdmin):
    resource_classes = [IndicatorResource]
    import_formats = IMPORT_FORMATS
    export_formats = EXPORT_FORMATS
    list_display = [
        "code",
        "name_fr",
        "unit_fr",
        "source",
        "retrieved_on",
        "breakdown",
        "values",
        "is_published",
    ]
    list_filter = ["is_published", "breakdown", "is_count"]
    search_fields = ["code", "name_fr", "name_ar", "name_en", "source"]
    list_editable = ["is_published"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["code", "is_published", "position"]}),
        (_("Name and unit"), {"fields": ["name_fr", "name_ar", "name_en", "unit_fr", "unit_ar", "unit_en"]}),
        (_("Definition"), {"fields": ["definition_fr", "definition_ar", "definition_en"]}),
        (
            _("Source"),
            {"fields": ["source", "licence", "link", "retrieved_on", "note_fr", "note_ar", "note_en"]},
        ),
        (_("Values"), {"fields": ["breakdown", "is_count", "decimals"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(value_count=Count("observations"))

    @admin.display(description=_("values"), ordering="value_count")
    def values(self, obj):
        return obj.value_count


@admin.register(Observation)
class ObservationAdmin(ExportPageCSPMixin, ImportExportModelAdmin):
    resource_classes = [ObservationResource]
    import_formats = IMPORT_FORMATS
    export_formats = EXPORT_FORMATS
    list_display = ["indicator", "territory_code", "level", "year", "breakdown", "category", "value"]
    list_filter = ["indicator", "level", "year", "breakdown"]
    search_fields = ["territory_code", "indicator__code", "indicator__name_fr"]
    list_select_related = ["indicator"]
    autocomplete_fields = ["indicator"]
    readonly_fields = ["level"]
    fields = ["indicator", "territory_code", "level", "year", "breakdown", "category", "value"]
