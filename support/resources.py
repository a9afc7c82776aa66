"""One django-import-export resource per model: the admin's import and export, and the public downloads."""

from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget, ManyToManyWidget

from actors.models import Actor
from mess_portal.models import Commune, Province
from support.models import AccessMode, Need, ProjectStage, Public, SupportKind, SupportService


def _slugs(model, column, label):
    return fields.Field(
        attribute=column, column_name=label, widget=ManyToManyWidget(model, field="slug", separator="|")
    )


class SupportServiceResource(resources.ModelResource):
    """Keyed by the service's slug; the provider by its directory slug; lists by slugs or HCP codes."""

    provider = fields.Field(
        attribute="provider", column_name="provider", widget=ForeignKeyWidget(Actor, field="slug")
    )
    provider_name = fields.Field(attribute="provider__name_fr", column_name="provider_name", readonly=True)
    kinds = _slugs(SupportKind, "kinds", "kinds")
    needs = _slugs(Need, "needs", "needs")
    stages = _slugs(ProjectStage, "stages", "stages")
    publics = _slugs(Public, "publics", "publics")
    access_modes = _slugs(AccessMode, "access_modes", "access_modes")
    eligible_provinces = fields.Field(
        attribute="eligible_provinces",
        column_name="eligible_provinces",
        widget=ManyToManyWidget(Province, field="code", separator="|"),
    )
    eligible_communes = fields.Field(
        attribute="eligible_communes",
        column_name="eligible_communes",
        widget=ManyToManyWidget(Commune, field="code", separator="|"),
    )

    class Meta:
        model = SupportService
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "name_fr",
            "name_ar",
            "name_en",
            "provider",
            "provider_name",
            "description_fr",
            "description_ar",
            "description_en",
            "kinds",
            "needs",
            "stages",
            "publics",
            "cost",
            "cost_details_fr",
            "cost_details_ar",
            "cost_details_en",
            "conditions_fr",
            "conditions_ar",
            "conditions_en",
            "access_modes",
            "region_wide",
            "eligible_provinces",
            "eligible_communes",
            "contact_name",
            "phone",
            "email",
            "url",
            "updated_at",
        ]
        export_order = fields
        skip_unchanged = True
        report_skipped = False
        use_transactions = True
        clean_model_instances = True
