"""PostgreSQL: a fourth sample, 1 in 1,024 (database.SAMPLES), for the broadest searches (every
completed job, half a million at L): from about 512,000 matches their counts read 500 to 2,000
entries instead of up to 8,000. Written as the other samples' partial indexes (0007, 0008)."""
from django.db import migrations

PG = ("CREATE INDEX search_entry_vector_sample1024 ON search_searchentry USING gin (search_vector) "
      "WHERE mod(id, 1024) = 0")
PG_DROP = "DROP INDEX IF EXISTS search_entry_vector_sample1024"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("search", "0008_filters_in_the_vector")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
