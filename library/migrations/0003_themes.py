from django.db import migrations


def load(apps, schema_editor):
    from library.reference import load_themes

    load_themes(apps.get_model("library", "Theme"))


class Migration(migrations.Migration):
    dependencies = [("library", "0002_full_text_search")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
