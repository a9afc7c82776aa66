"""The full downloads are rebuilt when what they are made of changes: the directory, the support
catalogue and its data·inclusion mapping, the official series, the territories and taxonomies they name,
and after a spreadsheet import in the admin. Writes that bypass signals (``QuerySet.update``,
``bulk_create``) are caught by the nightly rebuild (deploy/cron/mess)."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from import_export.signals import post_import

from actors.models import Actor
from mess_portal.models import Commune, Label, LegalFamily, Province, Region, Sector
from observatory.models import Indicator, Observation
from opendata.services import data_changed
from support.models import (
    AccessMode,
    DataInclusionMapping,
    Need,
    ProjectStage,
    Public,
    SupportKind,
    SupportService,
)

WATCHED = [
    Actor,
    SupportService,
    DataInclusionMapping,
    Indicator,
    Observation,
    Region,
    Province,
    Commune,
    LegalFamily,
    Sector,
    Label,
    SupportKind,
    Need,
    ProjectStage,
    Public,
    AccessMode,
]
WATCHED_M2M = [
    Actor.sectors.through,
    Actor.labels.through,
    *(
        getattr(SupportService, name).through
        for name in (
            "kinds",
            "needs",
            "stages",
            "publics",
            "access_modes",
            "eligible_provinces",
            "eligible_communes",
        )
    ),
]


def _changed(sender, **kwargs):
    data_changed(**kwargs)


def connect() -> None:
    for model in WATCHED:
        post_save.connect(_changed, sender=model, dispatch_uid=f"opendata-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"opendata-delete-{model.__name__}")
    for through in WATCHED_M2M:
        m2m_changed.connect(_changed, sender=through, dispatch_uid=f"opendata-m2m-{through.__name__}")
    post_import.connect(_changed, dispatch_uid="opendata-import")
