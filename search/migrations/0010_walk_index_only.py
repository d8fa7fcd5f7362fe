"""PostgreSQL: the relevance order's index within a kind (0004) also carries each entry's id and
facet values, so that a broad search's page with filters and no text is read along it without
touching the table (an index-only scan): a filter the newest entries seldom meet (completed jobs
in one city) makes the walk pass thousands of entries, each a page read of the table before."""
from django.db import migrations

NEW = ("CREATE INDEX search_entry_kind_rank_date ON search_searchentry "
       "(kind, rank DESC, date DESC NULLS LAST, ref) INCLUDE (id, facet_tags)")
OLD = ("CREATE INDEX search_entry_kind_rank_date ON search_searchentry "
       "(kind, rank DESC, date DESC NULLS LAST, ref)")
DROP = "DROP INDEX IF EXISTS search_entry_kind_rank_date"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)
        schema_editor.execute(NEW, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)
        schema_editor.execute(OLD, params=None)


class Migration(migrations.Migration):
    dependencies = [("search", "0009_sample_1024")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
