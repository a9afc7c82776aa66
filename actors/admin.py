from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from actors.forms import ActorAdminForm, ActorPhotoForm
from actors.models import Actor, ActorPhoto, Proposal
from actors.resources import EXPORT_FORMATS, IMPORT_FORMATS, ActorResource
from actors.services import actors_merge, proposal_apply
from mess_portal.admin import ExportPageCSPMixin, LocalDateHierarchyMixin


class ActorPhotoInline(admin.TabularInline):
    model = ActorPhoto
    form = ActorPhotoForm
    extra = 0


class DuplicateFilter(admin.SimpleListFilter):
    title = _("possible duplicates")
    parameter_name = "duplicate"

    def lookups(self, request, model_admin):
        return [("yes", _("flagged as a possible duplicate"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(possible_duplicate_of__isnull=False)
        return queryset


def _status_action(status, label):
    def action(modeladmin, request, queryset):
        count = 0
        for actor in queryset.exclude(status=status):
            actor.set_status(status)
            modeladmin.log_change(request, actor, [{"changed": {"fields": ["publication status"]}}])
            count += 1
        modeladmin.message_user(
            request,
            ngettext("%(count)d structure changed.", "%(count)d structures changed.", count)
            % {"count": count},
        )

    action.__name__ = f"mark_{status}"
    action.short_description = label
    action.allowed_permissions = ("change",)
    return action


@admin.register(Actor)
class ActorAdmin(LocalDateHierarchyMixin, ExportPageCSPMixin, SimpleHistoryAdmin, ImportExportModelAdmin):
    form = ActorAdminForm
    resource_classes = [ActorResource]
    import_formats = IMPORT_FORMATS
    export_formats = list(EXPORT_FORMATS.values())
    list_display = ["name_fr", "name_ar", "legal_family", "commune", "status", "last_verified", "flagged"]
    list_filter = [
        "status",
        DuplicateFilter,
        "legal_family",
        ("commune__province", admin.RelatedOnlyFieldListFilter),
        "sectors",
        "labels",
        "women_declared",
        "is_demo",
        "last_verified",
    ]
    list_select_related = ["legal_family", "commune", "possible_duplicate_of"]
    search_fields = [
        "name_fr",
        "name_ar",
        "acronym",
        "ice",
        "odco_number",
        "rc_number",
        "commune__name_fr",
        "slug",
    ]
    autocomplete_fields = ["commune", "sectors", "labels", "possible_duplicate_of"]
    readonly_fields = ["created_at", "updated_at", "logo_preview"]
    prepopulated_fields = {"slug": ["name_fr"]}
    date_hierarchy = "updated_at"
    list_per_page = 50
    show_full_result_count = False
    inlines = [ActorPhotoInline]
    actions = [
        _status_action(Actor.Status.PUBLISHED, _("Publish the selected structures")),
        _status_action(Actor.Status.PENDING, _("Mark the selected structures as pending review")),
        _status_action(Actor.Status.DRAFT, _("Return the selected structures to draft")),
        _status_action(Actor.Status.ARCHIVED, _("Archive the selected structures")),
        "merge",
    ]
    fieldsets = [
        (None, {"fields": ["name_fr", "name_ar", "acronym", "slug", "legal_family", "sectors", "labels"]}),
        (
            _("Publication"),
            {"fields": ["status", "last_verified", "source", "possible_duplicate_of", "is_demo"]},
        ),
        (_("Place"), {"fields": ["commune", "address", ("latitude", "longitude")]}),
        (_("Contact"), {"fields": ["phone", "email", "website"]}),
        (
            _("Identity and size"),
            {
                "fields": [
                    "creation_date",
                    ("ice", "odco_number", "rc_number"),
                    ("members_total", "members_women", "members_youth"),
                    "employees",
                    "women_declared",
                ]
            },
        ),
        (
            _("Presentation"),
            {
                "fields": [
                    "description_fr",
                    "description_ar",
                    "description_en",
                    "products_fr",
                    "products_ar",
                    "products_en",
                    "logo",
                    "logo_preview",
                ]
            },
        ),
        (_("History"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_search_results(self, request, queryset, search_term):
        """The public search (accents, Arabic variants, trigram names, indexed), plus exact identifiers."""
        term = search_term.strip()
        if not term:
            return queryset, False
        # Each of these is indexed, so that the OR keeps to index scans.
        identifiers = Q(ice=term) | Q(odco_number=term) | Q(slug=term)
        return queryset.search(term) | queryset.filter(identifiers), False

    @admin.display(description=_("duplicate?"))
    def flagged(self, actor):
        """The record it may duplicate, linked, to compare the two before merging."""
        if actor.possible_duplicate_of_id is None:
            return "-"
        url = reverse("admin:actors_actor_change", args=[actor.possible_duplicate_of_id])
        return format_html('<a href="{}">{}</a>', url, actor.possible_duplicate_of)

    @admin.display(description=_("logo thumbnail"))
    def logo_preview(self, actor):
        if actor.logo_thumbnail:
            return format_html('<img src="{}" alt="" width="120">', actor.logo_thumbnail.url)
        return "-"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        other = obj.flag_duplicates()
        if other:
            messages.warning(
                request,
                _(
                    "“%(name)s” may be the same structure as “%(other)s” (n° %(pk)s): check, then merge or clear the flag."
                )
                % {"name": obj, "other": other, "pk": other.pk},
            )

    @admin.action(
        description=_("Merge the two selected structures (keeps the richer record)"), permissions=["delete"]
    )
    def merge(self, request, queryset):
        actors = list(queryset[:3])
        if len(actors) != 2:
            self.message_user(request, _("Select exactly two structures to merge."), messages.ERROR)
            return
        kept = actors_merge(first=actors[0], second=actors[1], by=request.user)
        self.message_user(request, _("Merged into “%(name)s”.") % {"name": kept})


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    """The moderation queue: what the public sent, to apply to the directory or to reject."""

    list_display = ["__str__", "kind", "status", "sender_name", "created_at", "actor"]
    list_filter = ["status", "kind"]
    list_select_related = ["actor"]
    search_fields = ["sender_name", "sender_email", "message", "actor__name_fr"]
    readonly_fields = [
        "kind",
        "actor",
        "proposed_values",
        "message",
        "sender_name",
        "sender_email",
        "language",
        "status",
        "created_at",
        "reviewed_at",
        "reviewed_by",
    ]
    fields = readonly_fields + ["staff_note"]
    actions = ["apply", "reject"]

    def has_add_permission(self, request):
        return False

    def response_change(self, request, obj):
        """The "Apply" and "Reject" buttons of the review page (the note is saved first)."""
        if obj.status == Proposal.Status.NEW and "_apply" in request.POST:
            try:
                actor = proposal_apply(proposal=obj, by=request.user)
            except ValidationError as exc:
                self.message_user(request, "; ".join(exc.messages), messages.ERROR)
                return HttpResponseRedirect(request.path)
            self.message_user(request, _("Applied to “%(name)s”.") % {"name": actor})
            return HttpResponseRedirect(reverse("admin:actors_actor_change", args=[actor.pk]))
        if obj.status == Proposal.Status.NEW and "_reject" in request.POST:
            obj.reject(by=request.user)
            self.message_user(request, _("Proposal rejected."))
            return HttpResponseRedirect(reverse("admin:actors_proposal_changelist"))
        return super().response_change(request, obj)

    @admin.display(description=_("proposed values"))
    def proposed_values(self, proposal):

        current = proposal.actor
        rows = []
        for key, value in proposal.data.items():
            before = (
                getattr(current, key, "") if current and proposal.kind == Proposal.Kind.CORRECTION else ""
            )
            if key == "legal_family" and current:
                before = current.legal_family.slug
            elif key == "commune" and current:
                before = current.commune.code
            elif key == "sectors" and current:
                before = sorted(current.sectors.values_list("slug", flat=True))
            changed = proposal.kind == Proposal.Kind.CORRECTION and str(before or "") != str(value or "")
            rows.append(
                (
                    key,
                    before if proposal.kind == Proposal.Kind.CORRECTION else "",
                    value,
                    "★" if changed else "",
                )
            )
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th></th></tr></thead><tbody>{}</tbody></table>",
            _("field"),
            _("current"),
            _("proposed"),
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )

    @admin.action(description=_("Apply the selected proposals to the directory"), permissions=["change"])
    def apply(self, request, queryset):
        applied = 0
        for proposal in queryset.filter(status=Proposal.Status.NEW).select_related("actor"):
            try:
                proposal_apply(proposal=proposal, by=request.user)
            except ValidationError as exc:
                self.message_user(
                    request,
                    _("Proposal “%(p)s” not applied: %(errors)s")
                    % {"p": proposal, "errors": "; ".join(exc.messages)},
                    messages.ERROR,
                )
                continue
            applied += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d proposal applied; new structures are drafts until you publish them.",
                "%(count)d proposals applied; new structures are drafts until you publish them.",
                applied,
            )
            % {"count": applied},
        )

    @admin.action(description=_("Reject the selected proposals"), permissions=["change"])
    def reject(self, request, queryset):
        count = 0
        for proposal in queryset.filter(status=Proposal.Status.NEW):
            proposal.reject(by=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d proposal rejected.", "%(count)d proposals rejected.", count)
            % {"count": count},
        )
