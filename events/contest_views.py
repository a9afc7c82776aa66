"""Public pages of the regional contest, the application form and its signed correction link."""

import os
import re
from urllib.parse import quote

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from events import contest_services as services
from events.contest_forms import ApplicationEditForm, ApplicationForm
from events.models import ApplicationAttachment, ContestEdition, Laureate
from mess_portal.antispam import over_rate_limit
from mess_portal.i18n import current_language
from mess_portal.pagecache import public_page
from mess_portal.storage import is_local

APPLICATIONS_PER_HOUR = 5
REFERENCE = re.compile(r"^CR-\d{4}-\d{4,6}$")


def _public_edition(year: int) -> ContestEdition:
    if not 2000 <= year <= 2100:
        raise Http404(_("There is no contest that year."))
    return get_object_or_404(ContestEdition.objects.public().for_page(), year=year)


@require_safe
@public_page
def contest_index(request):
    edition = ContestEdition.objects.current()
    past = ContestEdition.objects.public().only("year", "theme_fr", "theme_ar", "theme_en", "status")
    if edition:
        past = past.exclude(pk=edition.pk)
    return render(
        request,
        "events/contest/index.html",
        {
            "edition": edition,
            "categories": edition.categories.all() if edition else [],
            "past_editions": past.order_by("-year"),
            "accepts_applications": edition.accepts_applications() if edition else False,
        },
    )


@require_safe
@public_page
def contest_edition(request, year):
    edition = _public_edition(year)
    laureates = Laureate.objects.filter(edition=edition).for_page() if edition.results_published else []
    return render(
        request,
        "events/contest/edition.html",
        {
            "edition": edition,
            "categories": edition.categories.all(),
            "laureates": laureates,
            "accepts_applications": edition.accepts_applications(),
        },
    )


def _closed(request, edition, *, status):
    return render(request, "events/contest/closed.html", {"edition": edition}, status=status)


def contest_apply(request, year):
    edition = _public_edition(year)
    if not edition.accepts_applications():
        return _closed(request, edition, status=403 if request.method == "POST" else 200)
    if request.method == "POST" and "find" in request.POST:
        # Looking the structure up in the directory, before the rest of the form: nothing is checked yet.
        form = ApplicationForm(edition=edition, initial=request.POST.dict())
        form.find(request.POST.get("structure_query", ""))
        return render(request, "events/contest/apply.html", {"edition": edition, "form": form})
    if request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES, edition=edition)
        if over_rate_limit(request, scope="contest", limit=APPLICATIONS_PER_HOUR):
            form.add_error(
                None, _("You have sent several applications in a short time. Please try again in an hour.")
            )
            return render(
                request, "events/contest/apply.html", {"edition": edition, "form": form}, status=429
            )
        if form.is_valid():
            thanks = reverse("events:contest_apply_thanks", args=[edition.year])
            # A robot that filled the trap field is thanked like a person, and nothing is stored.
            if form.is_spam:
                return redirect(thanks)
            try:
                application = services.application_create(
                    edition=edition,
                    data=form.application_data(),
                    actor=form.actor,
                    new_structure=form.new_structure_data() if form.actor is None else None,
                    files=form.checked_files,
                    language=current_language(),
                )
            except ValidationError:
                return _closed(request, edition, status=403)
            services.application_acknowledge(application, site_url=request.build_absolute_uri("/"))
            return redirect(f"{thanks}?ref={application.reference}")
        return render(request, "events/contest/apply.html", {"edition": edition, "form": form}, status=400)
    return render(
        request, "events/contest/apply.html", {"edition": edition, "form": ApplicationForm(edition=edition)}
    )


@require_safe
def contest_apply_thanks(request, year):
    edition = _public_edition(year)
    reference = request.GET.get("ref", "")
    return render(
        request,
        "events/contest/apply_thanks.html",
        {"edition": edition, "reference": reference if REFERENCE.match(reference) else ""},
    )


def contest_application_edit(request, token):
    application = services.application_from_token(token)
    if application is None:
        raise Http404(_("This link is not valid."))
    edition = application.edition
    if not edition.accepts_applications():
        return _closed(request, edition, status=403)
    form = ApplicationEditForm(
        request.POST or None, request.FILES or None, instance=application, edition=edition
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.application_update(
                    application=application,
                    data=form.application_data(),
                    files=form.checked_files,
                    remove=[attachment.pk for attachment in form.cleaned_data["remove"]],
                )
            except ValidationError as error:
                if error.code == "closed":
                    return _closed(request, edition, status=403)
                form.add_error(None, error)
            else:
                return redirect(f"{request.path}?saved=1")
        status = 400
    else:
        status = 200
    return render(
        request,
        "events/contest/application_edit.html",
        {
            "application": application,
            "edition": edition,
            "form": form,
            "saved": request.method == "GET" and request.GET.get("saved") == "1",
        },
        status=status,
    )


SAFE_TYPES = {".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


@staff_member_required
@require_safe
def contest_attachment(request, pk):
    """An applicant's file, for those who may see the application (contest staff, its jurors)."""
    attachment = get_object_or_404(
        ApplicationAttachment.objects.select_related("application__edition"), pk=pk
    )
    if not services.can_view(request.user, attachment.application):
        raise Http404(_("This file does not exist."))
    anonymous = attachment.application.edition.anonymous_jury and not services.is_contest_staff(request.user)
    # The type of what is stored (a checked PDF, or an image re-encoded as PNG or JPEG), never one
    # guessed from the name as sent, which may say .html.
    stored_extension = os.path.splitext(attachment.file.name)[1].lower()
    content_type = SAFE_TYPES.get(stored_extension, "application/octet-stream")
    # The name as sent may give the applicant away: not used when the edition is anonymous, nor when
    # its extension is not the stored file's (a browser opening the saved copy would trust it).
    sent_extension = os.path.splitext(attachment.display_name)[1].lower().replace(".jpeg", ".jpg")
    keep_name = not anonymous and sent_extension == stored_extension.replace(".jpeg", ".jpg")
    filename = attachment.display_name if keep_name else attachment.anonymous_name
    if settings.LIBRARY_SENDFILE == "x-accel-redirect" and is_local(attachment.file.storage):
        # nginx sends the file from its internal location mapped to MEDIA_ROOT/../private/.
        if not attachment.file.storage.exists(attachment.file.name):
            raise Http404(_("This file does not exist."))
        response = HttpResponse(content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        response["Cache-Control"] = "private, no-store"
        response["X-Accel-Redirect"] = quote(
            f"{settings.PRIVATE_SENDFILE_PREFIX.rstrip('/')}/contest/{attachment.file.name}"
        )
        return response
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("This file does not exist.")) from None
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
