"""Views that meet a database outage, or a bug, for the 503 page's own tests."""

from django.conf.urls.i18n import i18n_patterns
from django.db import DatabaseError, InterfaceError, OperationalError, ProgrammingError
from django.urls import path


def outage(request):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


def closed(request):
    raise InterfaceError("connection already closed")


def lost(request):
    raise DatabaseError("error with status PGRES_TUPLES_OK and no message from the libpq")


def bug(request):
    raise ProgrammingError('relation "nowhere" does not exist')


urlpatterns = i18n_patterns(
    path("panne/", outage),
    path("fermee/", closed),
    path("perdue/", lost),
    path("bogue/", bug),
)
