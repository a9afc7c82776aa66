"""The observatory's figures: aggregated in the database, cached, and shaped as ``figures.Figure`` and
``figures.ProvinceMap`` for the pages, the downloads and the Atlas and Panorama PDF.

Every aggregation is one query (GROUP BY with conditional aggregates), whatever the size of the directory.
Results are kept in the shared cache under the site's version (``mess_portal.pagecache``), which any
change to public data bumps (a structure, an observation, an indicator, a territory...), so a page reads
at most a handful of queries cold and none warm.

Public API (stable; the PDF generation calls it):
    key_figures(filters=None) -> list[KeyFigure]
    panorama_figures(filters=None) -> list[Figure]
    province_map(indicator_key, *, per_capita=False) -> ProvinceMap
    map_indicators() -> list[tuple[str, str]]
"""

import datetime
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actors.models import Actor
from mess_portal import pagecache
from mess_portal.i18n import current_language
from mess_portal.models import LegalFamily, Province, Region, Sector
from observatory.figures import Figure, ProvinceMap, Source
from observatory.live import LIVE_INDICATORS
from observatory.models import SEX_CATEGORIES, Breakdown, Indicator, Level, Observation

# A change is seen at once by every process sharing the cache (Redis in production). A local-memory cache
# is one per process: another worker, or the seed_demo command, cannot tell it of a change, so its figures
# are kept only five minutes.
CACHE_SECONDS = 5 * 60 if "locmem" in settings.CACHES["default"]["BACKEND"].lower() else 60 * 60
PER = 10_000  # rates per 10,000 inhabitants
# The time series shows at most this many years; creations before them are counted in the stock.
MAX_YEARS = 40
DIRECTORY_LICENCE = "CC BY 4.0"
HCP_POPULATION = "HCP, RGPH 2024"


# What each group of structures is summed into. The women's share reads only structures that gave both
# numbers, so that a structure without a count of women does not lower it.
def aggregates(prefix: str = "") -> dict:
    """The aggregates of structures, read through ``prefix`` ("actor__" from the sectors' table)."""
    return {
        "structures": Count(prefix + "pk"),
        "members": Sum(prefix + "members_total"),
        "women": Sum(prefix + "members_women"),
        "youth": Sum(prefix + "members_youth"),
        "employees": Sum(prefix + "employees"),
        "members_both": Sum(prefix + "members_total", filter=Q(**{prefix + "members_women__isnull": False})),
        "women_both": Sum(prefix + "members_women", filter=Q(**{prefix + "members_total__isnull": False})),
    }


AGGREGATES = aggregates()


# --- cache -------------------------------------------------------------------------------------------


# The site's one version: bumped by any change to public data (mess_portal.pagecache.connect_signals), and
# by ``invalidate()`` after writes that bypass signals (bulk loads).
version = pagecache.version
invalidate = pagecache.invalidate


def cached(name: str, compute, *parts, per_language=True):
    """compute(), kept under the figures' version: forgotten as soon as the data changes."""
    bits = [str(part) for part in parts]
    if per_language:
        bits.append(current_language())
    key = f"observatory:{version()}:{name}:" + ":".join(bits)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


# --- filters -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What the Panorama's form narrows the directory to (slugs and years, as in its URL)."""

    province: str = ""
    family: str = ""
    sector: str = ""
    year_from: int | None = None
    year_to: int | None = None

    def cache_key(self) -> str:
        return f"{self.province}|{self.family}|{self.sector}|{self.year_from}|{self.year_to}"

    def __bool__(self):
        return bool(self.province or self.family or self.sector or self.year_from or self.year_to)

    def as_params(self) -> dict:
        """The selection as the Panorama's query string (a permalink), without the empty parts."""
        params = {
            "province": self.province,
            "family": self.family,
            "sector": self.sector,
            "year_from": self.year_from,
            "year_to": self.year_to,
        }
        return {key: str(value) for key, value in params.items() if value}


