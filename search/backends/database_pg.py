"""PostgreSQL's half of the database backend: the stored tsvector `search_vector` (title tokens
weight A, body tokens weight C, 'simple' configuration, and the kind and facet values as terms;
GIN index; migrations 0003 and 0008) and pg_trgm for near-misses, and the facet values as the
generated text[] column `facet_tags` for their counts (migration 0005).

Every text function returns (SQL, params) written over `{table}` (the entry's alias in the query at
hand) and `{id}` (its primary key column); the text a user typed only ever travels as a
parameter."""
from contextlib import contextmanager

from django.db import connection
from django.db.models import BooleanField, TextField

from core.db import copy_into

# to_tsquery with a constant configuration: the planner folds it once and the GIN index
# serves `@@`.
TSQUERY = "to_tsquery('simple'::regconfig, %s)"
# ts_rank_cd's weights for D, C, B, A: a body match counts a fifth of a title match.
WEIGHTS = "ARRAY[0.1, 0.2, 0.4, 1.0]::float4[]"


def lexeme(token):
    """One token as a quoted tsquery lexeme. to_tsquery reads it with the parser that made the
    document's lexemes, so a token it splits is matched as the same phrase on both sides."""
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery(alternatives_per_clause):
    """AND of clauses, each an OR of alternatives, each an AND of tokens."""
    clauses = []
    for alternatives in alternatives_per_clause:
        ors = ["(" + " & ".join(lexeme(token) for token in alternative) + ")" for alternative in alternatives]
        clauses.append("(" + " | ".join(ors) + ")")
    return " & ".join(clauses)


def conditions(match, tags, kinds, walk=False):
    """The entries `match` (search.backends.database.Match) finds that hold every (facet, value)
    of `tags` and are of one of `kinds`: the text, the filters and the kinds as ONE tsquery (the
    kind and facet values are terms of the vector, migration 0008), which the GIN index answers
    starting from its rarest term. The kinds alone are left to the kind column's indexes. For a
    `walk` without text, the filters on the facet values alone, which the relevance order's
    index carries (migration 0010): the walk reads no row of the table."""
    from .database import OnEntry

    if walk and not (match.clauses or match.near):
        return [_holding(tags)] if tags else []
    terms, params = [], []
    if match.clauses:
        terms.append(TSQUERY)
        params.append(tsquery(match.clauses))
    literal = " & ".join(lexeme(TERM + tag(facet, value)) for facet, value in tags)
    if kinds and (terms or literal):
        either = "(" + " | ".join(lexeme(TERM + tag("kind", kind)) for kind in kinds) + ")"
        literal = f"{literal} & {either}" if literal else either
    if literal:
        # Read as a tsquery, not parsed as text: a term keeps its "=".
        terms.append("%s::tsquery")
        params.append(literal)
    found = []
    if tags:
        # The same filters on the row's own array as well, written first: a walk along an order's
        # index rejects most rows on it without unpacking their vectors (stored out of line).
        found.append(_holding(tags))
    if terms:
        found.append(OnEntry(f'{{table}}."search_vector" @@ ({" && ".join(terms)})', params, BooleanField()))
    if match.near:
        found.append(OnEntry(*match.near, BooleanField()))
    return found


def _holding(tags):
    from .database import OnEntry

    return OnEntry('{table}."facet_tags" @> %s::text[]', [[tag(f, v) for f, v in tags]], BooleanField())


def score(alternatives_per_clause):
    return (f'ts_rank_cd({WEIGHTS}, {{table}}."search_vector", {TSQUERY})',
            [tsquery(alternatives_per_clause)])


def prefix(token):
    """Entries with a title token starting with `token` (pinyin is among the title tokens)."""
    return f'{{table}}."search_vector" @@ {TSQUERY}', [lexeme(token) + ":*A"]


# word_similarity's operator (`text <% column`, `%%` for the driver) with pg_trgm's default
# threshold (0.6): the trigram GIN indexes serve it only in this form.
NEAR_MATCH = '(%s <%% {table}."title_key" OR %s <%% {table}."pinyin")'
NEAR_SCORE = 'GREATEST(word_similarity(%s, {table}."title_key"), word_similarity(%s, {table}."pinyin"))'


def near(text, spelled):
    """Entries whose title nearly holds `text` (a character missing or wrong), or whose names'
    pinyin nearly holds `spelled`, the query in pinyin (a homophone typed: 测会 for 测绘)."""
    return (NEAR_MATCH, [text, spelled]), (NEAR_SCORE, [text, spelled])


# --- facets ----------------------------------------------------------------------------------
# The facet values are the entry's generated `facet_tags` column ("region=510600", derived from
# `facets` by search_facet_tags(); migration 0005), counted by unnesting it, and terms of its
# vector prefixed with TERM (migration 0008), which filters find: no tag rows are written.
TAG_ROWS = False
TERM = "="


def tag(facet, value):
    return f"{facet}={value}"


# A facet every entry has (the tag "*="), counted for the total; no real facet is called so.
TOTAL = "*"


