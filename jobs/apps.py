from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Background jobs")

    def ready(self):
        from django_tasks.signals import task_finished

        from jobs.services import retry_later

        task_finished.connect(retry_later, dispatch_uid="jobs.retry_later")