NO_FILTERS = Filters()


def published_structures(filters: Filters | None = None):
    filters = filters or NO_FILTERS
    qs = Actor.objects.published()
    if filters.province:
        qs = qs.filter(commune__province__slug=filters.province)
    if filters.family:
        qs = qs.filter(legal_family__slug=filters.family)
    if filters.sector:
        qs = qs.in_sectors(Sector.objects.filter(slug=filters.sector))
    if filters.year_from:
        qs = qs.filter(creation_date__gte=datetime.date(filters.year_from, 1, 1))
    if filters.year_to:
        qs = qs.filter(creation_date__lte=datetime.date(filters.year_to, 12, 31))
    return qs.order_by()


# --- reference lists ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    code: str
    slug: str
    names: dict  # language -> name
    population: int | None  # HCP 2024

    @property
    def name(self) -> str:
        return self.names.get(current_language()) or self.names["fr"]


@dataclass(frozen=True)
class Reference:
    region: Place
    provinces: tuple[Place, ...]  # in HCP code order
    families: tuple[tuple[str, dict], ...]  # (slug, names) in the taxonomy's order
    sectors: tuple[tuple[str, dict], ...]
    province_ids: dict = field(default_factory=dict)  # pk -> code

    def province(self, code_or_slug: str) -> Place | None:
        return next((p for p in self.provinces if code_or_slug in (p.code, p.slug)), None)


def _names(obj) -> dict:
    return {"fr": obj.name_fr, "ar": obj.name_ar or obj.name_fr, "en": obj.name_en or obj.name_fr}


def reference() -> Reference:
    """The region, its provinces (with their 2024 population), legal families and sectors: 4 queries,
    cached."""

    def compute():
        region = Region.objects.order_by("code").first()
        provinces = list(Province.objects.order_by("code"))
        return Reference(
            region=Place(region.code, region.slug, _names(region), region.population_2024)
            if region
            else Place("", "", {"fr": ""}, None),
            provinces=tuple(Place(p.code, p.slug, _names(p), p.population_2024) for p in provinces),
            families=tuple((f.slug, _names(f)) for f in LegalFamily.objects.order_by("position", "name_fr")),
            sectors=tuple((s.slug, _names(s)) for s in Sector.objects.order_by("position", "name_fr")),
            province_ids={p.pk: p.code for p in provinces},
        )

    return cached("reference", compute, per_language=False)


def _localized(names: dict) -> str:
    return names.get(current_language()) or names["fr"]


# --- arithmetic that says "no data" rather than a wrong 0 ---------------------------------------------


def ratio(numerator, denominator, scale=1.0):
    """numerator / denominator × scale, or None when either is missing or the denominator is 0."""
    if numerator is None or not denominator:
        return None
    return float(numerator) / float(denominator) * scale


def per_10000(value, population):
    return ratio(value, population, PER)


def _derive(row: dict) -> dict:
    row = dict(row)
    row["women_share"] = ratio(row.get("women_both"), row.get("members_both"), 100)
    both = row.get("members_both")
    row["men"] = None if both is None or row.get("women_both") is None else both - row["women_both"]
    return row


EMPTY = _derive({**dict.fromkeys(AGGREGATES), "structures": 0})


# --- aggregations (one query each) -------------------------------------------------------------------


def _totals(filters: Filters) -> dict:
    return cached(
        "totals",
        lambda: _derive(published_structures(filters).aggregate(**AGGREGATES)),
        filters.cache_key(),
        per_language=False,
    )


def _grouped(name: str, group: str, filters: Filters) -> dict:
    def compute():
        rows = published_structures(filters).values(group).annotate(**AGGREGATES).order_by()
        return {row.pop(group): _derive(row) for row in rows}

    return cached(name, compute, filters.cache_key(), per_language=False)


