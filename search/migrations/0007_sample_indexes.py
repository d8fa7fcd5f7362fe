"""PostgreSQL: the samples (1 in 16, 1 in 256) a broad search estimates its total and facet counts
from (search/backends/database.py, `SAMPLES`): partial GIN indexes on the text and the facet
values of the entries whose id is a multiple of the sample's size, a fraction of the full ones.
A broad search (a common word over a million jobs) counts its sample through them instead of
reading every match. The predicate is written as database_pg.sample() writes the query's, so the planner proves it.

And the relevance (credit, then newest) and newest orders of a search over every kind, which a
broad search reads from an index in order until its page is full (the kind-first indexes of
0003 and 0004 serve a search within one kind)."""
from django.db import migrations, models
from django.db.models import F

from core.db import AddPostgresIndex

SAMPLES = {"sample": 16, "sample256": 256}   # index name suffix: the sample's size (database.SAMPLES)
PG = [
    statement
    for suffix, size in SAMPLES.items()
    for statement in (
        f"CREATE INDEX search_entry_vector_{suffix} ON search_searchentry USING gin (search_vector) "
        f"WHERE mod(id, {size}) = 0",
        f"CREATE INDEX search_entry_facet_tags_{suffix} ON search_searchentry USING gin (facet_tags) "
        f"WHERE mod(id, {size}) = 0",
    )
]
PG_DROP = [
    f"DROP INDEX IF EXISTS search_entry_{column}_{suffix}"
    for suffix in SAMPLES for column in ("vector", "facet_tags")
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in PG:
            schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in PG_DROP:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("search", "0006_shown_in_languages")]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
        AddPostgresIndex("searchentry", models.Index(
            F("rank").desc(), F("date").desc(nulls_last=True), F("kind"), F("ref"), name="search_entry_rank_date",
        )),
        AddPostgresIndex("searchentry", models.Index(
            F("date").desc(nulls_last=True), F("kind"), F("ref").desc(), name="search_entry_date",
        )),
    ]
