"""The documents' search vectors built again from their normalised texts (mess_portal.search: Arabic
letter variants and diacritics unified), as library.services now builds them. PostgreSQL only."""

from django.db import migrations


def rebuild(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from library.search import document_vector

    Document = apps.get_model("library", "Document")
    for document in Document.objects.all().iterator(chunk_size=50):
        Document.objects.filter(pk=document.pk).update(search_vector=document_vector(document))


class Migration(migrations.Migration):
    dependencies = [("library", "0003_themes")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