def by_province(filters: Filters | None = None) -> dict:
    """HCP province code -> aggregates (provinces without a structure are absent)."""
    filters = filters or NO_FILTERS
    codes = reference().province_ids
    rows = _grouped("by-province", "commune__province_id", filters)
    return {codes[pk]: row for pk, row in rows.items() if pk in codes}


def by_commune(filters: Filters | None = None) -> dict:
    """Commune pk -> aggregates."""
    return _grouped("by-commune", "commune_id", filters or NO_FILTERS)


def by_family(filters: Filters | None = None) -> dict:
    """Legal family slug -> aggregates."""
    return _grouped("by-family", "legal_family__slug", filters or NO_FILTERS)


def by_sector(filters: Filters | None = None) -> dict:
    """Sector slug -> aggregates. A structure in two sectors counts in both."""
    filters = filters or NO_FILTERS

    def compute():
        through = Actor.sectors.through
        rows = (
            through.objects.filter(actor__in=published_structures(filters).values("pk"))
            .values("sector__slug")
            .annotate(**aggregates("actor__"))
            .order_by()
        )
        return {row.pop("sector__slug"): _derive(row) for row in rows}

    return cached("by-sector", compute, filters.cache_key(), per_language=False)


def by_year(filters: Filters | None = None) -> dict:
    """Creation year -> number of structures founded that year (structures without a date are left out)."""
    filters = filters or NO_FILTERS

    def compute():
        rows = (
            published_structures(filters)
            .filter(creation_date__isnull=False)
            .annotate(year=ExtractYear("creation_date"))
            .values("year")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return {row["year"]: row["n"] for row in rows}

    return cached("by-year", compute, filters.cache_key(), per_language=False)


# --- sources ------------------------------------------------------------------------------------------


def today() -> datetime.date:
    return timezone.localdate()


def directory_source(note: str = "") -> Source:
    return Source(
        name=_("MESS directory of ESS structures (published structures)"),
        licence=DIRECTORY_LICENCE,
        url=settings.SITE_URL + reverse("actors:list"),
        date=today(),
        note=note,
    )


def per_capita_note() -> str:
    return _("per 10,000 inhabitants, population of the 2024 census (HCP, CC BY 4.0)")


def indicator_source(indicator: Indicator) -> Source:
    return Source(
        name=indicator.source,
        licence=indicator.licence,
        url=indicator.link,
        date=indicator.retrieved_on,
        note=indicator.note,
    )


def filters_note(filters: Filters) -> str:
    """The selection in words, for a figure's source line ("Selection: Tétouan, cooperatives")."""
    if not filters:
        return ""
    ref = reference()
    parts = []
    if filters.province and (place := ref.province(filters.province)):
        parts.append(place.name)
    for slug, rows in ((filters.family, ref.families), (filters.sector, ref.sectors)):
        if slug:
            parts.extend(_localized(names) for s, names in rows if s == slug)
    if filters.year_from or filters.year_to:
        parts.append(
            _("founded %(start)s–%(end)s")
            % {"start": filters.year_from or "…", "end": filters.year_to or "…"}
        )
    return _("Selection: %(selection)s") % {"selection": ", ".join(parts)}


# --- key figures ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyFigure:
    key: str
    label: str
    value: float | None  # None: no data
    unit: str
    source: Source
    decimals: int = 0
    url: str = ""  # the indicator's page


def _population(filters: Filters) -> int | None:
    ref = reference()
    if filters.province:
        place = ref.province(filters.province)
        return place.population if place else None
    return ref.region.population


def key_figures(filters: Filters | None = None) -> list[KeyFigure]:
    """The Panorama's headline numbers for the selection: structures, members, women and their share,
    young members, employees, structures per 10,000 inhabitants; and the latest official value of the
    census' share of cooperative members among the employed, for the region."""
    filters = filters or NO_FILTERS

    def compute():
        totals = _totals(filters)
        note = filters_note(filters)
        source = directory_source(note)
        figures = []
        for key, indicator in LIVE_INDICATORS.items():
            figures.append(
                KeyFigure(
                    key,
                    str(indicator.name),
                    totals.get(indicator.field),
                    str(indicator.unit),
                    source,
                    indicator.decimals,
                    reverse("observatory:indicator", args=[key]),
                )
            )
        population_note = "; ".join(filter(None, [note, per_capita_note()]))
        figures.append(
            KeyFigure(
                "structures-per-10000",
                _("Structures per 10,000 inhabitants"),
                per_10000(totals["structures"], _population(filters)),
                _("per 10,000 inhabitants"),
                directory_source(population_note),
                1,
                reverse("observatory:indicator", args=["structures"]),
            )
        )
        figures.extend(_official_key_figures())
        return figures

    return cached("key-figures", compute, filters.cache_key())


# Official series shown among the key figures, for the region, when loaded.
OFFICIAL_KEY_FIGURES = ["hcp-employed-cooperative-members"]


def _official_key_figures() -> list[KeyFigure]:
    ref = reference()
    rows = (
        Observation.objects.filter(
            indicator__code__in=OFFICIAL_KEY_FIGURES,
            indicator__is_published=True,
            territory_code=ref.region.code,
            breakdown="",
        )
        .select_related("indicator")
        .order_by("indicator__position", "indicator__code", "-year")
    )
    latest = {}
    for row in rows:
        latest.setdefault(row.indicator_id, row)
    return [
        KeyFigure(
            row.indicator.code,
            f"{row.indicator.name} ({row.year})",
            float(row.value),
            row.indicator.unit,
            indicator_source(row.indicator),
            row.indicator.decimals,
            row.indicator.get_absolute_url(),
        )
        for row in latest.values()
    ]


# --- the Panorama's charts -------------------------------------------------------------------------------


def _province_axis(ref: Reference):
    names = tuple(p.name for p in ref.provinces)
    urls = tuple(reverse("observatory:province", args=[p.slug]) for p in ref.provinces)
    return names, urls


def panorama_figures(filters: Filters | None = None) -> list[Figure]:
    """The Panorama's charts, in order: structures by province (and per 10,000 inhabitants), women and
    men members by province, structures by legal family and by sector, creations per year and the
    cumulated stock."""
    filters = filters or NO_FILTERS

    def compute():
        ref = reference()
        note = filters_note(filters)
        source = directory_source(note)
        provinces = by_province(filters)
        names, urls = _province_axis(ref)
        rows = [provinces.get(p.code, EMPTY) for p in ref.provinces]
        figures = [
            Figure(
                key="structures-by-province",
                title=_("ESS structures by prefecture or province"),
                categories=names,
                series=((_("Structures"), tuple(row["structures"] for row in rows)),),
                unit=_("structures"),
                source=source,
                category_urls=urls,
            ),
            Figure(
                key="structures-per-10000-by-province",
                title=_("ESS structures per 10,000 inhabitants, by prefecture or province"),
                categories=names,
                series=(
                    (
                        _("Structures per 10,000 inhabitants"),
                        tuple(
                            per_10000(row["structures"], p.population)
                            for row, p in zip(rows, ref.provinces, strict=True)
                        ),
                    ),
                ),
                unit=_("per 10,000 inhabitants"),
                source=directory_source("; ".join(filter(None, [note, per_capita_note()]))),
                category_urls=urls,
                decimals=1,
            ),
            Figure(
                key="members-by-sex-by-province",
                title=_("Women and men members by prefecture or province"),
                categories=names,
                series=(
                    (_("Women"), tuple(row["women_both"] for row in rows)),
                    (_("Men"), tuple(row["men"] for row in rows)),
                ),
                kind="stacked",
                unit=_("members"),
                source=directory_source(
                    "; ".join(
                        filter(None, [note, _("structures that gave both their members and their women")])
                    )
                ),
                category_urls=urls,
            ),
            family_figure(filters),
            sector_figure(filters),
            *year_figures(filters),
        ]
        return figures

    return cached("panorama", compute, filters.cache_key())


def family_figure(filters: Filters, *, key="structures-by-family") -> Figure:
    ref = reference()
    families = by_family(filters)
    return Figure(
        key=key,
        title=_("ESS structures by legal family"),
        categories=tuple(_localized(names) for _slug, names in ref.families),
        series=(
            (_("Structures"), tuple(families.get(slug, EMPTY)["structures"] for slug, _n in ref.families)),
        ),
        unit=_("structures"),
        source=directory_source(filters_note(filters)),
    )


def sector_figure(filters: Filters, *, key="structures-by-sector") -> Figure:
    ref = reference()
    sectors = by_sector(filters)
    # Sectors without any structure would make a long empty chart: only those with some, largest first.
    present = sorted(
        ((slug, names) for slug, names in ref.sectors if sectors.get(slug)),
        key=lambda item: -sectors[item[0]]["structures"],
    )
    return Figure(
        key=key,
        title=_("ESS structures by sector of activity"),
        categories=tuple(_localized(names) for _slug, names in present),
        series=((_("Structures"), tuple(sectors[slug]["structures"] for slug, _n in present)),),
        unit=_("structures"),
        source=directory_source(
            "; ".join(
                filter(None, [filters_note(filters), _("a structure in several sectors counts in each")])
            )
        ),
    )


def year_figures(filters: Filters) -> list[Figure]:
    """Creations per year and the cumulated stock of the structures still listed, over the years the
    data covers (the last MAX_YEARS at most; earlier creations start the stock)."""
    years = by_year(filters)
    source = directory_source(
        "; ".join(filter(None, [filters_note(filters), _("structures with a known creation date")]))
    )
    if years:
        last = max(filters.year_to or max(years), min(years))
        first = max(filters.year_from or min(years), min(years), last - MAX_YEARS + 1)
        axis = list(range(first, last + 1))
    else:
        axis = []
    stock = sum(n for year, n in years.items() if axis and year < axis[0])
    stocks = []
    for year in axis:
        stock += years.get(year, 0)
        stocks.append(stock)
    categories = tuple(str(year) for year in axis)
    return [
        Figure(
            key="creations-by-year",
            title=_("Creations of ESS structures per year"),
            categories=categories,
            series=((_("Creations"), tuple(years.get(year, 0) for year in axis)),),
            kind="line",
            unit=_("structures"),
            source=source,
        ),
        Figure(
            key="stock-by-year",
            title=_("Stock of ESS structures, cumulated by year of creation"),
            categories=categories,
            series=((_("Structures"), tuple(stocks)),),
            kind="line",
            unit=_("structures"),
            source=source,
        ),
    ]


# --- maps ----------------------------------------------------------------------------------------------


def map_indicators() -> list[tuple[str, str]]:
    """(key, label) of what the Atlas can map: the live figures, then the published official series that
    have values by province."""

    def compute():
        live = [(key, str(indicator.name)) for key, indicator in LIVE_INDICATORS.items()]
        official = [
            (indicator.code, indicator.name)
            for indicator in Indicator.objects.published().by_province().ordered()
        ]
        return live + official

    return cached("map-indicators", compute)


def supports_per_capita(indicator_key: str) -> bool:
    if indicator_key in LIVE_INDICATORS:
        return LIVE_INDICATORS[indicator_key].is_count
    indicator = _official(indicator_key)
    return bool(indicator and indicator.is_count)


def published_indicators() -> dict[str, Indicator]:
    """code -> published official indicator, in the order of their positions (one query, cached)."""
    return cached(
        "indicators", lambda: {i.code: i for i in Indicator.objects.published().ordered()}, per_language=False
    )


def _official(code: str) -> Indicator | None:
    return published_indicators().get(code)


def province_map(indicator_key: str, *, per_capita: bool = False) -> ProvinceMap:
    """The eight prefectures and provinces coloured by a live figure or by the latest year of an official
    series, absolute or per 10,000 inhabitants (HCP 2024). Per capita is ignored for shares and rates (the
    map's title says what is shown). Raises LookupError for an unknown key."""
    if indicator_key not in LIVE_INDICATORS and _official(indicator_key) is None:
        raise LookupError(indicator_key)
    per_capita = per_capita and supports_per_capita(indicator_key)

    def compute():
        ref = reference()
        names = {p.code: p.name for p in ref.provinces}
        urls = {p.code: reverse("observatory:province", args=[p.slug]) for p in ref.provinces}
        if indicator_key in LIVE_INDICATORS:
            live = LIVE_INDICATORS[indicator_key]
            rows = by_province()
            values = {p.code: rows.get(p.code, EMPTY).get(live.field) for p in ref.provinces}
            if live.field == "structures":
                values = {code: value or 0 for code, value in values.items()}
            title, unit, decimals = str(live.name), str(live.unit), live.decimals
            source = directory_source(per_capita_note() if per_capita else "")
        else:
            indicator = _official(indicator_key)
            values, year = official_by_province(indicator)
            title = f"{indicator.name} ({year})" if year else indicator.name
            unit, decimals = indicator.unit, indicator.decimals
            source = indicator_source(indicator)
            if per_capita:
                source = replace(source, note="; ".join(filter(None, [source.note, per_capita_note()])))
        if per_capita:
            values = {p.code: per_10000(values.get(p.code), p.population) for p in ref.provinces}
            title = _("%(indicator)s per 10,000 inhabitants") % {"indicator": title}
            unit, decimals = _("per 10,000 inhabitants"), max(decimals, 1)
        return ProvinceMap(
            key=f"map-{indicator_key}" + ("-per-10000" if per_capita else ""),
            title=title,
            values=values,
            names=names,
            urls=urls,
            unit=unit,
            source=source,
            decimals=decimals,
        )

    return cached("map", compute, indicator_key, per_capita)


def official_by_province(indicator: Indicator, year: int | None = None) -> tuple[dict, int | None]:
    """HCP province code -> value of the given year (by default the latest with values by province)."""
    rows = Observation.objects.filter(indicator=indicator, level=Level.PROVINCE, breakdown="")
    if year is None:
        year = rows.order_by("-year").values_list("year", flat=True).first()
    values = {
        code: float(value) for code, value in rows.filter(year=year).values_list("territory_code", "value")
    }
    ref = reference()
    return {p.code: values.get(p.code) for p in ref.provinces}, year


# --- an indicator's page ---------------------------------------------------------------------------------


def indicator_figures(indicator_key: str) -> list[Figure]:
    """The charts of an indicator's page. Raises LookupError for an unknown key."""
    if indicator_key in LIVE_INDICATORS:
        return cached("indicator-figures", lambda: _live_indicator_figures(indicator_key), indicator_key)
    indicator = _official(indicator_key)
    if indicator is None:
        raise LookupError(indicator_key)
    return cached("indicator-figures", lambda: _official_indicator_figures(indicator), indicator_key)


def _live_indicator_figures(key: str) -> list[Figure]:
    live = LIVE_INDICATORS[key]
    ref = reference()
    names, urls = _province_axis(ref)
    rows = by_province()
    values = tuple(rows.get(p.code, EMPTY).get(live.field) for p in ref.provinces)
    if live.field == "structures":
        values = tuple(value or 0 for value in values)
    figures = [
        Figure(
            key=f"{key}-by-province",
            title=_("%(indicator)s by prefecture or province") % {"indicator": live.name},
            categories=names,
            series=((str(live.name), values),),
            unit=str(live.unit),
            source=directory_source(),
            category_urls=urls,
            decimals=live.decimals,
        )
    ]
    if live.is_count:
        figures.append(
            Figure(
                key=f"{key}-per-10000-by-province",
                title=_("%(indicator)s per 10,000 inhabitants, by prefecture or province")
                % {"indicator": live.name},
                categories=names,
                series=(
                    (
                        _("per 10,000 inhabitants"),
                        tuple(per_10000(v, p.population) for v, p in zip(values, ref.provinces, strict=True)),
                    ),
                ),
                unit=_("per 10,000 inhabitants"),
                source=directory_source(per_capita_note()),
                category_urls=urls,
                decimals=1,
            )
        )
    return figures


def _category_label(breakdown: str, category: str) -> str:
    ref = reference()
    if breakdown == Breakdown.SEX:
        return str(SEX_CATEGORIES.get(category, category))
    if breakdown in (Breakdown.SECTOR, Breakdown.LEGAL_FAMILY):
        rows = ref.sectors if breakdown == Breakdown.SECTOR else ref.families
        return next((_localized(names) for slug, names in rows if slug == category), category)
    from observatory.models import AREA_CATEGORIES

    return str(AREA_CATEGORIES.get(category, category))


def _official_indicator_figures(indicator: Indicator) -> list[Figure]:
    ref = reference()
    source = indicator_source(indicator)
    observations = list(
        Observation.objects.filter(indicator=indicator)
        .exclude(level=Level.COMMUNE)
        .values_list("territory_code", "year", "breakdown", "category", "value")
    )
    totals = {
        (code, year): float(value) for code, year, breakdown, _c, value in observations if not breakdown
    }
    years = sorted({year for _code, year, *_rest in observations})
    places = [ref.region, *ref.provinces]
    figures = []
    if not years:
        return figures
    latest = years[-1]
    names, urls = _province_axis(ref)
    province_values = tuple(totals.get((p.code, latest)) for p in ref.provinces)
    if any(value is not None for value in province_values):
        figures.append(
            Figure(
                key=f"{indicator.code}-by-province-{latest}",
                title=_("%(indicator)s by prefecture or province, %(year)s")
                % {"indicator": indicator.name, "year": latest},
                categories=names,
                series=((indicator.name, province_values),),
                unit=indicator.unit,
                source=source,
                category_urls=urls,
                decimals=indicator.decimals,
            )
        )
    if len(years) > 1:
        series = []
        for place in places:
            values = tuple(totals.get((place.code, year)) for year in years)
            if any(value is not None for value in values):
                series.append((place.name, values))
        if series:
            figures.append(
                Figure(
                    key=f"{indicator.code}-by-year",
                    title=_("%(indicator)s by year") % {"indicator": indicator.name},
                    categories=tuple(str(year) for year in years),
                    series=tuple(series),
                    kind="line",
                    unit=indicator.unit,
                    source=source,
                    decimals=indicator.decimals,
                )
            )
    if indicator.breakdown:
        split = {
            (code, category): float(value)
            for code, year, breakdown, category, value in observations
            if breakdown and year == latest
        }
        categories = sorted({category for _code, category in split})
        shown = [place for place in places if any((place.code, c) in split for c in categories)]
        if shown and categories:
            figures.append(
                Figure(
                    key=f"{indicator.code}-by-{indicator.breakdown.replace('_', '-')}-{latest}",
                    title=_("%(indicator)s by %(breakdown)s, %(year)s")
                    % {
                        "indicator": indicator.name,
                        "breakdown": indicator.get_breakdown_display(),
                        "year": latest,
                    },
                    categories=tuple(place.name for place in shown),
                    series=tuple(
                        (
                            _category_label(indicator.breakdown, category),
                            tuple(split.get((place.code, category)) for place in shown),
                        )
                        for category in categories
                    ),
                    unit=indicator.unit,
                    source=source,
                    decimals=indicator.decimals,
                )
            )
    return figures


# --- a province's page -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """A figure of a province beside the region's, and the province's share of the region."""

    key: str
    label: str
    unit: str
    province: float | None
    region: float | None
    share: float | None  # % of the region's value; None for rates and shares
    decimals: int = 0


def province_comparisons(province_slug: str) -> list[Comparison]:
    ref = reference()
    place = ref.province(province_slug)
    if place is None:
        raise LookupError(province_slug)

    def compute():
        region = _totals(NO_FILTERS)
        mine = by_province().get(place.code, EMPTY)
        rows = []
        for key, live in LIVE_INDICATORS.items():
            value = mine.get(live.field)
            if live.field == "structures":
                value = value or 0
            total = region.get(live.field)
            rows.append(
                Comparison(
                    key,
                    str(live.name),
                    str(live.unit),
                    value,
                    total,
                    ratio(value, total, 100) if live.is_count else None,
                    live.decimals,
                )
            )
        rows.append(
            Comparison(
                "structures-per-10000",
                _("Structures per 10,000 inhabitants"),
                _("per 10,000 inhabitants"),
                per_10000(mine["structures"] or 0, place.population),
                per_10000(region["structures"], ref.region.population),
                None,
                1,
            )
        )
        rows.append(
            Comparison(
                "population",
                _("Population (2024 census)"),
                _("inhabitants"),
                place.population,
                ref.region.population,
                ratio(place.population, ref.region.population, 100),
            )
        )
        return rows

    return cached("province-comparisons", compute, place.code)


def province_figures(province_slug: str) -> list[Figure]:
    """Structures by legal family, by sector and by commune, for one province."""
    ref = reference()
    place = ref.province(province_slug)
    if place is None:
        raise LookupError(province_slug)

    def compute():
        from mess_portal.models import Commune

        filters = Filters(province=place.slug)
        communes = list(Commune.objects.filter(province__code=place.code).order_by("code"))
        rows = by_commune(filters)
        present = sorted(
            (c for c in communes if rows.get(c.pk)), key=lambda c: (-rows[c.pk]["structures"], c.code)
        )
        return [
            family_figure(filters, key=f"{place.slug}-by-family"),
            sector_figure(filters, key=f"{place.slug}-by-sector"),
            Figure(
                key=f"{place.slug}-by-commune",
                title=_("ESS structures by commune"),
                categories=tuple(c.name for c in present),
                series=((_("Structures"), tuple(rows[c.pk]["structures"] for c in present)),),
                unit=_("structures"),
                source=directory_source(filters_note(filters)),
            ),
        ]

    return cached("province-figures", compute, place.code)


@dataclass(frozen=True)
class OfficialValue:
    indicator: str
    name: str
    url: str
    year: int
    value: float
    region_value: float | None
    unit: str
    decimals: int
    source: Source


def province_official(province_slug: str) -> list[OfficialValue]:
    """The latest value of each published official series for the province, beside the region's."""
    ref = reference()
    place = ref.province(province_slug)
    if place is None:
        raise LookupError(province_slug)

    def compute():
        rows = (
            Observation.objects.filter(
                indicator__is_published=True, territory_code__in=[place.code, ref.region.code], breakdown=""
            )
            .select_related("indicator")
            .order_by("indicator__position", "indicator__code", "-year")
        )
        latest, region = {}, {}
        for row in rows:
            if row.territory_code == place.code:
                latest.setdefault(row.indicator_id, row)
            else:
                region.setdefault((row.indicator_id, row.year), float(row.value))
        return [
            OfficialValue(
                row.indicator.code,
                row.indicator.name,
                row.indicator.get_absolute_url(),
                row.year,
                float(row.value),
                region.get((row.indicator_id, row.year)),
                row.indicator.unit,
                row.indicator.decimals,
                indicator_source(row.indicator),
            )
            for row in latest.values()
        ]

    return cached("province-official", compute, place.code)
