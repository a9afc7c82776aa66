import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Avg, Count, F, Min
from django.db.models.functions import Floor
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from actors.filters import ActorFilter
from actors.forms import CorrectionForm, StructureFieldsForm
from actors.models import Actor, Proposal
from actors.resources import EXPORT_FORMATS, ActorResource
from actors.services import proposal_create
from mess_portal.antispam import over_rate_limit
from mess_portal.pagecache import public_page
from mess_portal.search import CappedPaginator

PAGE_SIZE = 20
# The map's data stays small whatever the filters: up to MAP_EXACT_POINTS structures are sent one by
# one; beyond, they are grouped server-side on a grid of MAP_CELL_DEGREES (about 5 km), one marker with a
# count per cell, at most MAP_MAX_CELLS cells (the region spans about 1,500): at 50,000 structures the
# whole directory's map went from 650 KB (126 KB gzipped) of points to a few kilobytes.
MAP_EXACT_POINTS = 1500
MAP_CELL_DEGREES = 0.05
MAP_MAX_CELLS = 2000
# A download is built in memory: the 50,000 structures of a large directory took 46 s and 700 MB as
# XLSX, for one anonymous request. Beyond this many, the visitor narrows the filters, as for the map.
EXPORT_MAX_ROWS = 10_000
# Proposals and corrections accepted from one address per hour.
PROPOSALS_PER_HOUR = 5


def _filterset(request):
    return ActorFilter(request.GET, queryset=Actor.objects.published(), request=request)


@require_safe
@public_page
def actor_list(request):
    filterset = _filterset(request)
    export_format = request.GET.get("format")
    if export_format:
        return _export(filterset, export_format)
    if filterset.cleaned().get("q"):
        # A text search counts up to 1,000 results ("more than 1,000" beyond): counting every
        # match of a common word cost more than finding the first page.
        paginator = CappedPaginator(filterset.ordered().for_list(), PAGE_SIZE)
    else:
        paginator = Paginator(filterset.ordered().for_list(), PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("view", None)
    query = params.urlencode()
    return render(
        request,
        "actors/actor_list.html",
        {
            "filterset": filterset,
            "form": filterset.form,
            "page_obj": page_obj,
            "actors": page_obj.object_list,
            "count": paginator.count,
            "count_capped": getattr(paginator, "capped", False),
            "panel": filterset.choices(),
            "chips": filterset.chips(request),
            "values": _form_values(request, filterset),
            "map_view": request.GET.get("view") == "map",
            "query": query,
            "map_data_url": reverse("actors:map_data") + (f"?{query}" if query else ""),
            "too_many_to_download": paginator.count > EXPORT_MAX_ROWS,
            "exports": [(key, key.upper()) for key in EXPORT_FORMATS],
        },
    )


def _form_values(request, filterset) -> dict:
    """What the search form shows back to the visitor."""
    cleaned = filterset.cleaned()
    values = {key: request.GET.get(key, "") for key in ("q", "founded_from", "founded_to", "sector", "label")}
    values["order"] = cleaned.get("order") or ("relevance" if cleaned.get("q") else "name")
    values["women"] = bool(cleaned.get("women"))
    values["contact"] = bool(cleaned.get("contact"))
    return values


def _export(filterset, export_format):
    format_class = EXPORT_FORMATS.get(export_format)
    if format_class is None:
        return HttpResponseBadRequest(_("Unknown download format: choose csv, xlsx or json."))
    if filterset.qs.count() > EXPORT_MAX_ROWS:
        # The whole directory is a file of the open-data page, built in the background.
        return HttpResponseBadRequest(
            _(
                "Downloads stop at 10,000 structures: narrow the search (by province, for instance) to "
                "download these results, or download the whole directory from the open-data page: %(url)s"
            )
            % {"url": reverse("opendata:index")}
        )
    file_format = format_class()
    dataset = ActorResource().export_queryset(filterset.ordered())
    data = file_format.export_data(dataset)
    response = HttpResponse(data, content_type=file_format.get_content_type())
    response["Content-Disposition"] = f'attachment; filename="acteurs-ess.{file_format.get_extension()}"'
    return response


@require_safe
@public_page
def map_data(request):
    """The markers of the same filtered set as the list, in compact JSON: ``points`` [latitude, longitude,
    name, slug] one per structure, and when there are more than MAP_EXACT_POINTS, ``clusters`` [latitude,
    longitude, count] of the grid's cells holding several (a cell holding one is a point). One query, or
    two when grouped; the size is bounded by the grid, not by the number of structures."""
    filterset = _filterset(request)
    points = filterset.qs.with_coordinates().order_by()
    name = "name_ar" if request.LANGUAGE_CODE == "ar" else "name_fr"
    rows = list(points.values_list("latitude", "longitude", name, "name_fr", "slug")[: MAP_EXACT_POINTS + 1])
    clusters = []
    if len(rows) > MAP_EXACT_POINTS:
        rows, clusters = [], []
        per_degree = round(1 / MAP_CELL_DEGREES)
        cells = (
            points.annotate(
                cell_y=Floor(F("latitude") * per_degree), cell_x=Floor(F("longitude") * per_degree)
            )
            .values("cell_y", "cell_x")
            .annotate(
                n=Count("pk"),
                lat=Avg("latitude"),
                lng=Avg("longitude"),
                label=Min(name),
                fallback=Min("name_fr"),
                slug=Min("slug"),
            )
            .order_by("-n", "cell_y", "cell_x")[:MAP_MAX_CELLS]
        )
        for cell in cells:
            if cell["n"] == 1:
                rows.append((cell["lat"], cell["lng"], cell["label"], cell["fallback"], cell["slug"]))
            else:
                clusters.append([round(float(cell["lat"]), 4), round(float(cell["lng"]), 4), cell["n"]])
    data = {
        "detail_prefix": reverse("actors:detail", args=["-"])[:-2],
        "points": [
            [round(float(lat), 5), round(float(lng), 5), label or fallback, slug]
            for lat, lng, label, fallback, slug in rows
        ],
    }
    if clusters:
        data["clusters"] = clusters
    return JsonResponse(data, json_dumps_params={"separators": (",", ":"), "ensure_ascii": False})


@require_safe
@public_page
def actor_detail(request, slug):
    actor = get_object_or_404(Actor.objects.published().for_detail(), slug=slug)
    canonical_url = request.build_absolute_uri(actor.get_absolute_url())
    return render(
        request,
        "actors/actor_detail.html",
        {
            "actor": actor,
            "canonical_url": canonical_url,
            "meta_description": _meta_description(actor),
            "json_ld": _json_ld(actor, canonical_url, request),
        },
    )


def _meta_description(actor) -> str:
    if actor.description:
        return Truncator(" ".join(actor.description.split())).chars(160)
    return _(
        "%(family)s in %(commune)s (%(province)s), in the directory of the social and solidarity economy."
    ) % {
        "family": actor.legal_family.name,
        "commune": actor.commune.name,
        "province": actor.commune.province.name,
    }


def _json_ld(actor, canonical_url, request) -> str:
    """schema.org Organization, escaped like json_script so that the text cannot close the <script>."""
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": actor.name_fr,
        "url": canonical_url,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": actor.address,
            "addressLocality": actor.commune.name_fr,
            "addressRegion": actor.commune.province.name_fr,
            "addressCountry": "MA",
        },
    }
    if actor.name_ar:
        data["alternateName"] = actor.name_ar
    if actor.description:
        data["description"] = actor.description
    if actor.creation_date:
        data["foundingDate"] = actor.creation_date.isoformat()
    if actor.phone:
        data["telephone"] = actor.phone
    if actor.email:
        data["email"] = actor.email
    if actor.website:
        data["sameAs"] = [actor.website]
    if actor.logo:
        data["logo"] = request.build_absolute_uri(actor.logo.url)
    if actor.latitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(actor.latitude),
            "longitude": float(actor.longitude),
        }
    if actor.employees is not None:
        data["numberOfEmployees"] = {"@type": "QuantitativeValue", "value": actor.employees}
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES))  # noqa: S308


