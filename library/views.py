from csp.decorators import csp_exempt
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from library import search, services
from library.filters import DocumentFilter
from library.forms import SubscribeForm
from library.models import Document, NewsletterIssue, Subscriber, Theme
from library.resources import FORMATS, DocumentResource
from library.serving import etag_of, pdf_response
from mess_portal.antispam import over_rate_limit
from mess_portal.forms import plain_selects
from mess_portal.models import Province, Sector
from mess_portal.pagecache import public_page

PAGE_SIZE = 12
# Subscription requests accepted from one address per hour, against form flooding.
SUBSCRIBE_LIMIT_PER_HOUR = 10


def _chips(filterset, request):
    """The active filters, each with the link that removes it."""
    chips = []
    data = filterset.form.cleaned_data if filterset.is_valid() else {}
    for name in ("q", "kind", "year", "language", "theme", "province"):
        value = data.get(name)
        if value in (None, ""):
            continue
        field = filterset.form.fields[name]
        if hasattr(field, "choices") and name not in ("theme", "province"):
            label = dict(field.choices).get(value, value)
        else:
            label = str(value)
        params = request.GET.copy()
        params.pop(name, None)
        params.pop("page", None)
        chips.append({"label": f"{field.label}: {label}", "url": f"?{params.urlencode()}"})
    return chips


def _export(documents, fmt: str):
    format_class = FORMATS[fmt]()
    dataset = DocumentResource().export(DocumentResource.prepare(documents))
    response = HttpResponse(format_class.export_data(dataset), content_type=format_class.get_content_type())
    response["Content-Disposition"] = content_disposition_header(True, f"bibliotheque.{fmt}")
    return response


@require_safe
@public_page
def document_list(request):
    export_format = request.GET.get("format", "")
    if export_format and export_format not in FORMATS:
        raise Http404
    years = Document.objects.published().order_by("-year").values_list("year", flat=True).distinct()
    filterset = DocumentFilter(request.GET or None, queryset=Document.objects.published(), years=list(years))
    plain_selects(filterset.form, "library")
    status = 200
    if filterset.is_bound and not filterset.is_valid():
        # A stale link or a hand-edited address: say which filter is wrong, show no results.
        status = 400
        documents = Document.objects.none()
        terms = ""
    else:
        data = filterset.form.cleaned_data if filterset.is_bound else {}
        terms = (data.get("q") or "").strip()
        documents = filterset.qs.for_cards()
        if terms:
            documents = documents.matching(terms, excerpts=not export_format)
        documents = DocumentFilter.order(documents, data.get("sort") or "relevance", searching=bool(terms))
        if export_format:
            return _export(documents, export_format)
    page_obj = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    for document in page_obj:
        document.excerpt = search.excerpt(document, terms) if terms else ""
    context = {
        "filter": filterset,
        "page_obj": page_obj,
        "documents": page_obj.object_list,
        "terms": terms,
        "chips": _chips(filterset, request) if status == 200 else [],
        "subscribe_form": SubscribeForm(initial={"language": request.LANGUAGE_CODE}),
    }
    return render(request, "library/document_list.html", context, status=status)


@require_safe
@public_page
def document_detail(request, slug):
    queryset = (
        Document.objects.visible_to(request.user)
        .defer("text", "search_vector")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.ordered()),
            Prefetch("sectors", queryset=Sector.objects.ordered()),
            Prefetch("provinces", queryset=Province.objects.by_name()),
        )
    )
    document = get_object_or_404(queryset, slug=slug)
    context = {
        "document": document,
        "related": Document.objects.related_to(document),
    }
    return render(request, "library/document_detail.html", context)


