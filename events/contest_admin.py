"""The regional contest in the admin: editions, the jury's work (scoring, conflicts of interest), the
results and the laureates. Imported at the end of events/admin.py.

Who sees what: contest staff (the events team, who may add laureates) see everything; a juror (group
"Jury du concours") sees only the applications of the categories they are assigned to, minus those of
structures they declared a conflict of interest with, without the applicant's name when the edition
is anonymous. Marks are written only through the scoring page, which checks the same rules.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from events import contest_services as services
from events.contest_forms import ScoreSheetForm
from events.models import (
    Application,
    ApplicationAttachment,
    ConflictOfInterest,
    ContestCategory,
    ContestEdition,
    Criterion,
    Laureate,
    Score,
)

IDENTIFYING_FIELDS = ["actor", "proposal", "structure_name", "contact_name", "contact_email", "contact_phone"]


class ContestCategoryInline(admin.StackedInline):
    model = ContestCategory
    extra = 0
    fields = [
        ("name_fr", "name_ar", "name_en"),
        ("prize_fr", "prize_ar", "prize_en"),
        "description_fr",
        "jurors",
        "position",
    ]
    filter_horizontal = ["jurors"]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["name_fr", "name_ar", "name_en", "weight", "scale_max", "position"]


@admin.register(ContestEdition)
class ContestEditionAdmin(SimpleHistoryAdmin):
    list_display = [
        "year",
        "theme_fr",
        "status",
        "applications_open_at",
        "applications_close_at",
        "anonymous_jury",
        "results_link",
    ]
    list_filter = ["status", "anonymous_jury"]
    search_fields = ["theme_fr", "theme_ar", "theme_en", "year"]
    list_select_related = ["rules", "ceremony"]
    autocomplete_fields = ["rules"]
    readonly_fields = ["results_published_at"]
    inlines = [ContestCategoryInline, CriterionInline]
    actions = ["draft_laureates", "publish_laureates"]
    fieldsets = [
        (None, {"fields": ["year", "status", ("theme_fr", "theme_ar", "theme_en")]}),
        (
            _("Presentation"),
            {
                "fields": [
                    "introduction_fr",
                    "introduction_ar",
                    "introduction_en",
                    "prizes_fr",
                    "prizes_ar",
                    "prizes_en",
                    "rules",
                ]
            },
        ),
        (
            _("Calendar"),
            {
                "fields": [
                    ("applications_open_at", "applications_close_at"),
                    ("jury_starts_on", "jury_ends_on"),
                    "ceremony",
                ]
            },
        ),
        (_("Jury"), {"fields": ["anonymous_jury", "results_published_at"]}),
    ]

    @admin.display(description=_("results"))
    def results_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:events_contestedition_results", args=[obj.pk]),
            gettext("Results"),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/results/",
                self.admin_site.admin_view(self.results_view),
                name="events_contestedition_results",
            ),
            path(
                "<int:pk>/results.xlsx",
                self.admin_site.admin_view(self.results_export_view),
                name="events_contestedition_results_xlsx",
            ),
            *super().get_urls(),
        ]

    def _edition_for_results(self, request, pk):
        if not services.is_contest_staff(request.user):
            raise PermissionDenied
        return get_object_or_404(ContestEdition, pk=pk)

    def results_view(self, request, pk):
        edition = self._edition_for_results(request, pk)
        if request.method == "POST":
            action = request.POST.get("action")
            if action == "draft":
                self.draft_laureates(request, ContestEdition.objects.filter(pk=edition.pk))
            elif action == "publish":
                self.publish_laureates(request, ContestEdition.objects.filter(pk=edition.pk))
            return redirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "edition": edition,
            "title": gettext("Results of the %(year)s contest") % {"year": edition.year},
            "results": services.edition_results(edition),
            "criteria": edition.criteria.all(),
            "laureates": Laureate.objects.filter(edition=edition).for_page(),
            "mark_scale": services.MARK_SCALE,
        }
        return TemplateResponse(request, "admin/events/contest/results.html", context)

    def results_export_view(self, request, pk):
        from events.contest_exports import results_xlsx

        edition = self._edition_for_results(request, pk)
        response = HttpResponse(
            results_xlsx(edition),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="concours-{edition.year}-resultats.xlsx"'
        return response

    @admin.action(
        description=_("Draft the laureates from the ranking (first three of each category)"),
        permissions=["add_laureate"],
    )
    def draft_laureates(self, request, queryset):
        for edition in queryset:
            try:
                count = services.laureates_from_ranking(edition=edition)
            except ValidationError as error:
                self.message_user(request, f"{edition.year}: {' '.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("%(year)s: %(count)s laureates drafted; check them before publishing.")
                    % {"year": edition.year, "count": count},
                )

    @admin.action(
        description=_("Publish the laureates and tell the applicants by e-mail"), permissions=["add_laureate"]
    )
    def publish_laureates(self, request, queryset):
        for edition in queryset:
            try:
                sent, failed = services.laureates_publish(
                    edition=edition, by=request.user, site_url=request.build_absolute_uri("/")
                )
            except ValidationError as error:
                self.message_user(request, f"{edition.year}: {' '.join(error.messages)}", messages.ERROR)
                continue
            level = messages.WARNING if failed else messages.SUCCESS
            self.message_user(
                request,
                gettext(
                    "%(year)s: results published; %(sent)s e-mails sent, %(failed)s failed (publish again to retry)."
                )
                % {"year": edition.year, "sent": sent, "failed": failed},
                level,
            )

    def has_add_laureate_permission(self, request):
        return services.is_contest_staff(request.user)


@admin.register(ContestCategory)
class ContestCategoryAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "edition", "prize_fr", "position"]
    list_filter = ["edition"]
    search_fields = ["name_fr", "name_ar", "name_en"]
    list_select_related = ["edition"]
    filter_horizontal = ["jurors"]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "edition", "weight", "scale_max", "position"]
    list_filter = ["edition"]
    search_fields = ["name_fr", "name_ar", "name_en"]
    list_select_related = ["edition"]


class AttachmentInline(admin.TabularInline):
    model = ApplicationAttachment
    extra = 0
    fields = ["link", "kind", "size", "created_at"]
    readonly_fields = fields
    can_delete = False

    @admin.display(description=_("file"))
    def link(self, obj):
        if not obj.pk:
            return "—"
        # The name as sent may give the applicant away: not shown when the edition is anonymous.
        name = obj.anonymous_name if obj.application.edition.anonymous_jury else obj.display_name
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), name)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_filter = ["edition", "category", "status"]
    search_fields = ["reference", "structure_name", "actor__name_fr", "contact_email"]
    list_select_related = ["edition", "category", "actor"]
    autocomplete_fields = ["actor"]
    readonly_fields = [
        "reference",
        "proposal",
        "consent_at",
        "acknowledged_at",
        "result_sent_at",
        "created_at",
        "updated_at",
        "score_link",
    ]
    inlines = [AttachmentInline]

    actions = ["mark_ineligible", "mark_submitted", "link_structures"]

    def get_queryset(self, request):
        # How many marks the person looking gave each application: a juror's progress at a glance.
        mine = Count("scores", filter=Q(scores__juror=request.user))
        return super().get_queryset(request).visible_to(request.user).annotate(my_marks=mine)

    @admin.display(description=_("your marks"), ordering="my_marks")
    def my_marks(self, obj):
        return obj.my_marks

    @admin.action(description=_("Mark as not eligible (jurors no longer see them)"), permissions=["change"])
    def mark_ineligible(self, request, queryset):
        queryset.update(status=Application.Status.INELIGIBLE)

    @admin.action(
        description=_("Link new structures to their directory record (once their proposal is applied)"),
        permissions=["change"],
    )
    def link_structures(self, request, queryset):
        linked = 0
        for edition_id in set(queryset.values_list("edition", flat=True)):
            linked += services.applications_link_structures(edition=ContestEdition.objects.get(pk=edition_id))
        self.message_user(request, gettext("%(count)s applications linked.") % {"count": linked})

    @admin.action(description=_("Mark as submitted (back to the jury)"), permissions=["change"])
    def mark_submitted(self, request, queryset):
        queryset.update(status=Application.Status.SUBMITTED)

    def _anonymous_for(self, request, obj) -> bool:
        return obj is not None and obj.edition.anonymous_jury and not services.is_contest_staff(request.user)

    def get_list_display(self, request):
        juror_view = not services.is_contest_staff(request.user)

        @admin.display(description=_("applicant"))
        def applicant(obj):
            if juror_view and obj.edition.anonymous_jury:
                return gettext("(anonymous)")
            return obj.display_name

        return [
            "reference",
            applicant,
            "category",
            "edition",
            "status",
            "created_at",
            "my_marks",
            "score_link",
        ]

    def get_fields(self, request, obj=None):
        fields = [
            "reference",
            "edition",
            "category",
            "status",
            "actor",
            "proposal",
            "structure_name",
            "presentation",
            "members_total",
            "members_women",
            "members_youth",
            "employees",
            "turnover",
            "contact_name",
            "contact_email",
            "contact_phone",
            "language",
            "consent_at",
            "acknowledged_at",
            "result_sent_at",
            "created_at",
            "updated_at",
            "score_link",
        ]
        if self._anonymous_for(request, obj):
            fields = [name for name in fields if name not in IDENTIFYING_FIELDS]
        return fields

    def get_search_fields(self, request):
        if services.is_contest_staff(request.user):
            return self.search_fields
        return ["reference"]

    @admin.display(description=_("scores"))
    def score_link(self, obj):
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:events_application_score", args=[obj.pk]),
            gettext("Score sheet"),
        )

    def has_add_permission(self, request):
        # Applications come from the public form.
        return False

    def get_urls(self):
        return [
            path(
                "<int:pk>/score/",
                self.admin_site.admin_view(self.score_view),
                name="events_application_score",
            ),
            *super().get_urls(),
        ]

    def score_view(self, request, pk):
        application = self.get_queryset(request).select_related("edition", "category").filter(pk=pk).first()
        if application is None:
            raise Http404
        criteria = list(application.edition.criteria.all())
        mine = {
            score.criterion_id: score.value
            for score in Score.objects.filter(juror=request.user, application=application)
        }
        may_score = services.can_score(request.user, application)
        form = ScoreSheetForm(request.POST or None, criteria=criteria, initial_scores=mine)
        if request.method == "POST":
            if not may_score:
                raise PermissionDenied
            if form.is_valid():
                try:
                    services.scores_save(juror=request.user, application=application, values=form.values())
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    self.message_user(request, gettext("Your marks are saved."))
                    return redirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": application,
            "application": application,
            "anonymous": self._anonymous_for(request, application),
            "attachments": application.attachments.all(),
            "form": form,
            "may_score": may_score,
            "title": gettext("Score sheet of %(reference)s") % {"reference": application.reference},
        }
        return TemplateResponse(request, "admin/events/contest/score_sheet.html", context)


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    """Read-only: marks are written through each application's score sheet, which checks the rules."""

    list_display = ["application", "juror", "criterion", "value", "updated_at"]
    list_filter = ["application__edition", "application__category", "criterion"]
    search_fields = ["application__reference"]
    list_select_related = ["application", "juror", "criterion"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if services.is_contest_staff(request.user):
            return queryset
        return queryset.filter(juror=request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(admin.ModelAdmin):
    list_display = ["juror", "actor", "note", "declared_at"]
    list_filter = ["juror"]
    search_fields = ["actor__name_fr", "juror__username", "juror__last_name"]
    list_select_related = ["juror", "actor"]
    autocomplete_fields = ["actor"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if services.is_contest_staff(request.user):
            return queryset
        return queryset.filter(juror=request.user)

    def get_fields(self, request, obj=None):
        if services.is_contest_staff(request.user):
            return ["juror", "actor", "note"]
        return ["actor", "note"]

    def save_model(self, request, obj, form, change):
        if not services.is_contest_staff(request.user) or not obj.juror_id:
            obj.juror = request.user
        super().save_model(request, obj, form, change)


@admin.register(Laureate)
class LaureateAdmin(admin.ModelAdmin):
    list_display = ["edition", "category", "rank", "application", "prize_fr"]
    list_filter = ["edition", "category"]
    search_fields = ["application__reference", "application__structure_name", "actor__name_fr"]
    list_select_related = ["edition", "category", "application"]
    autocomplete_fields = ["application", "actor"]

    def save_model(self, request, obj, form, change):
        if obj.actor_id is None and obj.application.actor_id:
            obj.actor_id = obj.application.actor_id
        super().save_model(request, obj, form, change)
