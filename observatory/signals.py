"""Cached figures are forgotten when what they are computed from changes: structures (and their sectors),
official series, territories and the taxonomies they are grouped by. Writes that bypass signals
(``QuerySet.update``, ``bulk_create``) call ``stats.invalidate()`` themselves, as the demo loader does;
the cache's expiry (an hour, five minutes with a per-process cache) is the safety net."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from actors.models import Actor
from mess_portal.models import Commune, LegalFamily, Province, Region, Sector
from observatory import stats
from observatory.models import Indicator, Observation

WATCHED = [Actor, Indicator, Observation, Region, Province, Commune, LegalFamily, Sector]


def _invalidate(sender, **kwargs):
    # Now, for the rest of this transaction; and again at its commit, for a page that would have computed
    # the figures from the data before the change was visible and cached them under the new version.
    stats.invalidate()
    transaction.on_commit(stats.invalidate)


def connect() -> None:
    for model in WATCHED:
        post_save.connect(_invalidate, sender=model, dispatch_uid=f"observatory-save-{model.__name__}")
        post_delete.connect(_invalidate, sender=model, dispatch_uid=f"observatory-delete-{model.__name__}")
    m2m_changed.connect(_invalidate, sender=Actor.sectors.through, dispatch_uid="observatory-actor-sectors")
