"""The catalogue's reference lists (kinds of support, needs, stages, publics, ways to reach a service)."""

from django.db import migrations


def load(apps, schema_editor):
    from support.reference import load_reference_lists

    load_reference_lists(*(apps.get_model("support", name) for name in
                           ("SupportKind", "Need", "ProjectStage", "Public", "AccessMode")))


class Migration(migrations.Migration):
    dependencies = [("support", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
