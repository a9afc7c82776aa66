"""The observatory's pages: thin views over ``stats`` (figures) and ``downloads`` (files). A page answers
``?download=<figure key>&format=csv|xlsx|json|svg`` with that figure's file, for its current state."""

from urllib.parse import urlencode

from django.http import Http404, HttpResponseBadRequest, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from mess_portal.pagecache import public_page
from observatory import downloads, stats
from observatory.forms import AtlasForm, PanoramaFilterForm
from observatory.live import LIVE_INDICATORS
from observatory.templatetags.charts import render_chart_svg, render_map_svg


def _download(request, *, figures=(), maps=(), tables=None):
    """The file asked for by ?download=, or None when the page itself is asked for."""
    key = request.GET.get("download")
    if key is None:
        return None
    file_format = request.GET.get("format", "csv")
    if file_format not in downloads.FORMATS:
        return HttpResponseBadRequest(_("Unknown download format: choose csv, xlsx, json or svg."))
    for figure in figures:
        if figure.key == key:
            if file_format == "svg":
                return downloads.svg_response(render_chart_svg(figure), key)
            return downloads.table_response(downloads.figure_table(figure), file_format)
    for province_map in maps:
        if province_map.key == key:
            if file_format == "svg":
                return downloads.svg_response(render_map_svg(province_map), key)
            return downloads.table_response(downloads.map_table(province_map), file_format)
    # Tables without a chart, built only when asked for: key -> function.
    if key in (tables or {}):
        if file_format == "svg":
            return HttpResponseBadRequest(_("This table has no chart: choose csv, xlsx or json."))
        return downloads.table_response(tables[key](), file_format)
    raise Http404(_("No such figure on this page."))


def download_links(request, key: str, *, state: dict, svg: bool = True) -> list[tuple[str, str]]:
    """(label, url) of a figure's files, for the page's state (its canonical query string)."""
    params = QueryDict(mutable=True)
    params.update(state)
    links = []
    for file_format in ("csv", "xlsx", "json", *(["svg"] if svg else [])):
        params["download"], params["format"] = key, file_format
        links.append((file_format.upper(), f"{request.path}?{params.urlencode()}"))
    return links


def with_links(request, figures, *, state: dict) -> list[tuple]:
    return [(figure, download_links(request, figure.key, state=state)) for figure in figures]


def cached_html(request, name: str, state: dict, template: str, context) -> str:
    """A part of a page rendered once per state and language, then read from the cache with the figures
    it shows (the charts' SVG and tables are most of a page's rendering time). ``context`` is a function,
    called only when the part is rendered."""
    key = request.path + "?" + urlencode(sorted(state.items()))
    html = stats.cached(name, lambda: str(render_to_string(template, context(), request=request)), key)
    return mark_safe(html)  # rendered by our templates, which escape every value


def directory_url(filters: stats.Filters) -> str:
    """The directory's list of the same structures (its own parameter names)."""
    names = {"year_from": "founded_from", "year_to": "founded_to"}
    params = {names.get(key, key): value for key, value in filters.as_params().items()}
    return reverse("actors:list") + (f"?{urlencode(params)}" if params else "")


@require_safe
@public_page
def index(request):
    form = PanoramaFilterForm(request.GET if request.GET else None)
    filters = form.filters()
    figures = stats.panorama_figures(filters)
    key_figures = stats.key_figures(filters)
    response = _download(
        request,
        figures=figures,
        tables={
            "key-figures": lambda: downloads.key_figures_table(
                "key-figures",
                _("Key figures") + (f" ({note})" if (note := stats.filters_note(filters)) else ""),
                key_figures,
            )
        },
    )
    if response:
        return response
    state = filters.as_params()
    body = cached_html(
        request,
        "panorama-body",
        state,
        "observatory/includes/panorama_body.html",
        lambda: {
            "key_figures": key_figures,
            "key_figures_links": download_links(request, "key-figures", state=state, svg=False),
            "figures": with_links(request, figures, state=state),
            "indicators": [(key, str(live.name)) for key, live in LIVE_INDICATORS.items()]
            + [(code, indicator.name) for code, indicator in stats.published_indicators().items()],
            "provinces": stats.reference().provinces,
        },
    )
    return render(
        request,
        "observatory/panorama.html",
        {
            "form": form,
            "filters": filters,
            "selection": stats.filters_note(filters),
            "key_figures": key_figures,
            "body": body,
            "directory_url": directory_url(filters),
        },
    )


