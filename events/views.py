import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from events import dates, services
from events.filters import EventFilter
from events.forms import RegistrationForm
from events.ical import calendar_bytes
from events.models import Event, Registration
from mess_portal.antispam import over_rate_limit
from mess_portal.i18n import current_language
from mess_portal.pagecache import public_page

PAGE_SIZE = 12
REGISTRATIONS_PER_HOUR = 10
FEED_SIZE = 100


@require_safe
@public_page
def event_list(request):
    now = timezone.now()
    filterset = EventFilter(request.GET or None, queryset=Event.objects.published().for_list())
    view = "calendar" if request.GET.get("view") == "calendar" else "list"
    status = 400 if filterset.is_bound and filterset.errors else 200
    events = filterset.qs if status == 200 else Event.objects.none()
    context = {"filterset": filterset, "view": view, "chips": _active_filters(filterset)}
    if view == "calendar":
        context.update(_calendar(request, events, filterset.chosen_month))
        return render(request, "events/event_calendar.html", context, status=status)
    when = "past" if request.GET.get("when") == "past" else "upcoming"
    if filterset.chosen_month:
        events = events.order_by("starts_at", "pk")
        when = "month"
    elif when == "past":
        events = events.past(now)
    else:
        events = events.upcoming(now)
    paginator = Paginator(events, PAGE_SIZE)
    page_obj = paginator.get_page(_page_number(request, paginator))
    context.update({"page_obj": page_obj, "events": _with_places(page_obj.object_list, now), "when": when})
    return render(request, "events/event_list.html", context, status=status)


def _with_places(events, now):
    """The events with what their card says about registration (the list query counted the confirmed)."""
    events = list(events)
    for event in events:
        event.open_for_registration = event.takes_registrations(now)
        event.places_left_now = event.places_left(event.confirmed_count)
    return events


def _page_number(request, paginator):
    try:
        number = int(request.GET.get("page", 1))
    except ValueError:
        raise Http404(_("This page does not exist.")) from None
    if number < 1 or (number > paginator.num_pages and number != 1):
        raise Http404(_("This page does not exist."))
    return number


def _calendar(request, events, month):
    first = month or dates.parse_month(request.GET.get("month")) or dates.today().replace(day=1)
    start, end = dates.month_range(first)
    by_day = {}
    for event in _with_places(events.overlapping(start, end).order_by("starts_at", "pk"), timezone.now()):
        for day in dates.days_of(event.starts_at, event.ends_at):
            by_day.setdefault(day, []).append(event)
    weeks = [
        [
            {"day": day, "events": by_day.get(day, []), "today": day == dates.today()} if day else None
            for day in week
        ]
        for week in dates.month_weeks(first)
    ]
    query = request.GET.copy()
    query.pop("page", None)
    links = {}
    for name, month_ in (("previous", dates.previous_month(first)), ("next", dates.next_month(first))):
        query["view"] = "calendar"
        query["month"] = month_.strftime("%Y-%m")
        links[name] = "?" + query.urlencode()
    return {
        "weekdays": [WEEKDAYS_ABBR[n] for n in range(7)],
        "month": first,
        "weeks": weeks,
        "month_events": sorted(
            {e.pk: e for day in by_day.values() for e in day}.values(), key=lambda e: (e.starts_at, e.pk)
        ),
        "previous_url": links["previous"],
        "next_url": links["next"],
    }


def _active_filters(filterset):
    if not filterset.is_bound or filterset.errors:
        return []
    chips = []
    for name, field in filterset.form.fields.items():
        value = filterset.form.cleaned_data.get(name)
        if value in (None, ""):
            continue
        if name == "kind":
            label = Event.Kind(value).label
        elif name == "province":
            label = value.name
        else:
            label = value
        remaining = filterset.data.copy()
        remaining.pop(name, None)
        remaining.pop("page", None)
        chips.append({"name": field.label, "value": label, "remove": "?" + remaining.urlencode()})
    return chips


def _registration_figures(event):
    if not event.registration_open:
        return {}
    counts = event.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=Registration.Status.WAITING)),
    )
    places_left = None if event.capacity is None else max(event.capacity - counts["confirmed"], 0)
    return {**counts, "places_left": places_left}


def _detail_context(request, event, form=None):
    now = timezone.now()
    return {
        "json_ld": _json_ld(event, request.build_absolute_uri(event.get_absolute_url())),
        "event": event,
        "starts": dates.local(event.starts_at),
        "ends": dates.local(event.ends_at),
        "is_past": event.is_past(now),
        "takes_registrations": event.takes_registrations(now),
        "deadline": dates.local(event.registration_deadline),
        "figures": _registration_figures(event),
        "form": form or RegistrationForm(),
        "sessions_by_day": _sessions_by_day(event),
    }


