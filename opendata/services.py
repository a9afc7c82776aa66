"""Asking for a rebuild of the full downloads: debounced, one job for a burst of changes.

A change to a public record (signals, ``signals.py``) asks for a rebuild once its transaction commits
(once per transaction, however many rows it wrote). The first request marks the queue (``RebuildState.
queued_at``) and queues the job ``OPEN_DATA_REBUILD_DELAY`` seconds later; the requests that follow
find the mark and do nothing. The job clears the mark as it starts, so a change made while it runs
queues the next one. A mark older than an hour past the delay is taken as lost (its job never queued).
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from opendata.models import RebuildState

LOST_AFTER = timedelta(hours=1)


def request_rebuild() -> bool:
    """Queue a rebuild unless one is queued already. Returns whether one was queued now."""
    from opendata.tasks import rebuild_open_data

    now = timezone.now()
    delay = timedelta(seconds=settings.OPEN_DATA_REBUILD_DELAY)
    RebuildState.objects.get_or_create(pk=1)
    claimed = (
        RebuildState.objects.filter(pk=1)
        .filter(Q(queued_at__isnull=True) | Q(queued_at__lt=now - delay - LOST_AFTER))
        .update(queued_at=now)
    )
    if not claimed:
        return False
    task = rebuild_open_data
    if delay and task.get_backend().supports_defer:
        task = task.using(run_after=now + delay)
    task.enqueue()
    return True


def data_changed(**kwargs) -> None:
    """A public record changed: ask for a rebuild when the transaction commits, once per transaction."""
    if kwargs.get("raw") or not settings.OPEN_DATA_AUTO_REBUILD:  # loaddata, or rebuilt by hand only
        return
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        callback is request_rebuild for _savepoints, callback, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(request_rebuild, robust=True)
