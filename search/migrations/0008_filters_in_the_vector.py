"""PostgreSQL: an entry's kind and facet values become terms of its `search_vector` ("=kind=job",
"=status=completed", "=region=510600"), so that a search's text, kind and filters are ONE tsquery
served by one GIN index (search/backends/database_pg.py, `conditions`). GIN intersects the terms
itself, starting from the rarest ("fast scan"): a common filter (completed jobs, a random draw)
no longer reads its whole posting list into a bitmap to AND with the text's (25 ms a statement at
L, for every count and the page), and a directory search's sample holds agencies only. A term
starts with "=", which no word of a query has (the text search parser reads "=" as a blank): a
prefix typed as one types never matches a term.

The facet_tags GIN indexes (0005, 0007), which served the filters until now, go; the column stays
(the facet counts unnest it). The samples get a third size, 1 in 64 (database.SAMPLES), so that a
broad search counts between MIN_SAMPLED and four times as many entries, never sixteen."""
from django.db import migrations

TERMS = """CREATE OR REPLACE FUNCTION search_entry_terms(facets jsonb, kind text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT array_agg('=' || t) FROM unnest(search_facet_tags(facets) || ('kind=' || kind)) t
    $$"""
TITLE_AND_BODY = """setweight(to_tsvector('simple'::regconfig, title_tokens), 'A')
        || setweight(to_tsvector('simple'::regconfig, body_tokens), 'C')"""
OLD_SAMPLES, SAMPLES = (16, 256), (16, 64, 256)


def vector(expression):
    return [
        "ALTER TABLE search_searchentry DROP COLUMN search_vector",
        f"ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({expression}) STORED",
        "CREATE INDEX search_entry_vector ON search_searchentry USING gin (search_vector)",
    ]


def sample_index(column, size):
    suffix = "sample" if size == 16 else f"sample{size}"   # 0007's names
    return (f"CREATE INDEX search_entry_{'vector' if column == 'search_vector' else column}_{suffix} "
            f"ON search_searchentry USING gin ({column}) WHERE mod(id, {size}) = 0")


# The GIN indexes are built with more memory than a session's default (minutes less at L).
MEMORY = "SET LOCAL maintenance_work_mem = '512MB'"
PG = [
    MEMORY,
    TERMS,
    "DROP INDEX IF EXISTS search_entry_facet_tags",
    *(f"DROP INDEX IF EXISTS search_entry_facet_tags_{s}" for s in ("sample", "sample256")),
    *vector(f"{TITLE_AND_BODY}\n        || array_to_tsvector(search_entry_terms(facets, kind))"),
    *(sample_index("search_vector", size) for size in SAMPLES),
]
PG_BACK = [
    MEMORY,
    *vector(TITLE_AND_BODY),
    *(sample_index("search_vector", size) for size in OLD_SAMPLES),
    "CREATE INDEX search_entry_facet_tags ON search_searchentry USING gin (facet_tags)",
    *(sample_index("facet_tags", size) for size in OLD_SAMPLES),
    "DROP FUNCTION IF EXISTS search_entry_terms(jsonb, text)",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in PG:
            schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in PG_BACK:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("search", "0007_sample_indexes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
