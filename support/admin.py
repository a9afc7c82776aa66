from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from mess_portal.admin import ExportPageCSPMixin, LocalDateHierarchyMixin, TaxonomyAdmin
from support.models import (
    AccessMode,
    DataInclusionMapping,
    Need,
    OrientationRequest,
    ProjectStage,
    Public,
    StatusChange,
    SupportKind,
    SupportService,
)
from support.resources import SupportServiceResource
from support.services import orientation_request_orient
from support.stats import orientation_figures

for model in (SupportKind, Need, ProjectStage, Public, AccessMode):
    admin.site.register(model, TaxonomyAdmin)


@admin.register(DataInclusionMapping)
class DataInclusionMappingAdmin(admin.ModelAdmin):
    """How the catalogue's values export to data·inclusion (docs/datainclusion.md): the export follows
    these rows at once, and so do the open-data files at their next build."""

    list_display = ["kind", "local_value", "official_value"]
    list_filter = ["kind"]
    search_fields = ["local_value", "official_value"]


@admin.register(SupportService)
class SupportServiceAdmin(ExportPageCSPMixin, SimpleHistoryAdmin, ImportExportModelAdmin):
    resource_classes = [SupportServiceResource]
    list_display = ["name_fr", "provider", "cost", "region_wide", "is_published", "updated_at"]
    list_filter = ["is_published", "cost", "kinds", "needs", "stages", "region_wide", "is_demo"]
    search_fields = ["name_fr", "name_ar", "name_en", "provider__name_fr", "provider__name_ar", "slug"]
    list_select_related = ["provider"]
    autocomplete_fields = ["provider", "eligible_communes"]
    filter_horizontal = ["kinds", "needs", "stages", "publics", "access_modes", "eligible_provinces"]
    prepopulated_fields = {"slug": ["name_fr"]}
    readonly_fields = ["created_at", "updated_at"]
    # A link typed without its scheme is taken as https (Django 6's default; 5.2 warns without it).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["provider", "name_fr", "name_ar", "name_en", "slug", "is_published"]}),
        (_("Description"), {"fields": ["description_fr", "description_ar", "description_en"]}),
        (_("Who and what for"), {"fields": ["kinds", "needs", "stages", "publics"]}),
        (
            _("Cost and conditions"),
            {
                "fields": [
                    "cost",
                    "cost_details_fr",
                    "cost_details_ar",
                    "cost_details_en",
                    "conditions_fr",
                    "conditions_ar",
                    "conditions_en",
                ]
            },
        ),
        (_("Where"), {"fields": ["region_wide", "eligible_provinces", "eligible_communes"]}),
        (_("How to reach it"), {"fields": ["access_modes", "contact_name", "phone", "email", "url"]}),
        (None, {"fields": ["is_demo", "created_at", "updated_at"]}),
    ]


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    fields = ["at", "old_status", "new_status", "by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class OrientationRequestAdminForm(forms.ModelForm):
    class Meta:
        model = OrientationRequest
        fields = [
            "requester_kind",
            "name",
            "organisation",
            "email",
            "phone",
            "commune",
            "stage",
            "need",
            "message",
            "consent",
            "status",
            "handled_by",
            "suggested_services",
            "internal_notes",
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == OrientationRequest.Status.ORIENTED and not cleaned.get(
            "suggested_services"
        ):
            self.add_error(
                "suggested_services",
                _(
                    "Suggest at least one support service before marking the "
                    "request oriented: they are what the requester receives."
                ),
            )
        return cleaned


@admin.register(OrientationRequest)
class OrientationRequestAdmin(LocalDateHierarchyMixin, admin.ModelAdmin):
    form = OrientationRequestAdminForm
    list_display = ["reference", "created_at", "name", "commune", "need", "status", "handled_by"]
    list_filter = [
        "status",
        ("commune__province", admin.RelatedOnlyFieldListFilter),
        "need",
        "stage",
        "requester_kind",
        ("handled_by", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["reference", "name", "organisation", "email", "phone", "message"]
    list_select_related = ["commune", "need", "handled_by"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["suggested_services", "commune"]
    readonly_fields = ["reference", "created_at", "acknowledged_at", "oriented_at", "language"]
    inlines = [StatusChangeInline]
    fieldsets = [
        (
            _("Request"),
            {
                "fields": [
                    "reference",
                    "created_at",
                    "requester_kind",
                    "name",
                    "organisation",
                    "email",
                    "phone",
                    "commune",
                    "stage",
                    "need",
                    "message",
                    "consent",
                    "language",
                    "acknowledged_at",
                ]
            },
        ),
        (
            _("Handling"),
            {"fields": ["status", "handled_by", "suggested_services", "internal_notes", "oriented_at"]},
        ),
    ]
    actions = ["mark_in_progress", "mark_closed"]

    def has_add_permission(self, request):
        return False  # requests come from the public form

    def get_urls(self):
        figures = path(
            "figures/",
            self.admin_site.admin_view(self.figures_view),
            name="support_orientationrequest_figures",
        )
        return [figures, *super().get_urls()]

    def figures_view(self, request):
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Orientation requests in figures"),
            "figures": orientation_figures(),
        }
        return TemplateResponse(request, "admin/support/orientationrequest/figures.html", context)

    def save_model(self, request, obj, form, change):
        # The status moves through change_status (so each change is recorded) once the suggested
        # services are saved, in save_related.
        self._new_status = obj.status
        if change:
            obj.status = OrientationRequest.objects.values_list("status", flat=True).get(pk=obj.pk)
        if obj.handled_by is None and self._new_status != OrientationRequest.Status.NEW:
            obj.handled_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        new_status = getattr(self, "_new_status", obj.status)
        if new_status == obj.status:
            return
        if new_status == OrientationRequest.Status.ORIENTED:
            sent = orientation_request_orient(
                request=obj, by=request.user, site_url=request.build_absolute_uri("/")
            )
            if sent:
                messages.success(
                    request,
                    _(
                        "The e-mail with the suggested services is on its way to the requester (tried "
                        "again while the mail server fails: see the background jobs)."
                    ),
                )
            else:
                messages.warning(
                    request,
                    _(
                        "Marked oriented, but the request has no e-mail address: contact the requester by phone."
                    ),
                )
        else:
            obj.change_status(new_status, by=request.user)

    @admin.action(description=_("Mark the selected requests in progress"), permissions=["change"])
    def mark_in_progress(self, request, queryset):
        for obj in queryset.filter(status=OrientationRequest.Status.NEW):
            obj.change_status(OrientationRequest.Status.IN_PROGRESS, by=request.user)
            if obj.handled_by_id is None:
                OrientationRequest.objects.filter(pk=obj.pk).update(handled_by=request.user)

    @admin.action(description=_("Close the selected requests"), permissions=["change"])
    def mark_closed(self, request, queryset):
        for obj in queryset.exclude(status=OrientationRequest.Status.CLOSED):
            obj.change_status(OrientationRequest.Status.CLOSED, by=request.user)


def open_requests_count():
    return OrientationRequest.objects.open().aggregate(n=Count("pk"))["n"]