_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _proposal_view(request, *, form_class, kind, actor=None):
    if request.method == "POST":
        form = form_class(request.POST)
        if over_rate_limit(request, scope="proposals", limit=PROPOSALS_PER_HOUR):
            messages.error(
                request, _("You have sent several proposals in a short time. Please try again in an hour.")
            )
            return render(
                request, "actors/proposal_form.html", {"form": form, "actor": actor, "kind": kind}, status=429
            )
        if form.is_valid():
            # A robot that filled the trap field is thanked like a person, and nothing is stored.
            if not form.is_spam:
                proposal_create(
                    kind=kind,
                    actor=actor,
                    data=form.proposed_data(),
                    message=form.cleaned_data["message"],
                    sender_name=form.cleaned_data["sender_name"],
                    sender_email=form.cleaned_data["sender_email"],
                )
            return redirect("actors:proposal_thanks")
    else:
        form = form_class(initial=form_class.initial_for(actor) if actor else None)
    return render(request, "actors/proposal_form.html", {"form": form, "actor": actor, "kind": kind})


def propose(request):
    return _proposal_view(request, form_class=StructureFieldsForm, kind=Proposal.Kind.NEW)


def correct(request, slug):
    actor = get_object_or_404(Actor.objects.published().for_detail(), slug=slug)
    return _proposal_view(request, form_class=CorrectionForm, kind=Proposal.Kind.CORRECTION, actor=actor)


@require_safe
@public_page
def proposal_thanks(request):
    return render(request, "actors/proposal_thanks.html")
