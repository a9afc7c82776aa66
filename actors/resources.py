"""The directory as a spreadsheet: one resource for the admin's import and export and for the public
downloads of a result set (published structures, public fields only).

Rows are matched by natural identifiers, never by internal ids: the ICE, then the ODCO number; the
commune by its HCP code or its name in either script, the legal family, sectors and labels by name.
Spreadsheets come as staff receive them: French or Arabic headers, extra columns (ignored), CSV in
UTF-8, Windows-1252 or Windows-1256, comma or semicolon separated.
"""

import csv
import datetime

import tablib
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from import_export.formats import base_formats

from actors.models import Actor
from mess_portal.models import Commune, Label, LegalFamily, Sector
from mess_portal.search import normalize

LIST_SEPARATOR = ";"

# Accepted headers, compared after normalize() (case, accents, Arabic variants), for each column.
HEADER_ALIASES = {
    "name_fr": [
        "nom",
        "nom fr",
        "nom (francais)",
        "nom francais",
        "raison sociale",
        "denomination",
        "الاسم بالفرنسية",
    ],
    "name_ar": [
        "nom ar",
        "nom (arabe)",
        "nom arabe",
        "الاسم",
        "الاسم بالعربية",
        "اسم التعاونية",
        "اسم الجمعية",
    ],
    "acronym": ["sigle", "acronyme", "المختصر"],
    "legal_family": [
        "famille juridique",
        "forme juridique",
        "statut juridique",
        "type",
        "الشكل القانوني",
        "الصفة القانونية",
    ],
    "sectors": ["secteurs", "secteur", "secteur d'activite", "filiere", "القطاع", "القطاعات", "قطاع النشاط"],
    "commune": ["commune", "الجماعة"],
    "commune_code": ["code commune", "code hcp", "code de la commune", "رمز الجماعة"],
    "address": ["adresse", "العنوان"],
    "latitude": ["lat", "خط العرض"],
    "longitude": ["lng", "lon", "خط الطول"],
    "phone": ["telephone", "tel", "gsm", "الهاتف"],
    "email": ["e-mail", "mail", "courriel", "adresse e-mail", "البريد الالكتروني"],
    "website": ["site web", "site", "site internet", "الموقع الالكتروني"],
    "creation_date": ["date de creation", "date creation", "تاريخ التاسيس", "تاريخ الانشاء"],
    "ice": ["identifiant commun de l'entreprise", "رقم التعريف الموحد"],
    "odco_number": ["numero odco", "n° odco", "odco", "رقم مكتب تنمية التعاون"],
    "rc_number": ["rc", "registre de commerce", "numero rc", "السجل التجاري"],
    "members_total": [
        "adherents",
        "membres",
        "nombre d'adherents",
        "nombre de membres",
        "عدد المنخرطين",
        "عدد الاعضاء",
    ],
    "members_women": ["adherentes", "femmes", "membres femmes", "dont femmes", "عدد النساء", "المنخرطات"],
    "members_youth": ["jeunes", "membres jeunes", "dont jeunes", "عدد الشباب"],
    "employees": ["salaries", "employes", "emplois", "عدد الاجراء", "عدد المستخدمين"],
    "women_declared": ["structure feminine", "feminine", "نسائية"],
    "description_fr": ["description", "description fr", "activite", "الوصف بالفرنسية"],
    "description_ar": ["description ar", "description arabe", "الوصف", "النشاط"],
    "products_fr": ["produits", "produits ou services", "المنتجات بالفرنسية"],
    "products_ar": ["produits ar", "المنتجات", "المنتوجات"],
    "labels": ["label", "labels", "certification", "الشارات", "العلامات"],
    "last_verified": ["derniere verification", "verifie le", "تاريخ اخر تحقق"],
    "source": ["origine", "المصدر"],
}
_ALIAS_TO_COLUMN = {
    normalize(alias): column for column, aliases in HEADER_ALIASES.items() for alias in aliases
}
_ALIAS_TO_COLUMN.update({column: column for column in HEADER_ALIASES})


