from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from events import services, stats
from events.forms import CheckInSearchForm, EventPhotoForm, MessageForm, StaffRegistrationForm
from events.models import Event, EventPhoto, Registration, Session
from events.resources import RegistrationResource
from library.models import Document
from mess_portal.admin import ExportPageCSPMixin

# Why services.register refused a registration staff entered, and what to do.
STAFF_REFUSALS = {
    services.RegistrationError.CLOSED: _(
        "Registrations for this event are closed (not opened yet, past their deadline, or the event is "
        "over or cancelled): change the event's registration dates first if this person should come."
    ),
    services.RegistrationError.DUPLICATE: _(
        "This e-mail address is already registered for this event (or on its waiting list)."
    ),
    services.RegistrationError.BUSY: _(
        "Someone else took the place at the same moment: send the form again."
    ),
}


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ["starts_at", "ends_at", "title_fr", "title_ar", "title_en", "speakers", "room", "position"]
    formfield_overrides = {models.TextField: {"widget": admin.widgets.AdminTextareaWidget(attrs={"rows": 2})}}


class EventPhotoInline(admin.TabularInline):
    model = EventPhoto
    form = EventPhotoForm
    extra = 0


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = [
        "title_fr",
        "kind",
        "starts_at",
        "status",
        "commune",
        "registration_open",
        "places",
        "links",
    ]
    list_filter = ["kind", "status", "registration_open", "commune__province", "is_demo"]
    search_fields = ["title_fr", "title_ar", "title_en", "slug", "venue_fr", "venue_ar", "venue_en"]
    list_select_related = ["commune"]
    autocomplete_fields = ["commune", "organiser", "partners"]
    # Not an autocomplete: that would need the library's view permission, which shows its drafts.
    filter_horizontal = ["documents"]
    prepopulated_fields = {"slug": ["title_fr"]}
    readonly_fields = ["sequence", "created_at", "updated_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [SessionInline, EventPhotoInline]
    fieldsets = [
        (None, {"fields": ["kind", "status", "title_fr", "title_ar", "title_en", "slug"]}),
        (
            _("Description"),
            {
                "fields": [
                    "summary_fr",
                    "summary_ar",
                    "summary_en",
                    "description_fr",
                    "description_ar",
                    "description_en",
                ]
            },
        ),
        (_("When"), {"fields": ["starts_at", "ends_at"], "description": _("Times are Morocco time.")}),
        (
            _("Where"),
            {
                "fields": [
                    "venue_fr",
                    "venue_ar",
                    "venue_en",
                    "address",
                    "commune",
                    "latitude",
                    "longitude",
                    "online_url",
                ]
            },
        ),
        (_("Who"), {"fields": ["organiser", "partners"]}),
        (_("Registration"), {"fields": ["registration_open", "capacity", "registration_closes_at"]}),
        (_("After the event"), {"fields": ["documents"]}),
        (None, {"fields": ["is_demo", "sequence", "created_at", "updated_at"]}),
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "documents":
            kwargs["queryset"] = Document.objects.published().order_by("-year", "title_fr")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                confirmed_count=Count(
                    "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
                ),
                waiting_count=Count(
                    "registrations", filter=Q(registrations__status=Registration.Status.WAITING)
                ),
            )
        )

    @admin.display(description=_("registered / places (waiting)"))
    def places(self, event):
        if not event.registration_open:
            return "—"
        capacity = event.capacity if event.capacity is not None else "∞"
        return f"{event.confirmed_count} / {capacity} ({event.waiting_count})"

    @admin.display(description=_("registrations"))
    def links(self, event):
        if not event.registration_open and not event.confirmed_count:
            return ""
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            _registrations_url(event, Registration.Status.CONFIRMED),
            _("attendees"),
            _registrations_url(event, Registration.Status.WAITING),
            _("waiting list"),
            reverse("admin:events_event_checkin", args=[event.pk]),
            _("check-in"),
            reverse("admin:events_event_figures", args=[event.pk]),
            _("figures"),
        )

    def save_model(self, request, obj, form, change):
        previous = None
        if change:
            previous = services.calendar_state(Event.objects.get(pk=obj.pk))
        super().save_model(request, obj, form, change)
        promoted = services.event_saved(event=obj, previous=previous)
        if promoted:
            messages.info(
                request,
                ngettext(
                    "%(n)d person moved up from the waiting list and was told by e-mail.",
                    "%(n)d people moved up from the waiting list and were told by e-mail.",
                    len(promoted),
                )
                % {"n": len(promoted)},
            )

    def get_urls(self):
        own = [
            path(
                "<int:pk>/checkin/",
                self.admin_site.admin_view(self.checkin_view),
                name="events_event_checkin",
            ),
            path(
                "<int:pk>/message/",
                self.admin_site.admin_view(self.message_view),
                name="events_event_message",
            ),
            path(
                "<int:pk>/register/",
                self.admin_site.admin_view(self.register_view),
                name="events_event_register",
            ),
            path(
                "<int:pk>/figures/",
                self.admin_site.admin_view(self.figures_view),
                name="events_event_figures",
            ),
        ]
        return own + super().get_urls()

    def _event_or_403(self, request, pk, *, change=False):
        event = get_object_or_404(Event, pk=pk)
        allowed = (
            self.has_change_permission(request, event) if change else self.has_view_permission(request, event)
        )
        if not allowed:
            raise PermissionDenied
        return event

    def _context(self, request, event, title):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "event": event,
            "title": title,
        }

    def checkin_view(self, request, pk):
        """The door on the day: find a person by name, e-mail or code (typed or scanned), mark present."""
        event = self._event_or_403(request, pk, change=True)
        url = reverse("admin:events_event_checkin", args=[event.pk])
        if request.method == "POST":
            token = request.POST.get("token", "").strip()
            pk_value = request.POST.get("registration", "")
            registration = None
            if token:
                registration = event.registrations.filter(checkin_token=token).first()
            elif pk_value.isdigit():
                registration = event.registrations.filter(pk=int(pk_value)).first()
            if registration is None:
                messages.error(request, _("No registration of this event has this code."))
            elif registration.status != Registration.Status.CONFIRMED:
                messages.warning(
                    request,
                    _("%(name)s is not confirmed (%(status)s).")
                    % {"name": registration.name, "status": registration.get_status_display()},
                )
            elif services.check_in(registration=registration):
                messages.success(request, _("%(name)s is marked present.") % {"name": registration.name})
            else:
                messages.info(
                    request, _("%(name)s was already marked present.") % {"name": registration.name}
                )
            query = request.POST.get("q", "")
            return HttpResponseRedirect(url + (f"?{_urlencode({'q': query})}" if query else ""))
        form = CheckInSearchForm(request.GET or None)
        matches = []
        query = ""
        if form.is_valid() and form.cleaned_data["q"]:
            query = form.cleaned_data["q"].strip()
            matches = list(
                event.registrations.active()
                .filter(
                    Q(name__icontains=query)
                    | Q(email__icontains=query)
                    | Q(checkin_token=query)
                    | Q(organisation__icontains=query)
                )
                .select_related("actor")
                .order_by("name", "pk")[:50]
            )
        counts = stats.event_counts(event)
        context = {
            **self._context(request, event, _("Check-in: %(title)s") % {"title": event.title_fr}),
            "form": form,
            "query": query,
            "matches": matches,
            "counts": counts,
        }
        return TemplateResponse(request, "admin/events/event/checkin.html", context)

    def register_view(self, request, pk):
        """Register someone by hand (a phone call, a visit), through the same rules as the public form."""
        event = self._event_or_403(request, pk, change=True)
        form = StaffRegistrationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                registration = services.register(
                    event=event,
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    organisation=data["organisation"],
                    language=data["language"],
                    send_email=data["send_email"],
                )
            except services.RegistrationError as exc:
                form.add_error(None, STAFF_REFUSALS[exc.code])
            else:
                if registration.status == Registration.Status.CONFIRMED:
                    messages.success(request, _("%(name)s is registered.") % {"name": registration.name})
                else:
                    messages.warning(
                        request,
                        _("The event is full: %(name)s is on the waiting list.")
                        % {"name": registration.name},
                    )
                return HttpResponseRedirect(reverse("admin:events_event_change", args=[event.pk]))
        context = {
            **self._context(request, event, _("Register someone: %(title)s") % {"title": event.title_fr}),
            "form": form,
            "counts": stats.event_counts(event),
        }
        return TemplateResponse(request, "admin/events/event/register.html", context)

    def message_view(self, request, pk):
        event = self._event_or_403(request, pk, change=True)
        form = MessageForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            sent = services.send_message(
                event=event,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                include_waiting=form.cleaned_data["include_waiting"],
            )
            # Queued as background jobs: those the mail server refuses are tried again, and listed
            # among the failed jobs if they never go.
            messages.success(
                request, _("Message on its way to %(sent)d people (one e-mail each).") % {"sent": sent}
            )
            return HttpResponseRedirect(reverse("admin:events_event_change", args=[event.pk]))
        counts = stats.event_counts(event)
        context = {
            **self._context(
                request, event, _("Message to the registered people: %(title)s") % {"title": event.title_fr}
            ),
            "form": form,
            "counts": counts,
        }
        return TemplateResponse(request, "admin/events/event/message.html", context)

    def figures_view(self, request, pk):
        event = self._event_or_403(request, pk)
        context = {
            **self._context(request, event, _("Figures: %(title)s") % {"title": event.title_fr}),
            "figures": stats.event_figures(event),
            "attendees_url": _registrations_url(event, Registration.Status.CONFIRMED),
            "waiting_url": _registrations_url(event, Registration.Status.WAITING),
        }
        return TemplateResponse(request, "admin/events/event/figures.html", context)


