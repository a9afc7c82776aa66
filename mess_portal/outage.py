"""The database out of reach: a "come back soon" page with 503, rather than a 500 or a hang.

The page (templates/503.html) stands alone: it reads neither the database nor the session, so it
renders while PostgreSQL is down. A visitor whose form arrived meanwhile is told in so many words that
what they sent was NOT saved, and is shown the text they wrote so that nothing is lost with the page.
"""

import logging
import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

# What a database outage raises: refused or lost connections, a server shutting down, a statement
# cancelled by statement_timeout. Anything else (a bug) stays a 500.
OUTAGE_ERRORS = (OperationalError, InterfaceError)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
# Never written back into a page: secrets and the forms' own machinery.
_NOT_ECHOED = ("password", "token", "secret", "csrfmiddlewaretoken", "homepage")
_ECHO_MAX_CHARS = 20000


def is_outage(exc) -> bool:
    if isinstance(exc, OUTAGE_ERRORS):
        return True
    if not isinstance(exc, DatabaseError):
        return False
    # A connection lost in the middle of a result can reach us as a bare DatabaseError (psycopg found no
    # SQLSTATE to classify it): an outage too, as is any error that left a connection broken.
    if type(exc) is DatabaseError:
        return True
    return any(
        getattr(conn.connection, "broken", False)
        for conn in connections.all(initialized_only=True)
        if conn.connection is not None
    )


def _what_they_wrote(request) -> list[str]:
    """The texts of the visitor's form, to copy and send again once the site is back."""
    if request.method in SAFE_METHODS:
        return []
    try:
        items = list(request.POST.lists())
    except Exception:  # an unreadable body: nothing to show
        return []
    texts, total = [], 0
    for name, values in items:
        if any(word in name.lower() for word in _NOT_ECHOED):
            continue
        for value in values:
            value = value.strip()
            if value and total + len(value) <= _ECHO_MAX_CHARS:
                texts.append(value)
                total += len(value)
    return texts


def outage_response(request, exc=None) -> HttpResponse:
    """The 503 page, in the language of the requested URL."""
    logger.error(
        "Database unavailable: %s %s answered 503 (%s)",
        request.method,
        request.path,
        str(exc).strip().splitlines()[0] if exc is not None and str(exc).strip() else type(exc).__name__,
    )
    if request.path_info.startswith("/api/"):
        # The public API answers JSON, errors included (api/errors.py).
        response = JsonResponse(
            {"status": 503, "detail": "Service temporarily unavailable: try again in a moment."}, status=503
        )
        response["Retry-After"] = str(settings.OUTAGE_RETRY_AFTER)
        add_never_cache_headers(response)
        return response
    language = (
        translation.get_language_from_path(request.path_info)
        or translation.get_language()
        or settings.LANGUAGE_CODE
    )
    with translation.override(language):
        html = loader.render_to_string(
            "503.html",
            {
                "not_saved": request.method not in SAFE_METHODS,
                "sent_texts": _what_they_wrote(request),
            },
        )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(settings.OUTAGE_RETRY_AFTER)
    response["Content-Language"] = language
    add_never_cache_headers(response)
    return response


def outage_response_for_current_exception(request):
    """For handler500: the 503 page when the exception being handled is a database outage."""
    exc = sys.exc_info()[1]
    return outage_response(request, exc) if is_outage(exc) else None


class DatabaseOutageMiddleware:
    """Turns a database outage met by a view (or its template) into the 503 page.

    Errors raised by other middleware (the session saved after the view) reach handler500, which
    answers the same page (mess_portal.views.server_error).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_outage(exception):
            return outage_response(request, exception)
        return None
