from django import template

from jobs.models import BackgroundJob

register = template.Library()


@register.inclusion_tag("admin/jobs/failed_jobs.html", takes_context=True)
def failed_jobs(context):
    """Jobs that failed for good (e-mails not sent...), on the admin index, for those who may retry them."""
    user = context["request"].user
    if not user.has_perm("jobs.change_backgroundjob"):
        return {"visible": False}
    return {
        "visible": True,
        "failed": BackgroundJob.objects.failed_for_good().count(),
        "waiting": BackgroundJob.objects.waiting_to_retry().count(),
    }