def _sessions_by_day(event):
    days = []
    for session in event.sessions.all():
        day = dates.local(session.starts_at).date()
        if not days or days[-1]["day"] != day:
            days.append({"day": day, "sessions": []})
        days[-1]["sessions"].append(
            {
                "session": session,
                "starts": dates.local(session.starts_at),
                "ends": dates.local(session.ends_at) if session.ends_at else None,
            }
        )
    return days


@require_safe
@public_page
def event_detail(request, slug):
    event = get_object_or_404(Event.objects.published().for_detail(), slug=slug)
    return render(request, "events/event_detail.html", _detail_context(request, event))


def _json_ld(event, url) -> str:
    """schema.org Event, escaped like json_script so that the text cannot close the <script>."""
    status = "EventCancelled" if event.is_cancelled else "EventScheduled"
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": url,
        "startDate": event.starts_at.isoformat(),
        "endDate": event.ends_at.isoformat(),
        "eventStatus": f"https://schema.org/{status}",
        "organizer": {"@type": "Organization", "name": event.organiser.name if event.organiser else "MESS"},
    }
    if event.summary:
        data["description"] = event.summary
    places = []
    if event.has_place:
        address = {"@type": "PostalAddress", "streetAddress": event.address, "addressCountry": "MA"}
        if event.commune_id:
            address["addressLocality"] = event.commune.name
            address["addressRegion"] = event.commune.province.name
        places.append({"@type": "Place", "name": event.venue or event.title, "address": address})
    if event.online_url:
        places.append({"@type": "VirtualLocation", "url": event.online_url})
    if places:
        data["location"] = places if len(places) > 1 else places[0]
        mode = "Mixed" if len(places) > 1 else "Online" if event.online_url else "Offline"
        data["eventAttendanceMode"] = f"https://schema.org/{mode}EventAttendanceMode"
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES))  # noqa: S308


_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@require_http_methods(["POST"])
def event_register(request, slug):
    event = get_object_or_404(Event.objects.published().for_detail(), slug=slug)
    form = RegistrationForm(request.POST)
    if over_rate_limit(request, scope="events-register", limit=REGISTRATIONS_PER_HOUR):
        messages.error(
            request, _("You have sent several registrations in a short time. Please try again in an hour.")
        )
        return render(request, "events/event_detail.html", _detail_context(request, event, form), status=429)
    if not form.is_valid():
        return render(request, "events/event_detail.html", _detail_context(request, event, form), status=400)
    if form.is_spam:
        # A robot is answered like a person; nothing is stored or sent.
        return redirect(reverse("events:registered", args=[event.slug]) + "?status=confirmed")
    data = form.cleaned_data
    try:
        registration = services.register(
            event=event,
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            organisation=data["organisation"],
            actor=data["actor"],
            language=current_language(),
        )
    except services.RegistrationError as exc:
        errors = {
            services.RegistrationError.CLOSED: _("Registrations for this event are closed."),
            services.RegistrationError.DUPLICATE: _(
                "This e-mail address is already registered for this event (or on its waiting list). "
                "The confirmation e-mail has a link to cancel."
            ),
            services.RegistrationError.BUSY: _(
                "Many people are registering at once: please send the form again."
            ),
        }
        form.add_error(None, errors[exc.code])
        return render(request, "events/event_detail.html", _detail_context(request, event, form), status=409)
    return redirect(reverse("events:registered", args=[event.slug]) + f"?status={registration.status}")


@require_safe
def event_registered(request, slug):
    event = get_object_or_404(Event.objects.published().select_related("commune__province"), slug=slug)
    status = request.GET.get("status")
    if status not in (Registration.Status.CONFIRMED, Registration.Status.WAITING):
        status = Registration.Status.CONFIRMED
    return render(
        request,
        "events/registration_done.html",
        {"event": event, "status": status, "starts": dates.local(event.starts_at)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def registration_cancel(request, token):
    registration, state = services.registration_from_cancel_token(token)
    if request.method == "POST" and state == "ok":
        services.cancel(registration=registration)
        state = "done"
    status = 200 if state in ("ok", "done") else 410 if state in ("used", "started", "expired") else 404
    event = registration.event if registration else None
    return render(
        request,
        "events/registration_cancel.html",
        {
            "registration": registration,
            "event": event,
            "state": state,
            "starts": dates.local(event.starts_at) if event else None,
        },
        status=status,
    )


def _ics_response(content: bytes, filename: str):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
@public_page
def event_ics(request, slug):
    event = get_object_or_404(Event.objects.published().select_related("commune__province"), slug=slug)
    return _ics_response(calendar_bytes([event], language=current_language()), f"{event.slug}.ics")


@require_safe
@public_page
def calendar_feed(request):
    events = Event.objects.published().upcoming().select_related("commune__province")[:FEED_SIZE]
    content = calendar_bytes(events, name=_("MESS events"), language=current_language())
    return _ics_response(content, "evenements-mess.ics")
