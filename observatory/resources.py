"""Official series as spreadsheets, for the admin's import and export.

Rows are matched by natural keys, never internal ids: an indicator by its code; an observation by its
indicator's code, the HCP code of its territory, its year and its breakdown (dimension and category).
Headers may be in English or French ("indicateur", "code territoire", "année", "valeur"...); CSV in UTF-8,
Windows-1252 or Windows-1256, comma or semicolon separated (the directory's reader). A file is imported
whole or not at all: one row in error and nothing is written.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.formats import base_formats

from actors.resources import SpreadsheetCSV
from actors.text import normalize
from observatory.models import Indicator, Observation

HEADER_ALIASES = {
    "indicator": ["indicateur", "code indicateur", "indicator code", "المؤشر"],
    "territory_code": ["territoire", "code territoire", "code hcp", "territory", "hcp code", "رمز المجال"],
    "year": ["annee", "année", "السنة"],
    "breakdown": ["ventilation", "dimension", "التفصيل"],
    "category": ["categorie", "catégorie", "modalite", "الفئة"],
    "value": ["valeur", "القيمة"],
}
_ALIASES = {normalize(alias): column for column, aliases in HEADER_ALIASES.items() for alias in aliases}
_ALIASES.update({column: column for column in HEADER_ALIASES})


def canonical_header(header) -> str:
    key = normalize(str(header or "")).strip(" :*")
    return _ALIASES.get(key, str(header or "").strip())


class IndicatorCodeWidget(widgets.ForeignKeyWidget):
    def __init__(self, **kwargs):
        super().__init__(Indicator, field="code", **kwargs)

    def clean(self, value, row=None, **kwargs):
        code = str(value or "").strip()
        if not code:
            return None
        try:
            return Indicator.objects.get(code=code)
        except Indicator.DoesNotExist:
            raise ValueError(
                _("Unknown indicator: %(code)s (create it first, in Indicators)") % {"code": code}
            ) from None


class NumberWidget(widgets.DecimalWidget):
    """A number as spreadsheets write it: 1234.5, 1 234,5 or 1234,5."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = value.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace(",", ".")
        if value in (None, ""):
            return None
        try:
            return super().clean(value, row, **kwargs)
        except Exception:
            raise ValueError(_("Not a number: %(value)s") % {"value": str(value)[:50]}) from None


class YearWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except Exception:
            raise ValueError(_("Not a year: %(value)s") % {"value": str(value)[:50]}) from None


class ObservationResource(resources.ModelResource):
    indicator = fields.Field(attribute="indicator", column_name="indicator", widget=IndicatorCodeWidget())
    territory_code = fields.Field(attribute="territory_code", column_name="territory_code")
    year = fields.Field(attribute="year", column_name="year", widget=YearWidget())
    breakdown = fields.Field(attribute="breakdown", column_name="breakdown")
    category = fields.Field(attribute="category", column_name="category")
    value = fields.Field(attribute="value", column_name="value", widget=NumberWidget())

    class Meta:
        model = Observation
        fields = ["indicator", "territory_code", "year", "breakdown", "category", "value"]
        export_order = fields
        import_id_fields = ["indicator", "territory_code", "year", "breakdown", "category"]
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = False
        report_skipped = True

    def before_import(self, dataset, **kwargs):
        dataset.headers = [canonical_header(header) for header in dataset.headers or []]
        missing = [
            column
            for column in ("indicator", "territory_code", "year", "value")
            if column not in dataset.headers
        ]
        if missing:
            raise ValueError(_("Missing columns: %(columns)s") % {"columns": ", ".join(missing)})
        for column in ("breakdown", "category"):
            if column not in dataset.headers:
                dataset.append_col([""] * len(dataset), header=column)
        self._seen = {}

    def before_import_row(self, row, **kwargs):
        for key in list(row):
            value = row[key]
            if isinstance(value, str):
                row[key] = value.strip()
            elif value is None and key in ("breakdown", "category"):
                row[key] = ""
        if isinstance(row.get("year"), float) and row["year"].is_integer():
            row["year"] = int(row["year"])
        key = tuple(str(row.get(column) or "").strip().lower() for column in self._meta.import_id_fields)
        number = kwargs.get("row_number")
        if key in self._seen:
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: [
                        _("Same indicator, territory, year and breakdown as row %(row)s.")
                        % {"row": self._seen[key]}
                    ]
                }
            )
        self._seen[key] = number

    def get_instance(self, instance_loader, row):
        # An unknown indicator is reported as the row's error by the field, not as a crash of the lookup.
        try:
            return super().get_instance(instance_loader, row)
        except (ValueError, TypeError):
            return None

    def import_data(self, dataset, **kwargs):
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)


class IndicatorResource(resources.ModelResource):
    class Meta:
        model = Indicator
        fields = [*Indicator.DESCRIPTION_FIELDS, "position", "is_published"]
        export_order = fields
        import_id_fields = ["code"]
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = False

    def before_import_row(self, row, **kwargs):
        for key in list(row):
            if isinstance(row[key], str):
                row[key] = row[key].strip()
            elif row[key] is None and key not in (
                "retrieved_on",
                "decimals",
                "position",
                "is_count",
                "is_published",
            ):
                row[key] = ""

    def import_data(self, dataset, **kwargs):
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)


IMPORT_FORMATS = [SpreadsheetCSV, base_formats.XLSX]
EXPORT_FORMATS = [base_formats.CSV, base_formats.XLSX, base_formats.JSON]
