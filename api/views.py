"""The read-only public API (/api/v1/): lists and details of what the public pages show.

Every view: GET, HEAD and OPTIONS only; JSON only; no session, no cookie; the client's address rate
limited; an ETag and a Last-Modified from the data version (api.versioning), answered 304 when the
client's copy is current; JSON errors (api.errors)."""

import hashlib

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework import viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from actors.filters import ActorFilter
from actors.models import Actor, ActorPhoto
from api import examples, schema, versioning
from api.errors import NotModified, PreconditionFailed
from api.filters import (
    ApiDocumentFilter,
    ApiEventFilter,
    IndicatorFilter,
    LaureateFilter,
    ObservationFilter,
    document_years,
)
from api.schema import slug_parameter
from api.serializers import (
    DocumentSerializer,
    EventSerializer,
    IndicatorSerializer,
    LaureateSerializer,
    ObservationSerializer,
    StructureSerializer,
    SupportServiceSerializer,
)
from events.models import ContestEdition, Event, Laureate
from library.filters import DocumentFilter
from library.models import Document, Theme
from mess_portal.models import Province, Sector
from observatory.models import Indicator, Observation
from support.filters import SupportServiceFilter
from support.models import SupportService


class PublicReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    http_method_names = ["get", "head", "options"]
    _validators = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD"):
            return
        version, started = versioning.data_version()
        key = f"{version}|{get_language()}|{request.accepted_media_type}|{request.get_full_path()}"
        etag = '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'
        self._validators = (etag, started)
        answer = get_conditional_response(request._request, etag=etag, last_modified=started)
        if answer is not None and answer.status_code == 304:
            raise NotModified(etag, http_date(started))
        if answer is not None:
            raise PreconditionFailed()

    def filter_queryset(self, queryset):
        # A detail is found by its identifier alone: the list's filters do not apply to it.
        if self.action == "retrieve":
            return queryset
        return super().filter_queryset(queryset)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self._validators and response.status_code == 200:
            etag, started = self._validators
            response["ETag"] = etag
            response["Last-Modified"] = http_date(started)
            patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
        return response


def documented(record, *, summary, one, description=None, parameters=None, one_description=None, lookup):
    """The OpenAPI description of a resource's list and detail: their summaries and descriptions, the
    list's filters (``parameters``), the detail's path parameter (``lookup``) and an example ``record``
    shown in a page of results and alone."""
    return extend_schema_view(
        list=extend_schema(
            summary=summary,
            description=description,
            parameters=parameters,
            examples=[examples.list_example(record)],
        ),
        retrieve=extend_schema(
            summary=one,
            description=one_description,
            parameters=[lookup],
            examples=[examples.detail_example(record)],
        ),
    )


def id_parameter(description):
    return OpenApiParameter("id", int, OpenApiParameter.PATH, description=description)


class BySlug:
    # A detail found by its slug (the last part of its page's address). A comment, not a docstring:
    # drf-spectacular would take a docstring for the operations' description.

    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"


@documented(
    examples.STRUCTURE,
    summary=_("Structures of the directory"),
    description=_(
        "The published structures of the ESS directory (cooperatives, associations, mutuals...), "
        "with the directory page's filters: text search `q` (names, acronym, products, description, "
        "place names; accents and Arabic spelling variants ignored), legal family, sector, province, "
        "commune, label (each may be repeated: any of them), founding years, women's structures, "
        "structures with contact details. Ordered by name (French), or as `order` says; the tie "
        "is broken by the internal id."
    ),
    parameters=schema.STRUCTURE_PARAMETERS,
    one=_("One structure"),
    one_description=_("A published structure, by its slug (the last part of its page's address)."),
    lookup=slug_parameter(_("The structure's slug, e.g. cooperative-tifaouine.")),
)
class StructureViewSet(BySlug, PublicReadOnlyViewSet):
    serializer_class = StructureSerializer
    filterset_class = ActorFilter

    def get_queryset(self):
        queryset = (
            Actor.objects.published()
            .for_list()
            .prefetch_related(
                "labels", Prefetch("photos", queryset=ActorPhoto.objects.order_by("position", "pk"))
            )
        )
        return queryset


@documented(
    examples.SERVICE,
    summary=_("Support services"),
    description=_(
        "The published services of the support catalogue, offered by published organisations, "
        "with the catalogue page's filters: words `q`, the project's stage, the need, the commune "
        "(services covering it first), the kind of support, the public, the province where the "
        "service is open, the cost. Ordered by name (French) then id; with `commune`, the services "
        "that cover it come first."
    ),
    parameters=schema.SERVICE_PARAMETERS,
    one=_("One support service"),
    lookup=slug_parameter(_("The service's slug.")),
)
class SupportServiceViewSet(BySlug, PublicReadOnlyViewSet):
    serializer_class = SupportServiceSerializer
    filterset_class = SupportServiceFilter

    def get_queryset(self):
        return SupportService.objects.published().for_detail().order_by("name_fr", "pk")


