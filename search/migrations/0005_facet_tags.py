"""PostgreSQL: an entry's facet values as one generated text[] column, `facet_tags`
("region=510600", "status=completed"; `facets` less "kind"), with a GIN index. Filters become one
containment (`facet_tags @> ARRAY[...]`) and the counts of every facet one grouped unnest over
the matches, instead of a join per filter and a statement per facet through `search_searchtag`
(ten rows a document, three indexes). The backend writes no tag rows on PostgreSQL any more; the
old ones are deleted. SQLite keeps the tag table."""
from django.db import migrations

FUNCTION = """CREATE OR REPLACE FUNCTION search_facet_tags(facets jsonb) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT f.key || '=' || v.value), '{}')
        FROM jsonb_each(CASE WHEN jsonb_typeof(facets) = 'object' THEN facets ELSE '{}' END) f,
             jsonb_array_elements_text(CASE WHEN jsonb_typeof(f.value) = 'array' THEN f.value ELSE '[]' END) v
        WHERE f.key <> 'kind'
    $$"""
PG = [
    FUNCTION,
    """ALTER TABLE search_searchentry ADD COLUMN facet_tags text[]
        GENERATED ALWAYS AS (search_facet_tags(facets)) STORED""",
    "CREATE INDEX search_entry_facet_tags ON search_searchentry USING gin (facet_tags)",
    "TRUNCATE search_searchtag",   # millions of rows at L: not one by one
]
PG_DROP = [
    "DROP INDEX IF EXISTS search_entry_facet_tags",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS facet_tags",
    "DROP FUNCTION IF EXISTS search_facet_tags(jsonb)",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in PG:
            schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    # Going back, the tag rows are not made again: `manage.py search_rebuild` writes them.
    if schema_editor.connection.vendor == "postgresql":
        for statement in PG_DROP:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_relevance_order_index")]

    operations = [migrations.RunPython(forwards, backwards)]
