"""What drf-spectacular cannot see by itself: the errors every operation may answer, the caching and
rate-limit headers, and the path parameters' shape."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter

ERROR_SCHEMA = {
    "type": "object",
    "description": "An error, in JSON.",
    "properties": {
        "status": {"type": "integer", "description": "The HTTP status, repeated."},
        "detail": {"type": "string", "description": "What went wrong, in words."},
    },
    "required": ["status", "detail"],
}
BAD_REQUEST_SCHEMA = {
    "type": "object",
    "description": "Invalid query parameters, each with its messages.",
    "properties": {
        "status": {"type": "integer", "enum": [400]},
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": "Messages by parameter name.",
        },
    },
    "required": ["status", "detail", "errors"],
}
CACHE_HEADERS = {
    "ETag": {"description": "Changes when the data does.", "schema": {"type": "string"}},
    "Last-Modified": {"description": "When the published data last changed.", "schema": {"type": "string"}},
}


def _error(description, schema_name, example, headers=None):
    response = {
        "description": description,
        "content": {
            "application/json": {
                "schema": {"$ref": f"#/components/schemas/{schema_name}"},
                "examples": {"error": {"value": example}},
            }
        },
    }
    if headers:
        response["headers"] = headers
    return response


def add_errors_and_headers(result, generator, request, public):
    """Postprocessing hook: every operation documents 304, 404, 429 (and 400 for lists) and the
    headers of its 200 answer."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    schemas["BadRequest"] = BAD_REQUEST_SCHEMA
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in ("get", "head"):
                continue
            responses = operation.setdefault("responses", {})
            if "200" in responses:
                responses["200"].setdefault("headers", {}).update(CACHE_HEADERS)
            responses["304"] = {
                "description": "Not modified: the ETag given in If-None-Match (or the date in "
                "If-Modified-Since) is still current. No body.",
                "headers": CACHE_HEADERS,
            }
            is_list = not path.rstrip("/").endswith("}")
            if is_list:
                responses["400"] = _error(
                    "A query parameter is invalid (an unknown filter value, a malformed year, a page size "
                    "out of range).",
                    "BadRequest",
                    {
                        "status": 400,
                        "detail": "Invalid query parameters.",
                        "errors": {
                            "family": ["Select a valid choice. inconnue is not one of the available choices."]
                        },
                    },
                )
            responses["404"] = _error(
                "No such record (or not published), or a page beyond the last.",
                "Error",
                {"status": 404, "detail": "Not found."},
            )
            responses["429"] = _error(
                "Too many requests from this address: wait the number of seconds in Retry-After.",
                "Error",
                {"status": 429, "detail": "Request was throttled. Expected available in 42 seconds."},
                headers={"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}},
            )
    return result


def slug_parameter(description, name="slug"):
    return OpenApiParameter(
        name,
        str,
        OpenApiParameter.PATH,
        description=description,
        pattern="^[-a-zA-Z0-9_]+$",
    )


ANY = _("Repeat the parameter for several: any of them.")


def _query(
    name, description, *, many=False, kind=str, example=None, pattern=None, minimum=None, maximum=None
):
    schema = None
    if kind is int and (minimum is not None or maximum is not None):
        schema = {"type": "integer"}
        if minimum is not None:
            schema["minimum"] = minimum
        if maximum is not None:
            schema["maximum"] = maximum
    if pattern and not many:
        schema = {"type": "string", "pattern": pattern}
    if many:
        description = format_lazy("{} {}", description, ANY)
    parameter = OpenApiParameter(
        name,
        schema if schema is not None else kind,
        OpenApiParameter.QUERY,
        description=description,
        many=many,
        explode=True if many else None,
        examples=[],
    )
    if example is not None:
        from drf_spectacular.utils import OpenApiExample

        parameter.examples = [OpenApiExample(name, value=[example] if many else example)]
    return parameter


SEARCH = _query(
    "q", _("Words to find (all of them), accents and Arabic spelling variants ignored."), example="couscous"
)

STRUCTURE_PARAMETERS = [
    SEARCH,
    _query(
        "family",
        _("Slug of a legal family (cooperative, association, mutuelle...)."),
        many=True,
        example="cooperative",
    ),
    _query(
        "sector",
        _("Slug of a sector of activity (agriculture, artisanat...)."),
        many=True,
        example="agriculture",
    ),
    _query(
        "province",
        _("Slug of a prefecture or province, e.g. tanger-assilah, tetouan, al-hoceima."),
        many=True,
        example="tanger-assilah",
    ),
    _query("commune", _("Slug of a commune, e.g. tanger, chefchaouen."), many=True, example="tanger"),
    _query("label", _("Slug of a label."), many=True),
    _query(
        "founded_from", _("Founded this year or later."), kind=int, minimum=1900, maximum=2100, example=2010
    ),
    _query(
        "founded_to", _("Founded this year or earlier."), kind=int, minimum=1900, maximum=2100, example=2020
    ),
]
SERVICE_PARAMETERS = [
    SEARCH,
    _query(
        "stage",
        _(
            "Slug of the project's stage (idee, creation, demarrage, developpement): the services for it and those for every stage."
        ),
        example="creation",
    ),
    _query("need", _("Slug of a need (financement, formation...)."), example="financement"),
    _query(
        "commune",
        _("Slug of a commune: it does not narrow the list, the services that cover it come first."),
        example="tanger",
    ),
    _query(
        "kind",
        _("Slug of a kind of support (information, accompagnement, formation...)."),
        example="formation",
    ),
    _query(
        "public",
        _("Slug of a public (femmes, jeunes...): the services for it and those open to all."),
        example="femmes",
    ),
    _query("province", _("Slug of a prefecture or province: the services open there."), example="tetouan"),
]
DOCUMENT_PARAMETERS = [
    SEARCH,
    _query(
        "year", _("A year that has published documents."), kind=int, minimum=1950, maximum=2100, example=2025
    ),
    _query("theme", _("Slug of a theme of the library."), example="emploi"),
    _query(
        "province",
        _("Slug of a prefecture or province, e.g. tanger-assilah, tetouan, al-hoceima."),
        example="tanger-assilah",
    ),
]
EVENT_PARAMETERS = [
    _query(
        "province",
        _("Slug of a prefecture or province, e.g. tanger-assilah, tetouan, al-hoceima."),
        example="tanger-assilah",
    ),
    _query(
        "month",
        _("A month, YYYY-MM (local time): the events under way during it."),
        pattern=r"^\d{4}-\d{2}$",
        example="2026-12",
    ),
]
OBSERVATION_PARAMETERS = [
    _query(
        "indicator",
        _("Code of a published indicator (see /api/v1/indicators/)."),
        example="odco-cooperatives",
    ),
    _query(
        "territory",
        _("HCP code of the region (01), a province (01.511) or a commune (01.511.01.0)."),
        example="01.511",
    ),
    _query(
        "province",
        _("Slug of a prefecture or province: its values and its communes'."),
        example="tanger-assilah",
    ),
    _query("year", _("One year."), kind=int, minimum=1900, maximum=2100, example=2024),
    _query("year_from", _("This year or later."), kind=int, minimum=1900, maximum=2100),
    _query("year_to", _("This year or earlier."), kind=int, minimum=1900, maximum=2100),
]
LAUREATE_PARAMETERS = [
    _query(
        "year",
        _("The year of an edition whose results are published."),
        kind=int,
        minimum=1900,
        maximum=2100,
        example=2025,
    ),
    _query("category", _("The id of a category of a published edition."), kind=int, minimum=1),
]
