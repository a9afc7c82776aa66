"""The queue's jobs as staff see them, and the ledger of e-mails sent by jobs."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet


class BackgroundJobQuerySet(DBTaskResultQuerySet):
    def failed_for_good(self):
        """Failed after their last attempt: waiting for staff (a job between two attempts is "ready")."""
        return self.filter(status=TaskResultStatus.FAILED)

    def waiting_to_retry(self):
        """Failed at least once and queued again for a later attempt."""
        return self.filter(status=TaskResultStatus.READY).exclude(exception_class_path="")


class BackgroundJob(DBTaskResult):
    """A row of django-tasks-db's queue (a proxy: its table, our admin and permissions)."""

    objects = BackgroundJobQuerySet.as_manager()

    class Meta:
        proxy = True
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self):
        return f"{self.task_name} ({self.get_status_display()})"

    @property
    def attempts(self) -> int:
        # The worker adds its id to the row each time it takes the job.
        return len(self.worker_ids or [])

    @property
    def error(self) -> str:
        """The exception of the last failed attempt, on one line."""
        if not self.exception_class_path:
            return ""
        lines = [line for line in self.traceback.strip().splitlines() if line.strip()]
        return lines[-1].strip() if lines else self.exception_class_path


class SentMail(models.Model):
    """One e-mail that a job sent, under a key naming what it was (``support.acknowledgement:12``).

    Written in the same transaction as the hand-over to the mail server, so a job tried again never sends
    the same e-mail twice (jobs/services.py, ``send_once``). No address is kept: the key holds ids only.
    """

    key = models.CharField(_("key"), max_length=200, unique=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("e-mail sent by a job")
        verbose_name_plural = _("e-mails sent by jobs")
        ordering = ["-sent_at"]

    def __str__(self):
        return self.key
