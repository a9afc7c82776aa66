from django.contrib import admin, messages
from django.db.models import Count, Q
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from library import services
from library.forms import DocumentAdminForm
from library.models import Document, DownloadMonth, NewsletterDelivery, NewsletterIssue, Subscriber, Theme
from library.resources import DocumentResource
from mess_portal.admin import ExportPageCSPMixin, LocalDateHierarchyMixin, TaxonomyAdmin

admin.site.register(Theme, TaxonomyAdmin)


class DownloadMonthInline(admin.TabularInline):
    model = DownloadMonth
    extra = 0
    can_delete = False
    fields = ["month", "count"]
    readonly_fields = ["month", "count"]
    verbose_name_plural = _("downloads by month")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(LocalDateHierarchyMixin, ExportPageCSPMixin, ExportMixin, SimpleHistoryAdmin):
    form = DocumentAdminForm
    resource_classes = [DocumentResource]
    list_display = [
        "title_fr",
        "kind",
        "year",
        "language",
        "status",
        "page_count",
        "size",
        "download_count",
        "is_encrypted",
    ]
    list_filter = ["status", "kind", "language", "year", "is_encrypted", "themes"]
    search_fields = ["title_fr", "title_ar", "title_en", "slug", "authors"]
    prepopulated_fields = {"slug": ["title_fr"]}
    autocomplete_fields = ["themes", "sectors", "provinces"]
    readonly_fields = [
        "cover_preview",
        "page_count",
        "size",
        "is_encrypted",
        "download_count",
        "file_updated_at",
        "text_preview",
    ]
    date_hierarchy = "published_at"
    actions = ["publish", "archive"]
    inlines = [DownloadMonthInline]
    fieldsets = [
        (None, {"fields": ["kind", "status", "published_at"]}),
        (
            _("Title and summary"),
            {
                "fields": [
                    "title_fr",
                    "title_ar",
                    "title_en",
                    "slug",
                    "summary_fr",
                    "summary_ar",
                    "summary_en",
                ]
            },
        ),
        (_("Details"), {"fields": ["language", "year", "authors", "themes", "sectors", "provinces"]}),
        (
            _("File"),
            {
                "fields": [
                    "file",
                    "cover",
                    "cover_preview",
                    "page_count",
                    "size",
                    "is_encrypted",
                    "file_updated_at",
                    "download_count",
                ],
                "description": _(
                    "A new PDF replaces the old one at the same address; the download count is kept. "
                    "The cover is drawn from the first page unless you upload an image."
                ),
            },
        ),
        (
            _("Text found in the PDF (searched by the public)"),
            {"fields": ["text_preview"], "classes": ["collapse"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("text", "search_vector")

    def get_export_queryset(self, request):
        return DocumentResource.prepare(super().get_export_queryset(request))

    @admin.display(description=_("size"), ordering="file_size")
    def size(self, obj):
        return filesizeformat(obj.file_size) if obj.file_size else "—"

    @admin.display(description=_("cover"))
    def cover_preview(self, obj):
        if not obj.cover:
            return "—"
        return format_html('<img src="{}" alt="" width="120">', obj.cover.url)

    @admin.display(description=_("extracted text"))
    def text_preview(self, obj):
        if obj.pk is None:
            return "—"
        text = Document.objects.filter(pk=obj.pk).values_list("text", flat=True).first() or ""
        if not text:
            return _(
                "No text was found: the PDF may be scanned images; search will only see its title and summary."
            )
        return text[:3000] + ("…" if len(text) > 3000 else "")

    def save_model(self, request, obj, form, change):
        services.document_save(document=obj, pdf=form.pdf, cover_uploaded=form.cover_uploaded)
        if form.pdf and form.pdf.is_encrypted:
            messages.warning(
                request,
                _(
                    "This PDF is encrypted: it opens without a password, but copying or printing may be restricted."
                ),
            )

    @admin.action(description=_("Publish the selected documents"), permissions=["change"])
    def publish(self, request, queryset):
        for document in queryset:
            document.publish()
        self.message_user(request, _("Published."), messages.SUCCESS)

    @admin.action(description=_("Archive (hide) the selected documents"), permissions=["change"])
    def archive(self, request, queryset):
        queryset.update(status=Document.Status.ARCHIVED)
        self.message_user(request, _("Archived."), messages.SUCCESS)


class DownloadMonthResource(resources.ModelResource):
    document = fields.Field(attribute="document__slug", column_name="document")
    title = fields.Field(attribute="document__title_fr", column_name="title")
    kind = fields.Field(attribute="document__kind", column_name="kind")

    class Meta:
        model = DownloadMonth
        fields = ["document", "title", "kind", "month", "count"]
        export_order = ["document", "title", "kind", "month", "count"]


@admin.register(DownloadMonth)
class DownloadMonthAdmin(ExportPageCSPMixin, ExportMixin, admin.ModelAdmin):
    """Downloads per document and month, for the observatory's figures (exportable)."""

    resource_classes = [DownloadMonthResource]
    list_display = ["month", "document", "count"]
    list_filter = ["month", "document__kind"]
    search_fields = ["document__title_fr", "document__slug"]
    list_select_related = ["document"]
    date_hierarchy = "month"

    def get_queryset(self, request):
        return super().get_queryset(request).defer("document__text", "document__search_vector")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(LocalDateHierarchyMixin, ExportPageCSPMixin, ExportMixin, admin.ModelAdmin):
    list_display = ["email", "language", "status", "created_at", "confirmed_at", "unsubscribed_at"]
    list_filter = ["status", "language"]
    search_fields = ["email"]
    readonly_fields = ["created_at", "confirmation_sent_at", "confirmed_at", "unsubscribed_at"]
    date_hierarchy = "created_at"


class NewsletterDeliveryInline(admin.TabularInline):
    model = NewsletterDelivery
    extra = 0
    can_delete = False
    fields = ["email", "language", "status", "sent_at", "error"]
    readonly_fields = fields
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(NewsletterIssue)
class NewsletterIssueAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "subject_fr",
        "status",
        "tested_at",
        "started_at",
        "sent_at",
        "sent_count",
        "failed_count",
    ]
    list_filter = ["status"]
    search_fields = ["subject_fr", "subject_ar", "body_fr"]
    readonly_fields = ["status", "tested_at", "started_at", "sent_at"]
    autocomplete_fields = ["document"]
    actions = ["send_test", "start_sending", "send_next_batch"]
    fieldsets = [
        (None, {"fields": ["number", "document", "status", "tested_at", "started_at", "sent_at"]}),
        (_("French"), {"fields": ["subject_fr", "body_fr"]}),
        (_("Arabic"), {"fields": ["subject_ar", "body_ar"]}),
        (_("English"), {"fields": ["subject_en", "body_en"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                sent_total=Count("deliveries", filter=Q(deliveries__status=NewsletterDelivery.Status.SENT)),
                failed_total=Count(
                    "deliveries", filter=Q(deliveries__status=NewsletterDelivery.Status.FAILED)
                ),
            )
        )

    def get_inlines(self, request, obj):
        return [NewsletterDeliveryInline] if obj and obj.status != NewsletterIssue.Status.DRAFT else []

    @admin.display(description=_("sent"), ordering="sent_total")
    def sent_count(self, obj):
        return obj.sent_total

    @admin.display(description=_("failed"), ordering="failed_total")
    def failed_count(self, obj):
        return obj.failed_total

    @admin.action(description=_("Send a test of the selected issue to myself"), permissions=["change"])
    def send_test(self, request, queryset):
        for issue in queryset:
            try:
                languages = services.newsletter_send_test(issue=issue, to=request.user.email)
            except services.SendingError as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return
            self.message_user(
                request,
                _("Test of issue %(number)s sent to %(email)s (%(languages)s).")
                % {"number": issue.number, "email": request.user.email, "languages": ", ".join(languages)},
                messages.SUCCESS,
            )

    @admin.action(description=_("Start sending the selected issue to subscribers"), permissions=["change"])
    def start_sending(self, request, queryset):
        for issue in queryset:
            try:
                services.newsletter_start_sending(issue=issue)
            except services.SendingError as exc:
                self.message_user(request, f"#{issue.number}: {exc}", messages.ERROR)
                continue
            self._report(request, issue)

    @admin.action(description=_("Send the next batch of the selected issue"), permissions=["change"])
    def send_next_batch(self, request, queryset):
        for issue in queryset:
            if issue.status != NewsletterIssue.Status.SENDING:
                self.message_user(
                    request, f"#{issue.number}: {_('Start the sending of this issue first.')}", messages.ERROR
                )
                continue
            services.newsletter_queue_batch(issue=issue)
            self._report(request, issue)

    def _report(self, request, issue):
        # The batches are background jobs: the page does not wait on the mail server.
        self.message_user(
            request,
            _("Issue %(number)s: sending in the background, in batches; the counts below follow it.")
            % {"number": issue.number},
            messages.SUCCESS,
        )


@admin.register(NewsletterDelivery)
class NewsletterDeliveryAdmin(admin.ModelAdmin):
    """The record of what was sent to whom; written by the sending, never by hand."""

    list_display = ["issue", "email", "language", "status", "sent_at"]
    list_filter = ["status", "issue", "language"]
    search_fields = ["email"]
    list_select_related = ["issue"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
