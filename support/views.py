from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from mess_portal.antispam import over_rate_limit
from mess_portal.forms import plain_selects
from mess_portal.i18n import current_language
from mess_portal.pagecache import public_page
from support.exports import EXPORT_FORMATS, export_response
from support.filters import SupportServiceFilter
from support.forms import OrientationRequestForm
from support.models import SupportService
from support.services import orientation_request_create

PAGE_SIZE = 20
REQUESTS_PER_HOUR = 5


@require_safe
@public_page
def service_list(request):
    services = SupportService.objects.published().for_list()
    filterset = SupportServiceFilter(request.GET or None, queryset=services)
    plain_selects(filterset.form, "support")
    export_format = request.GET.get("format")
    if export_format:
        if export_format not in EXPORT_FORMATS:
            raise Http404(_("Unknown download format."))
        return export_response(filterset.qs, export_format)
    paginator = Paginator(filterset.qs, PAGE_SIZE)
    try:
        page_number = int(request.GET.get("page", 1))
    except ValueError:
        raise Http404(_("This page does not exist.")) from None
    if page_number < 1 or (page_number > paginator.num_pages and page_number != 1):
        raise Http404(_("This page does not exist."))
    page_obj = paginator.get_page(page_number)
    context = {
        "filterset": filterset,
        "page_obj": page_obj,
        "services": page_obj.object_list,
        "chips": _active_filters(filterset),
        "guided": bool(filterset.commune or request.GET.get("stage") or request.GET.get("need")),
        "orientation_query": _orientation_query(request),
        "export_formats": EXPORT_FORMATS,
    }
    status = 400 if filterset.is_bound and filterset.errors else 200
    return render(request, "support/service_list.html", context, status=status)


@require_safe
@public_page
def service_detail(request, slug):
    service = get_object_or_404(SupportService.objects.published().for_detail(), slug=slug)
    return render(request, "support/service_detail.html", {"service": service})


def orientation_request(request):
    if request.method == "POST":
        form = OrientationRequestForm(request.POST)
        if over_rate_limit(request, scope="orientation", limit=REQUESTS_PER_HOUR):
            messages.error(
                request,
                _("You have sent several requests in a short time. Please try again in an hour, or call us."),
            )
            return render(request, "support/orientation_form.html", {"form": form}, status=429)
        if form.is_valid():
            if form.is_spam:
                # A robot is thanked like a person; nothing is stored or sent.
                return redirect("support:orientation_thanks")
            created = orientation_request_create(
                data=form.request_data(),
                language=current_language(),
                site_url=request.build_absolute_uri("/"),
            )
            return redirect(f"{reverse('support:orientation_thanks')}?ref={created.reference}")
        return render(request, "support/orientation_form.html", {"form": form}, status=400)
    return render(
        request,
        "support/orientation_form.html",
        {"form": OrientationRequestForm(initial=_guided_answers(request))},
    )


def _guided_answers(request):
    """The guided search's stage and need, kept when they name one of ours: the form field checks the
    value (a NUL byte in a link is refused there, where PostgreSQL would fail on it)."""
    initial = {}
    for name in ("stage", "need"):
        value = request.GET.get(name)
        if value:
            try:
                OrientationRequestForm.base_fields[name].clean(value)
            except ValidationError:
                continue
            initial[name] = value
    if request.GET.get("commune"):
        initial["commune"] = request.GET["commune"]
    return initial


@require_safe
def orientation_thanks(request):
    reference = request.GET.get("ref", "")
    # Only echo something shaped like one of our references.
    if not (reference.startswith("OR-") and len(reference) == 11 and reference[3:].isalnum()):
        reference = ""
    return render(request, "support/orientation_thanks.html", {"reference": reference})


def _orientation_query(request):
    """The guided search's answers, carried over to the orientation form."""
    return urlencode({key: request.GET[key] for key in ("stage", "need", "commune") if request.GET.get(key)})


def _active_filters(filterset):
    """The filters in use, each with the query string that removes it: the chips above the results."""
    if not filterset.is_bound or filterset.errors:
        return []
    chips = []
    data = filterset.data
    for name, field in filterset.form.fields.items():
        value = filterset.form.cleaned_data.get(name)
        if value in (None, ""):
            continue
        if name == "commune":
            label = filterset.commune.name if filterset.commune else value
        elif name == "cost":
            label = dict(field.choices).get(value, value)
        elif name == "q":
            label = f"“{value}”"
        else:
            label = str(value)
        remaining = data.copy()
        remaining.pop(name, None)
        remaining.pop("page", None)
        chips.append({"name": field.label, "value": label, "remove": "?" + remaining.urlencode()})
    return chips
