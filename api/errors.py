"""Every answer of the API is JSON, errors included: {"status": 404, "detail": "..."}, and for bad
query parameters {"status": 400, "detail": "...", "errors": {"parameter": ["message", ...]}}."""

from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class NotModified(exceptions.APIException):
    """The client's copy is current (If-None-Match / If-Modified-Since): 304, no body."""

    status_code = 304

    def __init__(self, etag: str, last_modified: str):
        super().__init__()
        self.etag = etag
        self.last_modified = last_modified


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_detail = gettext_lazy("The resource does not match the If-Match or If-Unmodified-Since header.")


def exception_handler(exc, context):
    if isinstance(exc, NotModified):
        return Response(status=304, headers={"ETag": exc.etag, "Last-Modified": exc.last_modified})
    if isinstance(exc, Http404) and not isinstance(exc, exceptions.NotFound):
        # get_object_or_404's message names the model ("No Actor matches..."): say it plainly.
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"query": response.data}
        response.data = {
            "status": response.status_code,
            "detail": _("Invalid query parameters."),
            "errors": errors,
        }
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        response.data = {"status": response.status_code, "detail": str(detail)}
    return response


def not_found(request, *args, **kwargs):
    """Any address under /api/ that is no resource: a JSON 404 (never the site's HTML page). An address
    that lacks only its final slash is redirected to it, as elsewhere on the site (GET and HEAD)."""
    if request.method in ("GET", "HEAD") and not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(request.path + "/" + (f"?{query}" if query else ""))
    return JsonResponse(
        {
            "status": 404,
            "detail": _(
                "No API resource at this address. The API lives at /api/v1/ (see /api/v1/openapi.json)."
            ),
        },
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )
