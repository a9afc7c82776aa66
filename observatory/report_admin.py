"""The admin page where the observatory's staff generate the Atlas and Panorama PDF from the live
figures and publish them in the library (observatory/report.py does the work).

Mounted by the root URLconf under /admin/ and linked from the admin index; open to staff who may edit
the observatory's series (the observatory team, and superusers).
"""

import logging

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from observatory import report

logger = logging.getLogger(__name__)

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
        "documents": Document.objects.filter(kind__in=report.KINDS)
        .for_cards()
        .order_by("-year", "kind", "language", "-published_at")[:12],
    }
    return TemplateResponse(request, "admin/observatory/report.html", context)


def _publish(request, *, kind, year, languages):
    for language in languages:
        label = _("%(kind)s %(year)s in %(language)s") % {
            "kind": _("Atlas") if kind == report.ATLAS else _("Panorama"),
            "year": year,
            "language": _("French") if language == "fr" else _("Arabic"),
        }
        try:
            document = report.publish(kind=kind, year=year, language=language)
        except Exception:  # noqa: BLE001 - whatever fails (figures, drawing, files), staff get a message, never a 500
            logger.exception("Could not generate the %s %s in %s", kind, year, language)
            messages.error(
                request,
                _(
                    "The %(label)s could not be generated; nothing was changed. The error is in the server's log."
                )
                % {"label": label},
            )
            continue
        messages.success(
            request,
            format_html(
                _(
                    '{label} generated and published ({pages} pages): <a href="{url}">{title}</a> (<a href="{admin_url}">edit</a>).'
                ),
                label=label,
                pages=document.page_count,
                url=document.get_absolute_url(),
                title=document.title,
                admin_url=reverse("admin:library_document_change", args=[document.pk]),
            ),
        )
