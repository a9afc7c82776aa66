"""Export of the registrations (the admin's CSV and XLSX), keyed by natural identifiers."""

from import_export import fields, resources

from events.models import Registration


class RegistrationResource(resources.ModelResource):
    event = fields.Field(attribute="event__slug", column_name="event")
    event_title = fields.Field(attribute="event__title_fr", column_name="event_title")
    structure = fields.Field(attribute="actor__slug", column_name="structure")
    structure_name = fields.Field(attribute="actor__name_fr", column_name="structure_name")
    province = fields.Field(attribute="actor__commune__province__name_fr", column_name="province")
    status = fields.Field(attribute="get_status_display", column_name="status")

    class Meta:
        model = Registration
        fields = [
            "event",
            "event_title",
            "name",
            "email",
            "phone",
            "organisation",
            "structure",
            "structure_name",
            "province",
            "status",
            "seat",
            "language",
            "created_at",
            "checked_in_at",
        ]
        export_order = fields

    def get_queryset(self):
        return Registration.objects.select_related("event", "actor__commune__province").order_by(
            "event", "created_at", "pk"
        )
