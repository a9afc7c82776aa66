"""The catalogue as a table: the admin's export and the public list's CSV, XLSX and JSON downloads."""

from import_export import fields, resources
from import_export.formats.base_formats import CSV, JSON, XLSX

from library.models import Document
from mess_portal.models import Province

FORMATS = {"csv": CSV, "xlsx": XLSX, "json": JSON}


class DocumentResource(resources.ModelResource):
    themes = fields.Field(column_name="themes")
    provinces = fields.Field(column_name="provinces")

    class Meta:
        model = Document
        fields = [
            "slug",
            "kind",
            "title_fr",
            "title_ar",
            "title_en",
            "language",
            "year",
            "authors",
            "themes",
            "provinces",
            "page_count",
            "file_size",
            "download_count",
            "published_at",
        ]
        export_order = fields

    def dehydrate_themes(self, document):
        return ", ".join(theme.slug for theme in document.themes.all())

    def dehydrate_provinces(self, document):
        return ", ".join(province.code for province in document.provinces.all())

    @staticmethod
    def prepare(queryset):
        """The queryset with what the export reads, in a fixed number of queries."""
        from django.db.models import Prefetch

        return queryset.defer("text", "search_vector").prefetch_related(
            "themes", Prefetch("provinces", queryset=Province.objects.order_by("code"))
        )