@csp_exempt()
@xframe_options_sameorigin
@require_safe
def document_download(request, slug):
    """The PDF at a stable address: counted once per visitor and hour, resumable, published only.

    Exempt from the CSP and framable by our own pages: the document page shows it in the browser's
    own PDF viewer, which a CSP written for HTML pages would block.
    """
    document = get_object_or_404(
        Document.objects.visible_to(request.user).defer("text", "search_vector"), slug=slug
    )
    if not document.file:
        raise Http404
    public = document.is_published
    modified = document.file_updated_at or document.updated_at
    not_modified = get_conditional_response(
        request, etag=etag_of(document) or None, last_modified=int(modified.timestamp())
    )
    if not_modified is not None:
        return not_modified
    try:
        response = pdf_response(request, document, inline=request.GET.get("inline") == "1", public=public)
    except FileNotFoundError:
        raise Http404 from None
    range_header = request.META.get("HTTP_RANGE", "")
    # Count what starts a reading: a whole file or its first bytes, not the viewer's later ranges.
    starts_reading = not range_header or range_header.replace(" ", "").startswith("bytes=0-")
    if public and request.method == "GET" and response.status_code in (200, 206) and starts_reading:
        services.record_download(document=document, visitor=services.visitor_key(request))
    return response


# --- Newsletter -----------------------------------------------------------------------------


@require_safe
@public_page
def newsletter(request):
    issues = NewsletterIssue.objects.archived().select_related("document")
    page_obj = Paginator(issues, 20).get_page(request.GET.get("page"))
    form = SubscribeForm(initial={"language": request.LANGUAGE_CODE})
    return render(request, "library/newsletter.html", {"page_obj": page_obj, "form": form})


@require_POST
def newsletter_subscribe(request):
    form = SubscribeForm(request.POST)
    if over_rate_limit(request, scope="newsletter", limit=SUBSCRIBE_LIMIT_PER_HOUR):
        form.add_error(None, _("Too many requests from your connection. Try again in an hour."))
        status = 429
    elif form.is_valid():
        services.subscribe(email=form.cleaned_data["email"], language=form.cleaned_data["language"])
        return redirect("library:newsletter_pending")
    else:
        status = 400
    issues = NewsletterIssue.objects.archived().select_related("document")
    page_obj = Paginator(issues, 20).get_page(1)
    return render(request, "library/newsletter.html", {"page_obj": page_obj, "form": form}, status=status)


@require_safe
def newsletter_pending(request):
    return render(request, "library/newsletter_pending.html")


@require_http_methods(["GET", "HEAD", "POST"])
def newsletter_confirm(request, token):
    """The link of the confirmation e-mail. GET shows a button: mail scanners that open links confirm nothing."""
    subscriber = services.subscriber_from_token(
        token, salt=services.CONFIRM_SALT, max_age=services.CONFIRM_MAX_AGE
    )
    if subscriber is None:
        return render(request, "library/newsletter_invalid.html", status=400)
    if request.method == "POST":
        if subscriber.status != Subscriber.Status.CONFIRMED:
            subscriber.confirm()
        return render(request, "library/newsletter_confirmed.html", {"subscriber": subscriber})
    return render(request, "library/newsletter_confirm.html", {"subscriber": subscriber})


@csrf_exempt  # the signed token is the authority; mail clients' one-click POSTs (RFC 8058) carry no cookie
@require_http_methods(["GET", "HEAD", "POST"])
def newsletter_unsubscribe(request, token):
    subscriber = services.subscriber_from_token(token, salt=services.UNSUBSCRIBE_SALT)
    if subscriber is None:
        return render(request, "library/newsletter_invalid.html", status=400)
    if request.method == "POST":
        if subscriber.status != Subscriber.Status.UNSUBSCRIBED:
            subscriber.unsubscribe()
        return render(request, "library/newsletter_unsubscribed.html", {"subscriber": subscriber})
    return render(request, "library/newsletter_unsubscribe.html", {"subscriber": subscriber})


@require_safe
@public_page
def newsletter_issue(request, number):
    issue = get_object_or_404(NewsletterIssue.objects.archived().select_related("document"), number=number)
    paragraphs = [p.strip() for p in issue.body.split("\n\n") if p.strip()]
    return render(request, "library/newsletter_issue.html", {"issue": issue, "paragraphs": paragraphs})
