"""The database backend's full-text index, a different one per engine (search/backends/database*.py
read them):

PostgreSQL
- `search_vector`, a stored generated tsvector: the title tokens with weight A, the body tokens
  with weight C, 'simple' configuration (the tokens are made by search.text already: no
  stemming, no stop words), with its GIN index `search_entry_vector`.
- pg_trgm GIN indexes on `title_key` and `pinyin` (near-misses by word_similarity when the
  words find nothing) and a pattern index on `title_key` (suggestions: titles starting with
  what has been typed).
- the date and price sorts' indexes with NULLS LAST, as the backend orders.

SQLite
- `search_fts`, an FTS5 table over the same two token columns with the entries as its external
  content, kept by triggers (bm25 weighs the columns as PostgreSQL's weights do).

A later migration that makes SQLite rebuild `search_searchentry` (most AlterFields) drops these
triggers with the old table: it must create them again (SQLITE below).
"""
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import migrations, models
from django.db.models import F

from core.db import AddPostgresIndex

PG = [
    """ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_tokens), 'A')
        || setweight(to_tsvector('simple'::regconfig, body_tokens), 'C')) STORED""",
    "CREATE INDEX search_entry_vector ON search_searchentry USING gin (search_vector)",
]
PG_DROP = [
    "DROP INDEX IF EXISTS search_entry_vector",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
]
SQLITE = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(title_tokens, body_tokens,
        content='search_searchentry', content_rowid='id', tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, title_tokens, body_tokens) VALUES (new.id, new.title_tokens, new.body_tokens);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens)
            VALUES ('delete', old.id, old.title_tokens, old.body_tokens);
    END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens)
            VALUES ('delete', old.id, old.title_tokens, old.body_tokens);
        INSERT INTO search_fts(rowid, title_tokens, body_tokens) VALUES (new.id, new.title_tokens, new.body_tokens);
    END""",
    # Entries written before this migration (none on a fresh database) enter the index.
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TABLE IF EXISTS search_fts",
]


def forwards(apps, schema_editor):
    for statement in PG if schema_editor.connection.vendor == "postgresql" else SQLITE:
        schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    for statement in PG_DROP if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_title_key")]

    operations = [
        migrations.RunPython(forwards, backwards),
        AddPostgresIndex("searchentry", GinIndex(
            OpClass(F("title_key"), name="gin_trgm_ops"), name="search_entry_title_trgm",
        ), extensions=["pg_trgm"]),
        AddPostgresIndex("searchentry", GinIndex(
            OpClass(F("pinyin"), name="gin_trgm_ops"), name="search_entry_pinyin_trgm",
        ), extensions=["pg_trgm"]),
        AddPostgresIndex("searchentry", models.Index(
            OpClass(F("title_key"), name="varchar_pattern_ops"), name="search_entry_title_prefix",
        )),
        AddPostgresIndex("searchentry", models.Index(
            F("kind"), F("date").desc(nulls_last=True), F("ref").desc(), name="search_entry_kind_date",
        )),
        AddPostgresIndex("searchentry", models.Index(
            F("kind"), F("price").asc(nulls_last=True), F("ref"), name="search_entry_price_low",
        )),
        AddPostgresIndex("searchentry", models.Index(
            F("kind"), F("price").desc(nulls_last=True), F("ref"), name="search_entry_price_high",
        )),
    ]