def canonical_header(header) -> str:
    key = normalize(str(header or "")).strip(" :*")
    return _ALIAS_TO_COLUMN.get(key, str(header or ""))


TRUE_WORDS = {"1", "oui", "yes", "vrai", "true", "x", "نعم"}
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y"]


def _parse_date(value):
    """A date as spreadsheets write it (2012-03-15, 15/03/2012, or just the year); left as it is otherwise,
    for the field to report."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip().removesuffix(".0")
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return text


class _LookupWidget(widgets.ForeignKeyWidget):
    """A reference found by slug or by any of its names (accents, case and Arabic variants ignored)."""

    model = None
    unknown_message = ""
    name_fields = ("name_fr", "name_ar", "name_en")

    def __init__(self, **kwargs):
        super().__init__(self.model, field="name_fr", **kwargs)
        self._index = None

    def index(self) -> dict:
        if self._index is None:
            self._index = {}
            for obj in self.model.objects.all():
                for key in self.keys(obj):
                    self._index.setdefault(normalize(key), obj)
        return self._index

    def keys(self, obj):
        return [obj.slug, *(getattr(obj, name) for name in self.name_fields if getattr(obj, name))]

    def find(self, value):
        text = str(value).strip()
        if not text:
            return None
        obj = self.index().get(normalize(text))
        if obj is None:
            raise ValueError(self.unknown_message % {"value": text})
        return obj

    def clean(self, value, row=None, **kwargs):
        return self.find(value) if value not in (None, "") else None


class LegalFamilyWidget(_LookupWidget):
    model = LegalFamily
    unknown_message = gettext_lazy("Unknown legal family: %(value)s")


class CommuneWidget(_LookupWidget):
    model = Commune
    unknown_message = gettext_lazy("Unknown commune: %(value)s (give its HCP code or its name)")
    name_fields = ("name_fr", "name_ar")

    def keys(self, obj):
        return [obj.code, *super().keys(obj)]


class _ManyLookupWidget(widgets.ManyToManyWidget):
    lookup_class = None

    def __init__(self, **kwargs):
        super().__init__(self.lookup_class.model, separator=LIST_SEPARATOR, field="name_fr", **kwargs)
        self.lookup = self.lookup_class()

    def clean(self, value, row=None, **kwargs):
        if not value:
            return self.model.objects.none()
        parts = [
            part for part in str(value).replace(",", LIST_SEPARATOR).split(LIST_SEPARATOR) if part.strip()
        ]
        return [self.lookup.find(part) for part in parts]


class _SectorLookup(_LookupWidget):
    model = Sector
    unknown_message = gettext_lazy("Unknown sector: %(value)s")


class _LabelLookup(_LookupWidget):
    model = Label
    unknown_message = gettext_lazy("Unknown label: %(value)s")


class SectorsWidget(_ManyLookupWidget):
    lookup_class = _SectorLookup


class LabelsWidget(_ManyLookupWidget):
    lookup_class = _LabelLookup


class ActorResource(resources.ModelResource):
    legal_family = fields.Field(
        attribute="legal_family", column_name="legal_family", widget=LegalFamilyWidget()
    )
    sectors = fields.Field(attribute="sectors", column_name="sectors", widget=SectorsWidget(), m2m_add=False)
    commune = fields.Field(attribute="commune", column_name="commune", widget=CommuneWidget())
    commune_code = fields.Field(column_name="commune_code", readonly=True)
    province = fields.Field(column_name="province", readonly=True)
    labels = fields.Field(attribute="labels", column_name="labels", widget=LabelsWidget())
    url = fields.Field(column_name="url", readonly=True)

    class Meta:
        model = Actor
        # The public fields, in the order of the columns. Status, duplicates and demo flags stay inside.
        fields = [
            "name_fr",
            "name_ar",
            "acronym",
            "legal_family",
            "sectors",
            "commune",
            "commune_code",
            "province",
            "address",
            "latitude",
            "longitude",
            "phone",
            "email",
            "website",
            "creation_date",
            "ice",
            "odco_number",
            "rc_number",
            "members_total",
            "members_women",
            "members_youth",
            "employees",
            "women_declared",
            "description_fr",
            "description_ar",
            "products_fr",
            "products_ar",
            "labels",
            "last_verified",
            "url",
        ]
        export_order = fields
        import_id_fields = []
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = False
        report_skipped = True
        chunk_size = 2000

    _file_name = ""

    def dehydrate_commune_code(self, actor):
        return actor.commune.code

    def dehydrate_province(self, actor):
        return actor.commune.province.name_fr

    def dehydrate_url(self, actor):
        return actor.get_absolute_url()

    def before_import(self, dataset, **kwargs):
        dataset.headers = [canonical_header(header) for header in dataset.headers or []]
        self._file_name = kwargs.get("file_name") or ""

    def before_import_row(self, row, **kwargs):
        for key, value in list(row.items()):
            if isinstance(value, str):
                row[key] = value.strip()
        # The HCP code, when given in its own column, is the surer key.
        if row.get("commune_code"):
            row["commune"] = row["commune_code"]
        for key in ("ice", "odco_number", "rc_number"):
            if key in row and row[key] is not None:
                row[key] = str(row[key]).strip().removesuffix(".0")
        # Spreadsheets store the ICE as a number and drop its leading zeros.
        if row.get("ice") and row["ice"].isdigit() and len(row["ice"]) < 15:
            row["ice"] = row["ice"].zfill(15)
        for key in ("creation_date", "last_verified"):
            if row.get(key):
                row[key] = _parse_date(row[key])
        if "women_declared" in row:
            row["women_declared"] = "1" if normalize(str(row["women_declared"] or "")) in TRUE_WORDS else "0"

    def get_instance(self, instance_loader, row):
        for key in ("ice", "odco_number"):
            value = row.get(key)
            if value:
                found = Actor.objects.filter(**{key: value}).order_by("pk").first()
                if found:
                    return found
        return None

    def before_save_instance(self, instance, row, **kwargs):
        if not instance.pk and not instance.source:
            instance.source = _("Import of %(date)s") % {"date": timezone.localdate().isoformat()}
            if self._file_name:
                instance.source = f"{instance.source} ({self._file_name})"[:200]

    def after_save_instance(self, instance, row, **kwargs):
        instance.flag_duplicates()

    def import_data(self, dataset, **kwargs):
        # All or nothing: a single row in error (unknown commune, bad e-mail...) and nothing is written.
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)

    def export_queryset(self, queryset):
        # The search columns are the widest and are not exported: not loading them saves a third.
        return self.export(
            queryset=queryset.select_related("legal_family", "commune__province")
            .prefetch_related("sectors", "labels")
            .defer("search_vector", "search_name", "search_extra")
        )


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) when it is; otherwise Windows-1256 when the high bytes run together as
    Arabic words do, Windows-1252 when they sit alone between Latin letters ("Coopérative")."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    high = [i for i, byte in enumerate(data) if byte >= 0x80]
    in_runs = sum(
        1 for i in high if (i + 1 < len(data) and data[i + 1] >= 0x80) or (i > 0 and data[i - 1] >= 0x80)
    )
    encoding = "cp1256" if high and in_runs * 2 > len(high) else "cp1252"
    return data.decode(encoding, errors="replace")


class SpreadsheetCSV(base_formats.CSV):
    """CSV as spreadsheets save it: any of the three encodings, comma or semicolon."""

    def get_title(self):
        return "csv"

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        text = _decode(in_stream) if isinstance(in_stream, bytes) else in_stream
        first_line = text.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        rows = list(csv.reader(text.splitlines(), delimiter=delimiter))
        dataset = tablib.Dataset()
        if rows:
            dataset.headers = rows[0]
            width = len(rows[0])
            for row in rows[1:]:
                if any(cell.strip() for cell in row):
                    dataset.append((row + [""] * width)[:width])
        return dataset


IMPORT_FORMATS = [SpreadsheetCSV, base_formats.XLSX]
EXPORT_FORMATS = {"csv": base_formats.CSV, "xlsx": base_formats.XLSX, "json": base_formats.JSON}