def _urlencode(params):
    from urllib.parse import urlencode

    return urlencode(params)


def _registrations_url(event, status):
    return (
        reverse("admin:events_registration_changelist")
        + "?"
        + _urlencode({"event__id__exact": event.pk, "status__exact": status})
    )


class CheckedInFilter(admin.SimpleListFilter):
    title = _("present")
    parameter_name = "present"

    def lookups(self, request, model_admin):
        return [("yes", _("present")), ("no", _("not marked present"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(checked_in_at=None)
        if self.value() == "no":
            return queryset.filter(checked_in_at=None)
        return queryset


@admin.register(Registration)
class RegistrationAdmin(ExportPageCSPMixin, ExportMixin, admin.ModelAdmin):
    resource_classes = [RegistrationResource]
    list_display = [
        "name",
        "email",
        "event",
        "status",
        "waiting_rank",
        "seat",
        "organisation",
        "created_at",
        "checked_in_at",
    ]
    list_filter = ["status", CheckedInFilter, "language", "event"]
    search_fields = [
        "name",
        "email",
        "organisation",
        "phone",
        "checkin_token",
        "event__title_fr",
        "event__slug",
    ]
    list_select_related = ["event"]
    autocomplete_fields = ["event", "actor"]
    readonly_fields = [
        "seat",
        "checkin_token",
        "consent_at",
        "promoted_at",
        "cancelled_at",
        "reminder_sent_at",
        "confirmation_sent_at",
        "created_at",
    ]
    fields = [
        "event",
        "status",
        "name",
        "email",
        "phone",
        "organisation",
        "actor",
        "language",
        "checked_in_at",
        *readonly_fields,
    ]
    ordering = ["event", "created_at", "pk"]
    actions = ["cancel_registrations", "mark_present"]

    def has_add_permission(self, request):
        # Registrations go through the public form (or services.register): the rules live there.
        return False

    def get_readonly_fields(self, request, obj=None):
        # Status changes go through the actions, which keep the waiting list moving.
        return [*self.readonly_fields, "event", "status"]

    def get_queryset(self, request):
        # Each waiting registration's place in line, counted in the list's own query.
        ahead = (
            Registration.objects.filter(event=OuterRef("event"), status=Registration.Status.WAITING)
            .filter(
                Q(created_at__lt=OuterRef("created_at"))
                | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
            )
            .order_by()
            .values("event")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return super().get_queryset(request).annotate(waiting_ahead=Coalesce(Subquery(ahead), 0))

    @admin.display(description=_("waiting rank"))
    def waiting_rank(self, registration):
        if registration.status != Registration.Status.WAITING:
            return ""
        return registration.waiting_ahead + 1

    @admin.action(
        description=_("Cancel the selected registrations (the waiting list moves up)"), permissions=["change"]
    )
    def cancel_registrations(self, request, queryset):
        promoted = []
        count = 0
        for registration in queryset.filter(status__in=Registration.ACTIVE).order_by("pk"):
            promoted += services.cancel(registration=registration)
            count += 1
        self.message_user(
            request,
            _("%(count)d registrations cancelled; %(promoted)d moved up from the waiting list.")
            % {"count": count, "promoted": len(promoted)},
        )

    @admin.action(description=_("Mark the selected people present"), permissions=["change"])
    def mark_present(self, request, queryset):
        count = queryset.filter(status=Registration.Status.CONFIRMED, checked_in_at=None).update(
            checked_in_at=timezone.now()
        )
        self.message_user(request, _("%(count)d people marked present.") % {"count": count})


from events import contest_admin  # noqa: E402,F401  (the regional contest's admin)
