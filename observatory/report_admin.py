"""The admin page where the observatory's staff generate the Atlas and Panorama PDF from the live
figures and publish them in the library (observatory/report.py does the work).

Mounted by the root URLconf under /admin/ and linked from the admin index; open to staff who may edit
the observatory's series (the observatory team, and superusers).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from jobs.models import BackgroundJob
from jobs.services import enqueue_on_commit
from observatory import report, tasks

PERMISSION = "observatory.change_indicator"
FIRST_YEAR = 2000


def may_publish(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm(PERMISSION)


class ReportForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Document to generate"),
        choices=[(report.ATLAS, gettext_lazy("Atlas")), (report.PANORAMA, gettext_lazy("Panorama"))],
        widget=forms.RadioSelect,
    )
    year = forms.IntegerField(label=gettext_lazy("Year of the edition"), min_value=FIRST_YEAR)
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages"),
        choices=[("fr", gettext_lazy("French")), ("ar", gettext_lazy("Arabic"))],
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("One PDF per language; each replaces the previous one of that year."),
    )

    def clean_year(self):
        year = self.cleaned_data["year"]
        # The library accepts documents up to next year.
        if year > timezone.localdate().year + 1:
            raise forms.ValidationError(
                _("Enter a year between %(first)s and next year.") % {"first": FIRST_YEAR}
            )
        return year


@require_http_methods(["GET", "POST"])
def report_view(request):
    if not may_publish(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            _publish(request, **form.cleaned_data)
            return redirect("observatory_report")
    else:
        form = ReportForm(
            initial={
                "kind": report.ATLAS,
                "year": timezone.localdate().year,
                "languages": list(report.LANGUAGES),
            }
        )
    from library.models import Document

    context = {
        **admin.site.each_context(request),
        "title": _("Atlas and Panorama PDF"),
        "form": form,
        "generations": generations(),
        "documents": Document.objects.filter(kind__in=report.KINDS)
        .for_cards()
        .order_by("-year", "kind", "language", "-published_at")[:12],
    }
    return TemplateResponse(request, "admin/observatory/report.html", context)


def _label(*, kind, year, language) -> str:
    return _("%(kind)s %(year)s in %(language)s") % {
        "kind": _("Atlas") if kind == report.ATLAS else _("Panorama"),
        "year": year,
        "language": _("French") if language == "fr" else _("Arabic"),
    }


def _publish(request, *, kind, year, languages):
    """Queue one background job per language (observatory/tasks.py): an Atlas takes a few seconds per
    language, which no request should wait for. The page lists the generations and how they went."""
    with transaction.atomic():
        for language in languages:
            enqueue_on_commit(tasks.generate_report, kind=kind, year=year, language=language)
            messages.success(
                request,
                _("%(label)s: generation started; it is published in the library when done (see below).")
                % {"label": _label(kind=kind, year=year, language=language)},
            )


# How a generation stands, from its background job (with the database backend; the immediate backend
# keeps no record: the document list below shows what was published).
GENERATION_STATES = {
    "READY": gettext_lazy("waiting to start"),
    "RUNNING": gettext_lazy("in progress"),
    "SUCCESSFUL": gettext_lazy("done"),
    "FAILED": gettext_lazy("failed"),
}


def generations(limit: int = 10) -> list[dict]:
    rows = []
    for job in BackgroundJob.objects.filter(task_path=tasks.generate_report.module_path).order_by(
        "-enqueued_at"
    )[:limit]:
        kwargs = job.args_kwargs.get("kwargs", {})
        failed_before = job.status == "READY" and job.error
        rows.append(
            {
                "label": _label(**kwargs) if set(kwargs) == {"kind", "year", "language"} else job.task_name,
                "state": gettext_lazy("failed, tried again later")
                if failed_before
                else GENERATION_STATES[job.status],
                "enqueued_at": job.enqueued_at,
                "finished_at": job.finished_at if job.status in ("SUCCESSFUL", "FAILED") else None,
                "error": job.error if job.status == "FAILED" or failed_before else "",
            }
        )
    return rows
