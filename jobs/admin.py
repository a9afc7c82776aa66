from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks_db.models import DBTaskResult, get_date_max

from jobs import services
from jobs.models import BackgroundJob, SentMail

# django-tasks-db's own read-only list is replaced by this one (same table), with the retry action.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


@admin.register(BackgroundJob)
class BackgroundJobAdmin(admin.ModelAdmin):
    list_display = ["task_name", "status", "attempts", "error", "enqueued_at", "finished_at", "next_attempt"]
    list_filter = ["status", "queue_name"]
    search_fields = ["task_path", "exception_class_path"]
    ordering = ["-enqueued_at"]
    actions = ["retry"]
    fields = [
        "task_path",
        "status",
        "attempts",
        "args_kwargs",
        "enqueued_at",
        "started_at",
        "finished_at",
        "next_attempt",
        "exception_class_path",
        "formatted_traceback",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("attempts"))
    def attempts(self, obj):
        return obj.attempts

    @admin.display(description=_("error"))
    def error(self, obj):
        return obj.error

    @admin.display(description=_("next attempt"), ordering="run_after")
    def next_attempt(self, obj):
        if obj.status != "READY" or obj.run_after == get_date_max():
            return ""
        return obj.run_after

    @admin.display(description=_("traceback"))
    def formatted_traceback(self, obj):
        return format_html("<pre>{}</pre>", obj.traceback) if obj.traceback else ""

    @admin.action(description=_("Retry the selected failed jobs"), permissions=["change"])
    def retry(self, request, queryset):
        count = services.retry_now(queryset)
        if count:
            self.message_user(
                request,
                ngettext("%(count)d job queued again.", "%(count)d jobs queued again.", count)
                % {"count": count},
                messages.SUCCESS,
            )
        else:
            self.message_user(request, _("Only failed jobs can be retried."), messages.WARNING)


@admin.register(SentMail)
class SentMailAdmin(admin.ModelAdmin):
    list_display = ["key", "subject", "sent_at"]
    search_fields = ["key", "subject"]
    readonly_fields = ["key", "subject", "sent_at"]

    # The ledger is what keeps a job tried again from sending an e-mail twice: nobody edits it.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
