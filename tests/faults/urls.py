"""Views that meet a database outage, or a bug, for the 503 page's own tests."""

from django.conf.urls.i18n import i18n_patterns
from django.db import DatabaseError, InterfaceError, OperationalError, ProgrammingError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path
from django.utils.html import escape


def outage(request):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


def closed(request):
    raise InterfaceError("connection already closed")


def lost(request):
    raise DatabaseError("error with status PGRES_TUPLES_OK and no message from the libpq")


def form(request):
    """A page with a form sent to the outage, as a visitor would have loaded it before."""
    return HttpResponse(
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Formulaire</title></head><body>'
        f'<h1>Formulaire</h1><form method="post" action="../panne/">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(get_token(request))}">'
        '<label for="d">Description</label><textarea id="d" name="description"></textarea>'
        '<button type="submit">Envoyer</button></form></body></html>'
    )


def bug(request):
    raise ProgrammingError('relation "nowhere" does not exist')


urlpatterns = i18n_patterns(
    path("panne/", outage),
    path("fermee/", closed),
    path("perdue/", lost),
    path("bogue/", bug),
    path("formulaire/", form),
)
