"""The page that documents the API for people, server-rendered from the OpenAPI description (no
script, no outside asset): each operation, its parameters, an example request and answer."""

import json
import re

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

# An example request for each list: filters a client would really use.
EXAMPLE_QUERIES = {
    "/api/v1/structures/": "?q=couscous&province=tanger-assilah&family=cooperative",
    "/api/v1/services/": "?need=financement&commune=tanger",
    "/api/v1/documents/": "?kind=atlas&sort=newest",
    "/api/v1/indicators/": "",
    "/api/v1/observations/": "?indicator=odco-cooperatives&level=province&year_from=2020",
    "/api/v1/events/": "?when=upcoming&province=tanger-assilah",
    "/api/v1/laureates/": "?year=2025",
}


def _type_of(schema: dict) -> str:
    if "$ref" in schema:
        return "string"
    kind = schema.get("type", "string")
    if kind == "array":
        return _type_of(schema.get("items", {})) + "[]"
    return kind


CHOICE_LINE = re.compile(r"^\* `([^`]*)` - (.*)$")


def _split_choices(description: str) -> tuple[str, dict]:
    """drf-spectacular appends each choice's label to a parameter's description as a Markdown list
    ("* `atlas` - Atlas"): the page shows them with the values instead."""
    text, labels = [], {}
    for line in description.splitlines():
        match = CHOICE_LINE.match(line.strip())
        if match:
            labels[match[1]] = match[2]
        else:
            text.append(line)
    return "\n".join(text).strip(), labels


def _operations(document: dict, site: str) -> list[dict]:
    operations = []
    for path, methods in document["paths"].items():
        operation = methods.get("get")
        if operation is None:
            continue
        content = operation.get("responses", {}).get("200", {}).get("content", {}).get("application/json", {})
        examples = list(content.get("examples", {}).values())
        example_value = examples[0]["value"] if examples else {}
        parameters = []
        example_path = path
        for parameter in operation.get("parameters", []):
            schema = parameter.get("schema", {})
            if schema.get("type") == "array":
                schema = {**schema.get("items", {}), "type": "array", "items": schema.get("items", {})}
            description, labels = _split_choices(parameter.get("description", ""))
            enum = [
                (value, labels.get(str(value), ""))
                for value in schema.get("enum", [])
                if value not in ("", None)
            ]
            if parameter["in"] == "path":
                example_path = example_path.replace(
                    "{" + parameter["name"] + "}", str(example_value.get(parameter["name"], "1"))
                )
            bounds = []
            if "minimum" in schema:
                bounds.append(f"≥ {schema['minimum']}")
            if "maximum" in schema:
                bounds.append(f"≤ {schema['maximum']}")
            parameters.append(
                {
                    "name": parameter["name"],
                    "where": parameter["in"],
                    "type": _type_of(schema),
                    "required": parameter.get("required", False),
                    "repeatable": schema.get("type") == "array",
                    "description": description,
                    "enum": enum,
                    "bounds": " ".join(bounds),
                }
            )
        is_list = not path.rstrip("/").endswith("}")
        if is_list:
            example_path += EXAMPLE_QUERIES.get(path, "")
        example = json.dumps(example_value, indent=2, ensure_ascii=False) if examples else ""
        operations.append(
            {
                "id": operation.get("operationId", path),
                "path": path,
                "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "parameters": parameters,
                "curl": f"curl -H 'Accept: application/json' '{site}{example_path}'",
                "example": example,
                "statuses": sorted(operation.get("responses", {})),
            }
        )
    return operations


@require_safe
def documentation(request):
    from api.views import openapi_document

    language = get_language() if get_language() in ("fr", "ar", "en") else settings.LANGUAGE_CODE
    document = openapi_document(language)
    site = request.build_absolute_uri("/").rstrip("/")
    number, _slash, period = settings.API_RATE_LIMIT.partition("/")
    context = {
        "operations": _operations(document, site),
        "openapi_url": reverse("api:openapi"),
        "api_root": reverse("api:root"),
        "site": site,
        "rate_number": int(number),
        "rate_period": {
            "second": _("per second"),
            "minute": _("per minute"),
            "hour": _("per hour"),
            "day": _("per day"),
        }[period],
        "page_size": settings.API_PAGE_SIZE,
        "max_page_size": settings.API_MAX_PAGE_SIZE,
        "cache_max_age": settings.API_CACHE_MAX_AGE,
        "licence": settings.API_DATA_LICENCE,
        "licence_url": settings.API_DATA_LICENCE_URL,
    }
    return render(request, "api/documentation.html", context)
