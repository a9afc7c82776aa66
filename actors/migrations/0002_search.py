"""PostgreSQL search: an accent-insensitive French configuration, the weighted search vector kept by a
trigger (so bulk inserts, imports and admin edits all keep it current) and the GIN indexes that serve
full text (@@) and trigram (%, %>) matching. Nothing to do on SQLite, which uses a plain fallback."""

from django.db import migrations

FORWARD = """
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
    CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
    ALTER TEXT SEARCH CONFIGURATION french_unaccent
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
  END IF;
END $$;

CREATE OR REPLACE FUNCTION actors_actor_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('french_unaccent', coalesce(NEW.search_name, '')), 'A') ||
    setweight(to_tsvector('french_unaccent', coalesce(NEW.products_fr, '') || ' ' || coalesce(NEW.products_en, '')), 'B') ||
    setweight(to_tsvector('french_unaccent', coalesce(NEW.description_fr, '') || ' ' || coalesce(NEW.description_en, '')), 'C') ||
    setweight(to_tsvector('french_unaccent', coalesce(NEW.search_extra, '')), 'C');
  RETURN NEW;
END $$;

CREATE TRIGGER actors_actor_search_vector_trigger
  BEFORE INSERT OR UPDATE OF search_name, search_extra, products_fr, products_en, description_fr, description_en
  ON actors_actor FOR EACH ROW EXECUTE FUNCTION actors_actor_search_vector();

CREATE INDEX actors_actor_search_vector_gin ON actors_actor USING gin (search_vector);
CREATE INDEX actors_actor_search_name_trgm ON actors_actor USING gin (search_name gin_trgm_ops);
"""

BACKWARD = """
DROP INDEX IF EXISTS actors_actor_search_name_trgm;
DROP INDEX IF EXISTS actors_actor_search_vector_gin;
DROP TRIGGER IF EXISTS actors_actor_search_vector_trigger ON actors_actor;
DROP FUNCTION IF EXISTS actors_actor_search_vector();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("actors", "0001_initial"), ("mess_portal", "0002_postgres_extensions")]

    operations = [migrations.RunPython(forward, backward)]