def facet_counts(entries, facets):
    """(how many `entries`, [(facet, value, count)] of `facets` over them) in ONE statement: the
    matches' tags unnested and grouped, with one more tag every entry has ("*") for the total
    ("kind" is the entry's column, added as one more tag)."""
    from .database import OnEntry

    column = f"({{table}}.\"facet_tags\" || '{TOTAL}='::text)"
    if "kind" in facets:
        column = f"({column} || ('kind=' || {{table}}.\"kind\")::text)"
    tagged = entries.annotate(tag_list=OnEntry(column, [], TextField())).values_list("tag_list")
    inner, params = tagged.query.sql_with_params()
    # Every tag grouped as it is (a few hundred groups); split and chosen here, not per row in SQL.
    sql = f"SELECT t.tag, count(*) FROM ({inner}) m, unnest(m.tag_list) t(tag) GROUP BY t.tag"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        counted = [(*tag.split("=", 1), count) for tag, count in cursor.fetchall()]
    total = next((count for facet, _value, count in counted if facet == TOTAL), 0)
    return total, [(facet, value, count) for facet, value, count in counted if facet in facets]


# --- reading ---------------------------------------------------------------------------------
# A search's own settings, for its transaction only. Memory for its bitmaps and sorts: with the
# default (4 MB) the bitmap of a common word's 100,000 matches turns lossy, and every row of a
# lossy page is read again and its tsvector unpacked to check it (seconds on a million jobs). No
# JIT compilation (30-40 ms to compile a plan the planner costs high, for a statement that runs in
# a few) and no parallel workers (starting them costs more than a search's statement).
SEARCH_SETTINGS = {"work_mem": "32MB", "jit": "off", "max_parallel_workers_per_gather": "0"}
# A walk along an order's index (walking): no bitmap of every match, no sort, no whole-table scan.
WALK_SETTINGS = ("enable_bitmapscan", "enable_sort", "enable_seqscan")


def _set_local(settings):
    """SET LOCAL of every (name, value), in one statement."""
    with connection.cursor() as cursor:
        calls = ", ".join(["set_config(%s, %s, true)"] * len(settings))
        cursor.execute(f"SELECT {calls}", [part for pair in settings for part in pair])


def prepare_search():
    """Set for the search's transaction only (search.backends.database runs it in one)."""
    _set_local(list(SEARCH_SETTINGS.items()))


@contextmanager
def walking(walk):
    """With `walk`, the statements inside read along the index of the order asked until the page
    is full: SET LOCAL in the search's transaction, undone after."""
    if not walk:
        yield
        return
    _set_local([(name, "off") for name in WALK_SETTINGS])
    yield
    # Not on an error: the search's transaction is rolled back, and its SET LOCALs with it.
    _set_local([(name, "on") for name in WALK_SETTINGS])


# The entries of a kind a windowed page reads along the relevance order before giving up.
WINDOW = 100_000


def windowed(kind, tags, clauses, skipped, stop):
    """The first `stop` ids of `kind` in the relevance order holding `tags` and matching the text
    `clauses` (less the `skipped` ids), when the first WINDOW entries of the kind hold that many;
    else None. The window is read from the order's index alone (index-only: it carries the facet
    values, migration 0010) and only the entries holding the filters are looked up for the text:
    a broad search's page in a few milliseconds where finding every match through the GIN index
    and sorting them takes tens (环评 + completed + random draw: 6,300 matches of 990,000 jobs).
    Past the window the matches come after all of its entries, so what it finds is the page."""
    sql = f"""SELECT w.id FROM (
            SELECT id, facet_tags, rank, date, kind, ref FROM search_searchentry WHERE kind = %s
            ORDER BY rank DESC, date DESC NULLS LAST, kind, ref LIMIT %s) w
        JOIN search_searchentry e ON e.id = w.id
        WHERE w.facet_tags @> %s::text[] AND e.search_vector @@ {TSQUERY} AND NOT (w.id = ANY(%s::bigint[]))
        ORDER BY w.rank DESC, w.date DESC NULLS LAST, w.kind, w.ref LIMIT %s"""
    with walking(True), connection.cursor() as cursor:
        cursor.execute(sql, [kind, WINDOW, [tag(f, v) for f, v in tags], tsquery(clauses), list(skipped), stop])
        ids = [pk for (pk,) in cursor.fetchall()]
    return ids if len(ids) >= stop else None


# --- writing ---------------------------------------------------------------------------------
COPY = True


def copy_entries(entries):
    """Stream new entries into the table with COPY (a rebuild); PostgreSQL computes the
    generated columns (search_vector, facet_tags) as it does for an INSERT."""
    if not entries:
        return
    fields = [field for field in entries[0]._meta.concrete_fields if not field.primary_key]
    with copy_into(entries[0]._meta.db_table, [field.column for field in fields]) as write:
        for entry in entries:
            write([field.get_db_prep_save(getattr(entry, field.attname), connection) for field in fields])


def sample(size):
    """The sample's condition, written as the partial indexes' predicate (migrations 0007, 0008)
    so the planner proves they serve it."""
    return f"mod({{id}}, {int(size)}) = 0", []