@documented(
    examples.DOCUMENT,
    summary=_("Documents of the library"),
    description=_(
        "The published documents of the library (Atlas, Panorama, studies, guides, legal texts, "
        "newsletters), with the library page's filters: words `q` (titles, summaries and the text "
        "of the PDF), kind, year (a year that has documents), language (a bilingual document counts "
        "as French and as Arabic), theme, province; and its sort (`sort`): by relevance when "
        "searching, else newest first; ties broken by id. Each document gives the address of its PDF."
    ),
    parameters=schema.DOCUMENT_PARAMETERS,
    one=_("One document"),
    lookup=slug_parameter(_("The document's slug.")),
)
class DocumentViewSet(BySlug, PublicReadOnlyViewSet):
    serializer_class = DocumentSerializer
    filterset_class = ApiDocumentFilter

    def get_queryset(self):
        return (
            Document.objects.published()
            .for_cards()
            .prefetch_related(
                Prefetch("themes", queryset=Theme.objects.ordered()),
                Prefetch("sectors", queryset=Sector.objects.ordered()),
                Prefetch("provinces", queryset=Province.objects.order_by("code")),
            )
            .order_by("-year", "-pk")
        )

    def get_filterset_extra_kwargs(self):
        return {"years": document_years()}

    def post_filter(self, filterset):
        data = filterset.form.cleaned_data
        terms = (data.get("q") or "").strip()
        documents = filterset.qs
        if terms:
            documents = documents.matching(terms, excerpts=False)
        return DocumentFilter.order(documents, data.get("sort") or "relevance", searching=bool(terms))


@documented(
    examples.INDICATOR,
    summary=_("Indicators of the observatory"),
    description=_(
        "The published series of the observatory (ODCO, HCP...), each with its unit, definition, "
        "source, licence and retrieval date. Ordered as on the observatory's pages, then by code."
    ),
    one=_("One indicator"),
    lookup=slug_parameter(_("The indicator's code, e.g. odco-cooperatives."), name="code"),
)
class IndicatorViewSet(PublicReadOnlyViewSet):
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter
    lookup_field = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def get_queryset(self):
        return Indicator.objects.published().order_by("position", "code", "pk")


@documented(
    examples.OBSERVATION,
    summary=_("Values of the observatory's series"),
    description=_(
        "The values of the published indicators: filter by indicator (its code), territory (an HCP "
        "code: region 01, province 01.511, commune 01.511.01.0), province (its slug: the province "
        "and its communes), level, year or years, breakdown (`none` for the totals). Ordered by "
        "indicator, year, territory code, breakdown, category, then id."
    ),
    parameters=schema.OBSERVATION_PARAMETERS,
    one=_("One value"),
    lookup=id_parameter(_("The value's id.")),
)
class ObservationViewSet(PublicReadOnlyViewSet):
    serializer_class = ObservationSerializer
    filterset_class = ObservationFilter
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return Observation.objects.filter(indicator__is_published=True).select_related("indicator")


@documented(
    examples.EVENT,
    summary=_("Events"),
    description=_(
        "The published events of the MESS (cancelled ones say so), with the events page's filters: "
        "kind, province, month (a local month, YYYY-MM: the events under way during it) and "
        "`when` (upcoming or past; every event without it). Ordered by start, then id."
    ),
    parameters=schema.EVENT_PARAMETERS,
    one=_("One event"),
    lookup=slug_parameter(_("The event's slug.")),
)
class EventViewSet(BySlug, PublicReadOnlyViewSet):
    serializer_class = EventSerializer
    filterset_class = ApiEventFilter

    def get_queryset(self):
        return (
            Event.objects.published()
            .select_related("commune__province", "organiser")
            .order_by("starts_at", "pk")
        )


@documented(
    examples.LAUREATE,
    summary=_("Laureates of the regional contest"),
    description=_(
        "The laureates of the editions of the regional ESS contest whose results are published: "
        "the structure, its category, rank and prize. Filter by edition (`year`) or category (its "
        "id). Newest edition first, then category, rank and id."
    ),
    parameters=schema.LAUREATE_PARAMETERS,
    one=_("One laureate"),
    lookup=id_parameter(_("The laureate's id.")),
)
class LaureateViewSet(PublicReadOnlyViewSet):
    serializer_class = LaureateSerializer
    filterset_class = LaureateFilter
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return Laureate.objects.filter(edition__status=ContestEdition.Status.PUBLISHED).select_related(
            "edition", "category", "application__actor"
        )


def openapi_document(language="en") -> dict:
    """The OpenAPI description in ``language`` (English for openapi.json; the API's page shows it in
    the page's language), made once per process and language."""
    if language not in _documents:
        from drf_spectacular.generators import SchemaGenerator

        with translation.override(language):
            _documents[language] = SchemaGenerator(urlconf="api.urls_for_schema").get_schema(
                request=None, public=True
            )
    return _documents[language]


_documents: dict[str, dict] = {}


class OpenApiView(SpectacularJSONAPIView):
    """The OpenAPI 3 description, as JSON (cached per process: it depends on the code, not the data)."""

    http_method_names = ["get", "head", "options"]
    _cached = None

    def _get_schema_response(self, request):
        if OpenApiView._cached is None:
            OpenApiView._cached = openapi_document()
        return Response(
            OpenApiView._cached, headers={"Content-Disposition": 'inline; filename="openapi.json"'}
        )


class ApiRootView(APIView):
    """/api/v1/: where each resource's list is, and the description."""

    http_method_names = ["get", "head", "options"]
    schema = None

    def get(self, request):
        resources = ["structure", "service", "document", "indicator", "observation", "event", "laureate"]
        body = {name + "s": request.build_absolute_uri(reverse(f"api:{name}-list")) for name in resources}
        body["openapi"] = request.build_absolute_uri(reverse("api:openapi"))
        with translation.override(settings.LANGUAGE_CODE):
            body["documentation"] = request.build_absolute_uri(reverse("apidoc:index"))
        return Response(body)
