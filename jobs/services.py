"""Queueing jobs after the write that asks for them, retrying failed ones, sending an e-mail once.

The rules (docs/tasks.md):

- A job is queued by ``enqueue_on_commit``: with the database backend the job's row is written in the
  caller's transaction (a rolled-back write rolls the job back too, and a crash just after the commit
  cannot lose it); with the immediate backend the job runs once the write is committed.
- A job that raises is tried again later (``retry_later``): after TASKS_RETRY_DELAY seconds, then twice
  as long each time, at most TASKS_RETRY_MAX_DELAY apart, TASKS_MAX_ATTEMPTS times in all. After the
  last attempt it stays failed, listed in the admin, where staff can start it again (``retry_now``).
- A job's e-mail goes out through ``send_once``, which records it under a key in the same transaction as
  the hand-over to the mail server: a job tried again (after a later step failed, or by staff) does not
  send it twice.
"""

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db import DatabaseBackend

from jobs.models import BackgroundJob, SentMail

logger = logging.getLogger(__name__)

# Indirection for the tests, whose transaction never commits (tests/conftest.py runs jobs at once).
on_commit = transaction.on_commit


def enqueue_on_commit(task, /, *args, **kwargs) -> None:
    """Queue ``task(*args, **kwargs)`` as part of the current write (arguments: ids and plain values)."""
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(*args, **kwargs)
    else:
        on_commit(partial(task.enqueue, *args, **kwargs), robust=True)


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed attempt: exponential, capped."""
    seconds = settings.TASKS_RETRY_DELAY * 2 ** max(0, attempts - 1)
    return timedelta(seconds=min(seconds, settings.TASKS_RETRY_MAX_DELAY))


def retry_later(sender, task_result, **kwargs) -> None:
    """On a job's failure (signal ``task_finished``), put it back in the queue for a later attempt,
    unless it has had all its attempts. Jobs run by the immediate backend are not retried."""
    db_result = getattr(task_result, "db_result", None)
    if task_result.status != TaskResultStatus.FAILED or db_result is None:
        return
    attempts = len(db_result.worker_ids)
    try:
        if attempts >= settings.TASKS_MAX_ATTEMPTS:
            logger.error(
                "Job %s (%s) failed for good after %s attempts", db_result.pk, db_result.task_path, attempts
            )
            return
        run_after = timezone.now() + retry_delay(attempts)
        BackgroundJob.objects.filter(pk=db_result.pk, status=TaskResultStatus.FAILED).update(
            status=TaskResultStatus.READY, run_after=run_after, finished_at=None
        )
        logger.warning(
            "Job %s (%s) failed (attempt %s of %s), tried again at %s",
            db_result.pk,
            db_result.task_path,
            attempts,
            settings.TASKS_MAX_ATTEMPTS,
            run_after.isoformat(),
        )
    except Exception:  # the worker must go on: the job stays failed, in the admin's list
        logger.exception("Could not schedule job %s again", db_result.pk)


# A job still "running" after this long lost its worker (killed, machine restarted): staff may retry it.
STUCK_AFTER = timedelta(hours=1)


def retry_now(jobs) -> int:
    """Staff's "retry": the failed jobs among ``jobs`` (and those stuck "running" for over an hour) go
    back in the queue at once, with all their attempts again. Returns how many."""
    now = timezone.now()
    return (
        BackgroundJob.objects.filter(pk__in=[job.pk for job in jobs])
        .filter(
            Q(status=TaskResultStatus.FAILED)
            | Q(status=TaskResultStatus.RUNNING, started_at__lt=now - STUCK_AFTER)
        )
        .update(status=TaskResultStatus.READY, run_after=now, finished_at=None, worker_ids=[])
    )


def send_once(*, key: str, message: EmailMessage) -> bool:
    """Send ``message`` unless the e-mail named ``key`` went out already. Returns whether it went out now.

    The key's row is inserted, the message handed to the mail server, and the row committed, in one
    transaction; the connection is closed only after the commit. So: a refusal or a server that is
    down raises and leaves no row (the job is tried again); an error once the server has accepted the
    message (at QUIT) does not make the job fail; two attempts at once take turns on the key's row.
    """
    connection = get_connection()
    message.connection = connection
    with transaction.atomic():
        _row, created = SentMail.objects.get_or_create(
            key=key, defaults={"subject": str(message.subject)[:255]}
        )
        if not created:
            return False
        connection.open()
        try:
            connection.send_messages([message])
        except BaseException:
            _close_quietly(connection)
            raise
    _close_quietly(connection)
    return True


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except Exception as exc:  # noqa: BLE001 - the message was accepted (or refused) already
        logger.warning("Closing the mail connection failed: %s", exc)
