"""The place names (short, transliterated and Spanish forms of the region's provinces and main communes)
and the word forms (ODCO sectors, in French, Arabic and English) the search starts with; staff then
edit both in the admin."""

from django.db import migrations


def load(apps, schema_editor):
    from mess_portal.reference import load_search_lexicon

    load_search_lexicon(
        apps.get_model("mess_portal", "Province"),
        apps.get_model("mess_portal", "Commune"),
        apps.get_model("mess_portal", "PlaceName"),
        apps.get_model("mess_portal", "SearchSynonym"),
    )


class Migration(migrations.Migration):
    dependencies = [("mess_portal", "0004_search_lexicon")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
