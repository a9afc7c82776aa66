"""Full-text search on PostgreSQL: a French configuration that ignores accents, and a GIN index.

``library_french`` is the French stemmer applied to unaccented words, so "economie" finds
"économie". Nothing to do on SQLite, where search falls back to substring matching.
"""

from django.db import migrations

CREATE = [
    """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'library_french') THEN
        CREATE TEXT SEARCH CONFIGURATION library_french (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION library_french
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END
$$""",
    "CREATE INDEX IF NOT EXISTS library_document_search_vector ON library_document USING gin (search_vector)",
]

DROP = [
    "DROP INDEX IF EXISTS library_document_search_vector",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS library_french",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0001_initial"),
        # unaccent is created there.
        ("mess_portal", "0002_postgres_extensions"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
