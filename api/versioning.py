"""The API's data version: one cache key, changed whenever a record the API publishes changes.

Every API answer's ETag and Last-Modified come from it (one cache read per request, no query), so that a
client's conditional GET is answered 304 without touching the database. Records changed without Django's
signals (a raw SQL update) are covered by the key's lifetime (API_DATA_VERSION_SECONDS): after it, a new
version is started and clients fetch once more.
"""

import time
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "api:data-version"

# The models whose rows the API shows (or whose names it shows: taxonomies, territories).
PUBLISHED_MODELS = [
    "actors.Actor",
    "actors.ActorPhoto",
    "support.SupportService",
    "support.SupportKind",
    "support.Need",
    "support.ProjectStage",
    "support.Public",
    "support.AccessMode",
    "library.Document",
    "library.Theme",
    "observatory.Indicator",
    "observatory.Observation",
    "events.Event",
    "events.ContestEdition",
    "events.ContestCategory",
    "events.Laureate",
    "mess_portal.LegalFamily",
    "mess_portal.Sector",
    "mess_portal.Label",
    "mess_portal.Province",
    "mess_portal.Commune",
]


def data_version() -> tuple[str, int]:
    """(opaque version, Unix time it started): read from the cache, started if absent."""
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, _new_value(), settings.API_DATA_VERSION_SECONDS)
        value = cache.get(VERSION_KEY) or _new_value()
    version, _, started = value.partition(":")
    try:
        return version, int(started)
    except ValueError:
        return version, int(time.time())


def bump(**kwargs) -> None:
    cache.set(VERSION_KEY, _new_value(), settings.API_DATA_VERSION_SECONDS)


def _new_value() -> str:
    return f"{uuid.uuid4().hex}:{int(time.time())}"


def connect_signals() -> None:
    for label in PUBLISHED_MODELS:
        model = apps.get_model(label)
        post_save.connect(bump, sender=model, dispatch_uid=f"api-version-save-{label}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"api-version-delete-{label}")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                bump, sender=field.remote_field.through, dispatch_uid=f"api-version-m2m-{label}-{field.name}"
            )