@require_safe
@public_page
def atlas(request):
    form = AtlasForm(request.GET if request.GET else None)
    key, asked_per_capita = form.choice()
    per_capita = asked_per_capita and stats.supports_per_capita(key)
    province_map = stats.province_map(key, per_capita=per_capita)
    response = _download(request, maps=[province_map])
    if response:
        return response
    state = {"indicator": key, "measure": "per-10000" if per_capita else "absolute"}
    map_html = cached_html(
        request,
        "atlas-map",
        state,
        "observatory/includes/map.html",
        lambda: {"map": province_map, "map_links": download_links(request, province_map.key, state=state)},
    )
    return render(
        request,
        "observatory/atlas.html",
        {
            "form": form,
            "map": province_map,
            "indicator_key": key,
            "indicator_url": reverse("observatory:indicator", args=[key]),
            "per_capita": per_capita,
            "per_capita_ignored": asked_per_capita and not per_capita,
            "map_html": map_html,
        },
    )


@require_safe
@public_page
def indicator(request, code):
    live = LIVE_INDICATORS.get(code)
    official = None if live else stats.published_indicators().get(code)
    if live is None and official is None:
        raise Http404(_("No such indicator."))
    figures = stats.indicator_figures(code)
    maps = []
    if live or code in dict(stats.map_indicators()):
        maps.append(stats.province_map(code))
    response = _download(
        request,
        figures=figures,
        maps=maps,
        tables={f"{code}-all-data": lambda: downloads.all_data_table(code)},
    )
    if response:
        return response
    figures_html = cached_html(
        request,
        "indicator-figures",
        {},
        "observatory/includes/figures.html",
        lambda: {
            "figures": with_links(request, figures, state={}),
            "empty_message": _("No value has been loaded for this indicator yet."),
        },
    )
    map_html = (
        cached_html(
            request,
            "indicator-map",
            {},
            "observatory/includes/map.html",
            lambda: {"map": maps[0], "map_links": download_links(request, maps[0].key, state={})},
        )
        if maps
        else ""
    )
    return render(
        request,
        "observatory/indicator.html",
        {
            "code": code,
            "live": live,
            "official": official,
            "name": live.name if live else official.name,
            "unit": live.unit if live else official.unit,
            "definition": live.definition if live else official.definition,
            "source": stats.directory_source() if live else stats.indicator_source(official),
            "figures_html": figures_html,
            "map": maps[0] if maps else None,
            "map_html": map_html,
            "all_data_links": download_links(request, f"{code}-all-data", state={}, svg=False),
        },
    )


@require_safe
@public_page
def province(request, slug):
    place = stats.reference().province(slug)
    if place is None or place.slug != slug:
        raise Http404(_("No such prefecture or province."))
    figures = stats.province_figures(slug)
    region = stats.reference().region
    comparisons = stats.province_comparisons(slug)
    official = stats.province_official(slug)
    response = _download(
        request,
        figures=figures,
        tables={
            f"{slug}-key-figures": lambda: downloads.comparison_table(
                f"{slug}-key-figures",
                place.name,
                place.name,
                region.name,
                comparisons,
                stats.directory_source(),
            ),
            f"{slug}-official-series": lambda: downloads.official_table(
                f"{slug}-official-series", place.name, place.name, region.name, official
            ),
        },
    )
    if response:
        return response
    figures_html = cached_html(
        request,
        "province-figures",
        {},
        "observatory/includes/figures.html",
        lambda: {"figures": with_links(request, figures, state={}), "empty_message": ""},
    )
    return render(
        request,
        "observatory/province.html",
        {
            "place": place,
            "region": region,
            "comparisons": comparisons,
            "comparison_links": download_links(request, f"{slug}-key-figures", state={}, svg=False),
            "figures_html": figures_html,
            "official": official,
            "official_links": download_links(request, f"{slug}-official-series", state={}, svg=False),
            "source": stats.directory_source(),
            "directory_url": reverse("actors:list") + f"?province={place.slug}",
            "provinces": stats.reference().provinces,
        },
    )
