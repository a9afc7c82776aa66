from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacy import services
from privacy.forms import PersonForm
from privacy.models import DataRequest, hash_email

EXPORT_PERMISSION = "privacy.export_personal_data"
ERASE_PERMISSION = "privacy.erase_personal_data"


@admin.register(DataRequest)
class DataRequestAdmin(admin.ModelAdmin):
    """The log of exports and erasures; "add" opens the search for one person's data."""

    list_display = ["done_at", "kind", "done_by", "email_hash"]
    list_filter = ["kind"]
    list_select_related = ["done_by"]
    search_fields = ["email_hash"]
    readonly_fields = ["kind", "email_hash", "summary", "done_by", "done_at"]

    def has_add_permission(self, request):
        return request.user.has_perm(EXPORT_PERMISSION) or request.user.has_perm(ERASE_PERMISSION)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path("person/", self.admin_site.admin_view(self.person_view), name="privacy_person"),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        return redirect("admin:privacy_person")

    def person_view(self, request):
        """Find one person's data by e-mail address; export it, or erase it after a confirmation."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        data = request.POST if request.method == "POST" else request.GET
        form = PersonForm(data or None)
        found = []
        if form.is_valid():
            email = form.cleaned_data["email"]
            found = services.find_person(email)
            action = request.POST.get("action") if request.method == "POST" else ""
            if action == "export":
                return self._export(request, email, found)
            if action == "erase":
                if not request.user.has_perm(ERASE_PERMISSION):
                    raise PermissionDenied
                if request.POST.get("confirmed") == "yes":
                    return self._erase(request, email)
                return self._render(request, "privacy/admin/person_erase_confirm.html", form, found)
        return self._render(request, "privacy/admin/person.html", form, found)

    def _render(self, request, template, form, found):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("One person's data"),
            "form": form,
            "found": [(holding, rows) for holding, rows in found if rows],
            "searched": form.is_bound and form.is_valid(),
            "can_export": request.user.has_perm(EXPORT_PERMISSION),
            "can_erase": request.user.has_perm(ERASE_PERMISSION),
        }
        return TemplateResponse(request, template, context)

    def _log(self, request, kind, email, counts):
        entry = DataRequest.objects.create(
            kind=kind, email_hash=hash_email(email), summary=counts, done_by=request.user
        )
        self.log_addition(request, entry, [{"added": {}}])
        return entry

    def _export(self, request, email, found):
        if not request.user.has_perm(EXPORT_PERMISSION):
            raise PermissionDenied
        self._log(request, DataRequest.Kind.EXPORT, email, services.summary(found))
        response = HttpResponse(services.export_zip(email), content_type="application/zip")
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="personal-data-{stamp}.zip"'
        return response

    def _erase(self, request, email):
        counts = services.erase_person(email)
        self._log(request, DataRequest.Kind.ERASURE, email, counts)
        self.message_user(
            request,
            _("The data of this address was erased: %(count)d records.") % {"count": sum(counts.values())},
            messages.SUCCESS,
        )
        return redirect(reverse("admin:privacy_datarequest_changelist"))
