"""What a chart or a map shows, apart from how it is drawn.

The same values feed the SVG on the page, the table beside it, the downloads (CSV, XLSX, JSON, SVG) and
the Atlas and Panorama PDF: the aggregations build these objects once, and each renderer reads them.
"""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Source:
    """Where a figure comes from: shown under every chart and written in every download."""

    name: str  # "Annuaire de la MESS (structures publiées)", "HCP, RGPH 2024"
    licence: str = ""  # "CC BY 4.0"
    url: str = ""
    date: datetime.date | None = None  # extraction date (live figures) or retrieval date (official series)
    note: str = ""  # what was computed from the source, e.g. "per 10,000 inhabitants, HCP population 2024"


@dataclass(frozen=True)
class Figure:
    """A chart and the table behind it: one value per category for each series.

    ``kind`` is "bar" (one series, or grouped), "stacked" (the series add up, e.g. women and men) or
    "line" (categories are years, in order). A value of None is "no data", drawn as such, never as 0.
    """

    key: str  # unique on a page: element ids and download file names (letters, digits, hyphens)
    title: str
    categories: tuple[str, ...]  # labels along the axis: provinces, families, sectors, years...
    series: tuple[tuple[str, tuple[float | None, ...]], ...]  # (series name, one value per category)
    kind: str = "bar"
    unit: str = ""  # shown with the values: "structures", "%", "members"
    source: Source | None = None
    category_urls: tuple[str, ...] = ()  # optional: a link per category (a province's page)
    decimals: int = 0


@dataclass(frozen=True)
class ProvinceMap:
    """A choropleth of the region's eight prefectures and provinces, keyed by HCP code ("01.511")."""

    key: str
    title: str
    values: dict[str, float | None]  # HCP province code -> value; None (or missing): no data
    names: dict[str, str]  # HCP province code -> name in the active language
    urls: dict[str, str] = field(default_factory=dict)  # HCP province code -> the province's page
    unit: str = ""
    source: Source | None = None
    decimals: int = 0
