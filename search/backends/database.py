"""The database backend (the default): one `SearchEntry` row per document, searched with the
engine's own full text (search/backends/database_pg.py: a stored tsvector with a GIN index,
pg_trgm, and the facet values as a generated text[] column with a GIN index; database_sqlite.py:
FTS5, and one `SearchTag` row per facet value).

A search runs a constant number of queries: one grouped count of the total with every requested
facet without a filter of its own, one for each facet that has one (its counts apply every filter
but its own), each tried from the coarsest sample of a broad search down to an exact count (a
few tries, each count choosing the next), and the page. Hits are rebuilt as
Documents from the entry's own columns, no other table is read.
"""
import datetime
import functools
import logging
import operator
from itertools import islice
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.db import DatabaseError, connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Expression,
    F,
    FloatField,
    Q,
    Value,
    When,
)
from django.db.models.functions import Concat, Length, Replace

from core.pagination import Count

from .. import lexicon, text
from ..documents import AGENCY, ITEM, JOB, Document
from ..models import SearchEntry, SearchTag
from .base import Backend, RawResults

logger = logging.getLogger(__name__)

# Documents written per statement: index() (a task's few refs) and rebuild() (a whole kind,
# all of it in one transaction so searches see the old rows until it commits).
BATCH = 500
REBUILD_BATCH = 2000
# Added to the text score, far apart so they decide whatever the text score (ts_rank_cd on
# PostgreSQL is about 0.1-1, bm25 on SQLite reaches tens): a code typed exactly ranks first, the
# document it identifies (an agency's USCC, an item's or a job's code) before one that cites it
# (the blacklist notice about the agency); then a title equal to what the query names (the text
# or a synonym's full form, search.query.Compiled.names), then a title starting with one.
CODE_OWN, CODE_EXACT, TITLE_EQUAL, TITLE_PREFIX = 200_000.0, 100_000.0, 2_000.0, 1_000.0
CODE_OWNERS = (AGENCY, ITEM, JOB)
# A search matching more than EXACT_LIMIT entries is broad (a common word over a million jobs):
# reading every match to score, count and facet it would take longer than a page may. Its total
# and facet counts are then those of a sample of the index (the entries whose id is a multiple
# of the sample's size) times its size, shown as estimates ("约 3.2 万", as the long lists show
# theirs), and its relevance order skips the text score (_broad_page). The coarsest sample that
# still holds MIN_SAMPLED of the matches is used (1 in 1,024 from about 512,000 matches, 1 in 256
# from 128,000, 1 in 64 from 32,000, else 1 in 16): each sampled entry is a page read, and 500 of
# them put the total within about 5 %. BROAD_NAMED: at most this many entries the query names
# exactly go first.
EXACT_LIMIT = 1_000
SAMPLES = (1024, 256, 64, 16)   # coarsest first; each has a partial index (migrations 0007-0009)
MIN_SAMPLED = 500
BROAD_NAMED = 200
SORT_LIMIT = 10_000   # a broad search of fewer matches sorts them (_in_order)
# Dates are filtered as days in the portal's time zone, both ends inclusive.
ZONE = ZoneInfo("Asia/Shanghai")
FIELDS = ("kind", "ref", "url", "title", "summary", "titles", "summaries", "codes", "date", "price", "rank",
          "badges", "facets")
UPDATED = ("url", "title", "title_key", "summary", "titles", "summaries", "title_tokens", "body_tokens", "codes",
           "pinyin", "date", "price", "rank", "badges", "facets")
ORDERS = {
    "relevance": (F("score").desc(), F("rank").desc(), F("date").desc(nulls_last=True), "kind", "ref"),
    "newest": (F("date").desc(nulls_last=True), "kind", F("ref").desc()),
    "oldest": (F("date").asc(nulls_last=True), "kind", "ref"),
    "credit": (F("rank").desc(), F("date").desc(nulls_last=True), "kind", "ref"),
    "price_low": (F("price").asc(nulls_last=True), "kind", "ref"),
    "price_high": (F("price").desc(nulls_last=True), "kind", "ref"),
}


class Match(NamedTuple):
    """What a search's words find: the text's clauses (each a list of alternatives, each a tuple
    of tokens), or a near-miss condition (SQL, params) when the words found nothing; neither
    when there is no text."""

    clauses: list | None = None
    near: tuple | None = None


class OnEntry(Expression):
    """SQL over what the model does not declare (PostgreSQL's search_vector column, SQLite's FTS
    table keyed by the entry's id), written with `{table}` and `{id}` for the entry's alias and
    primary key wherever the query puts them."""

    def __init__(self, sql, params, output_field):
        super().__init__(output_field=output_field)
        self.sql, self.params, self.id = sql, tuple(params), F("pk")

    def get_source_expressions(self):
        return [self.id]

    def set_source_expressions(self, expressions):
        (self.id,) = expressions

    def as_sql(self, compiler, connection):
        column, params = compiler.compile(self.id)
        table = column.rsplit(".", 1)[0]
        return self.sql.replace("{table}", table).replace("{id}", column), [*params, *self.params]


def _dialect():
    if connection.vendor == "postgresql":
        from . import database_pg as dialect
    else:
        from . import database_sqlite as dialect
    return dialect


class DatabaseBackend(Backend):
    name = "database"

    # --- writing --------------------------------------------------------------------------------

    def index(self, documents):
        words = lexicon.current()
        written = 0
        with transaction.atomic():
            for batch in _batches(documents, BATCH):
                written += _write(batch, words)
        return written

    def rebuild(self, kind, documents, total=None, progress=None):
        """`progress(n)` is called after each batch with the number of documents it wrote."""
        words = lexicon.current()
        written = 0
        with transaction.atomic():
            _execute(f"DELETE FROM {_TAG} WHERE entry_id IN (SELECT id FROM {_ENTRY} WHERE kind = %s)", [kind])
            _execute(f"DELETE FROM {_ENTRY} WHERE kind = %s", [kind])
            for batch in _batches(documents, REBUILD_BATCH):
                if any(document.kind != kind for document in batch):
                    raise ValueError(f"rebuild({kind!r}) was given documents of another kind")
                count = _append(batch, words)
                written += count
                if progress:
                    progress(count)
        return written

    def delete(self, kind, refs):
        deleted = 0
        with transaction.atomic():
            for chunk in _batches(refs, BATCH):
                marks = ", ".join(["%s"] * len(chunk))
                where, params = f"kind = %s AND ref IN ({marks})", [kind, *chunk]
                _execute(f"DELETE FROM {_TAG} WHERE entry_id IN (SELECT id FROM {_ENTRY} WHERE {where})", params)
                deleted += _execute(f"DELETE FROM {_ENTRY} WHERE {where}", params)
        return deleted

    def count(self, kind=None):
        entries = SearchEntry.objects.all()
        return (entries.filter(kind=kind) if kind else entries).count()

    def clear(self):
        with transaction.atomic():
            _execute(f"DELETE FROM {_TAG}", [])
            _execute(f"DELETE FROM {_ENTRY}", [])

    # --- reading --------------------------------------------------------------------------------

    def search(self, query, compiled):
        try:
            with transaction.atomic():
                _dialect().prepare_search()
                return _search(query, compiled)
        except DatabaseError as error:
            raise self.Unavailable(str(error)) from error

    def suggest(self, prefix, limit):
        if not prefix or limit <= 0:
            return []
        try:
            return _suggest(prefix, limit)
        except DatabaseError as error:
            raise self.Unavailable(str(error)) from error


_ENTRY = SearchEntry._meta.db_table
_TAG = SearchTag._meta.db_table


def _execute(sql, params):
    # Raw deletes: the ORM's would fetch every row first to send post_delete (core.changes
    # listens to all of them), which an index of a million entries cannot afford.
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _batches(iterable, size):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def _write(documents, words):
    """Upsert the entries of `documents` and replace their tags: four statements a batch."""
    documents = list({document.key: document for document in documents}.values())
    entries = [_entry(document, words) for document in documents]
    SearchEntry.objects.bulk_create(
        entries, update_conflicts=True, unique_fields=("kind", "ref"), update_fields=UPDATED,
    )
    ids = [entry.pk for entry in entries]
    if not _dialect().TAG_ROWS:   # PostgreSQL derives the facet tags from `facets` itself
        return len(entries)
    _execute(f"DELETE FROM {_TAG} WHERE entry_id IN ({', '.join(['%s'] * len(ids))})", ids)
    SearchTag.objects.bulk_create(
        SearchTag(entry_id=entry.pk, facet=facet, value=value)
        for entry, document in zip(entries, documents)
        for facet, values in document.facets.items() if facet != "kind"
        for value in dict.fromkeys(str(value) for value in values)
    )
    return len(entries)


def _append(documents, words):
    """Write the entries of a kind being rebuilt (emptied first, so none exists yet): COPY on
    PostgreSQL, an order of magnitude faster than the upsert; `_write` elsewhere."""
    dialect = _dialect()
    if not dialect.COPY:
        return _write(documents, words)
    entries = [_entry(document, words) for document in {d.key: d for d in documents}.values()]
    dialect.copy_entries(entries)
    return len(entries)


def _entry(document, words):
    tokens = text.document_tokens(document, words)
    return SearchEntry(
        kind=document.kind, ref=document.ref, url=document.url, title=document.title,
        title_key=text.fold(document.title)[:300], summary=document.summary,
        titles=document.titles or None, summaries=document.summaries or None,
        title_tokens=tokens.title, body_tokens=tokens.body, pinyin=tokens.pinyin,
        codes=" ".join(code.upper() for code in document.codes), date=document.date, price=document.price,
        rank=document.rank, badges=document.badges,
        facets={facet: [str(value) for value in values] for facet, values in document.facets.items()},
    )


def _document(row):
    return Document(
        kind=row["kind"], ref=row["ref"], url=row["url"], title=row["title"], summary=row["summary"],
        titles=row["titles"] or {}, summaries=row["summaries"] or {},
        codes=row["codes"].split(), facets=row["facets"], date=row["date"], price=row["price"],
        rank=row["rank"], badges=row["badges"],
    )


# --- a search ----------------------------------------------------------------------------------

def _search(query, compiled):
    clauses = _clauses(compiled)
    if clauses is None or (not clauses and compiled.text):
        # A word none of whose ways can match, or text without a word (`*:*`): nothing does.
        return RawResults([], [], 0, {facet: {} for facet in query.facets})
    if not clauses:   # no text: every entry the filters let through
        return _run(query, compiled, Match(), Value(0.0))
    dialect = _dialect()
    found = _run(query, compiled, Match(clauses=clauses), OnEntry(*dialect.score(clauses), FloatField()))
    near = dialect.near(compiled.text, _spelled(compiled.text)) if not found.total else None
    if near:
        # Nothing holds the words: the titles and pinyin that nearly hold the query (a typo).
        found = _run(query, compiled, Match(near=near[0]), OnEntry(*near[1], FloatField()))
    return found


def _spelled(words):
    """The query as the pinyin column spells names: CJK in full pinyin, latin as typed."""
    return "".join(run if not text.is_cjk(run) else text.pinyin_full(run) for run in text.runs(words))


def _clauses(compiled):
    """Each clause's alternatives as sorted token tuples (stable SQL); None when some clause has
    no alternative left."""
    clauses = []
    for clause in compiled.clauses:
        alternatives = {tuple(t for t in (token.replace("\x00", "").strip() for token in alt) if t)
                        for alt in clause.alternatives}
        alternatives.discard(())
        if not alternatives:
            return None
        clauses.append(sorted(alternatives))
    return clauses


def _run(query, compiled, match, score):
    entries = _filtered(query, match)
    total, counts, estimated = _counts(query, match)
    if total.exact:
        page = (
            _with_codes_key(entries)
            # Without text every score is 0: a constant the planner drops from the ORDER BY.
            .annotate(score=score + _boost(compiled) if compiled.text else Value(0.0))
            .order_by(*ORDERS.get(query.sort, ORDERS["relevance"]))
            .values(*FIELDS, "score")
        )
        rows = list(page[query.offset:query.offset + query.page_size])
    else:
        rows = _broad_page(query, compiled, match, total.value)
    return RawResults([_document(row) for row in rows], [row["score"] for row in rows], total.value, counts,
                      exact=total.exact, estimated=estimated)


def _with_codes_key(entries):
    return entries.alias(codes_key=Concat(Value(" "), Replace(F("codes"), Value("-"), Value("")), Value(" ")))


def _counted(entries, facets):
    """How many `entries` there are and their counts of `facets`, one statement a try: (the
    sample they were counted in or None, how many, [(facet, value, count)], both scaled up to the
    whole). The coarsest sample is counted first; its estimate chooses the next try (_finer)
    until a sample holds MIN_SAMPLED of them, or the finest says more than EXACT_LIMIT; else
    they are counted exactly."""
    dialect = _dialect()
    size = SAMPLES[0]
    while size:
        sampled, rows = dialect.facet_counts(_sampled(entries, size), facets)
        if sampled >= MIN_SAMPLED or (size == SAMPLES[-1] and sampled * size > EXACT_LIMIT):
            return size, sampled * size, [(facet, value, count * size) for facet, value, count in rows]
        size = _finer(size, sampled)
    total, rows = dialect.facet_counts(entries, facets)
    return None, total, rows


def _finer(size, sampled):
    """The sample to count after the one of `size` held `sampled` entries, or None to count them
    exactly: exactly when even a generous bound on their number ((sampled + 3) x size) is within
    EXACT_LIMIT; else the coarsest finer sample expected to hold MIN_SAMPLED of them, or the
    finest. A statement or two fewer than trying every size."""
    if (sampled + 3) * size <= EXACT_LIMIT:
        return None
    finer = [sample for sample in SAMPLES if sample < size]
    for sample in finer:
        if sampled * size / sample >= MIN_SAMPLED:
            return sample
    return finer[-1] if finer else None


# --- a broad search ------------------------------------------------------------------------------

def _sampled(entries, size):
    """The entries of a sample: those whose id is a multiple of `size` (ids are handed out in
    order, so a uniform sample of every kind), served by partial indexes (migration 0007)."""
    return entries.filter(OnEntry(*_dialect().sample(size), BooleanField()))


def _broad_page(query, compiled, match, total):
    """The page of a broad search of about `total` matches. The relevance order puts first the
    entries the query names exactly (a title equal to the query or a synonym's full form), then
    the rest by credit and date without their text score: a common word's matches score alike,
    and scoring them all would read every one. Other sorts as usual."""
    walk = total > SORT_LIMIT
    entries = _filtered(query, match, walk=walk)
    named = _named_exactly(compiled) if query.sort in ("relevance", "") and compiled.text else None
    first = []
    if named is not None:
        first = list(
            _with_codes_key(entries).filter(named).annotate(score=_boost(compiled))
            .order_by(*ORDERS["relevance"]).values(*FIELDS, "pk", "score")[:BROAD_NAMED]
        )
    rows = first[query.offset:query.offset + query.page_size]
    wanted = query.page_size - len(rows)
    if wanted:
        start = max(0, query.offset - len(first))
        skipped = [row["pk"] for row in first]
        ids = _windowed(query, match, skipped, start + wanted)
        if ids is None:
            ordered = _in_order(entries.exclude(pk__in=skipped), ORDERS.get(query.sort, ORDERS["relevance"]), total)
            with _dialect().walking(walk):
                ids = list(ordered.values_list("pk", flat=True)[start:start + wanted])
        else:
            ids = ids[start:start + wanted]
        rows += _with_fields(ids)
    return rows


def _windowed(query, match, skipped, stop):
    """The first `stop` ids in the relevance order when the first entries of the kind in that
    order hold them (dialect.windowed: a search with text and filters among the newest), or None.
    Only where its index serves the whole query: one kind, the relevance or credit order, no date
    or price range."""
    kinds = set(query.kinds)
    if "kind" in query.filters:
        kinds = kinds & {query.filters["kind"]} if query.kinds else {query.filters["kind"]}
    tags = [(facet, str(value)) for facet, value in sorted(query.filters.items()) if facet != "kind"]
    ranged = query.date_from or query.date_to or query.price_min is not None or query.price_max is not None
    if len(kinds) != 1 or not tags or not match.clauses or ranged or query.sort not in ("relevance", "credit", ""):
        return None
    return _dialect().windowed(kinds.pop(), tags, match.clauses, skipped, stop)


def _with_fields(ids):
    """The entries of `ids`, in that order, with their fields (score 0): a page's ids are found
    first, so that sorting thousands of matches moves narrow rows."""
    fields = {row["pk"]: row for row in SearchEntry.objects.filter(pk__in=ids).values(*FIELDS, "pk")}
    return [{**fields[pk], "score": 0.0} for pk in ids]


def _in_order(entries, order, total):
    """`entries` in `order` (no text score). Past SORT_LIMIT they are read from an index in that
    order until the page is full (told so, `walking`: PostgreSQL, which underestimates how many
    match several filters, would rather find them all and sort them). Fewer are found first and
    then sorted: the ordering starts with an expression no index gives (a constant worked out per
    row), because with a filter the entries first in the index's order seldom meet (completed
    jobs, the newest being still open) a walk along it may pass tens of thousands of rows before
    the page is full."""
    if total > SORT_LIMIT:
        return entries.order_by(*(order[1:] if order[0] == ORDERS["relevance"][0] else order))
    if order[0] != ORDERS["relevance"][0]:
        order = (F("score").desc(), *order)
    return entries.annotate(score=F("rank") * Value(0.0)).order_by(*order)


def _named_exactly(compiled):
    """The condition of the boost that names a document exactly (a title equal to the query), or None."""
    # Titles only, which an index finds: a code typed is a narrow search, never a broad one.
    conditions = [when.condition for when in _boost(compiled).cases if when.result.value == TITLE_EQUAL]
    return functools.reduce(operator.or_, conditions) if conditions else None


def _filtered(query, match, leave_out=None, walk=False):
    """The entries `match` finds that pass every filter, but `leave_out`'s (a facet's counts);
    `walk`: as a walk along an order's index checks them (database_pg.conditions)."""
    entries = SearchEntry.objects.all()
    kinds = ()
    if query.kinds and leave_out != "kind":
        entries = entries.filter(kind__in=query.kinds)
        kinds = tuple(query.kinds)
    if "kind" in query.filters and leave_out != "kind":
        entries = entries.filter(kind=query.filters["kind"])
        kinds = (query.filters["kind"],)
    tags = [(facet, str(value)) for facet, value in sorted(query.filters.items()) if facet not in ("kind", leave_out)]
    for condition in _dialect().conditions(match, tags, kinds, walk):
        entries = entries.filter(condition)
    if query.date_from:
        entries = entries.filter(date__gte=_day_start(query.date_from))
    if query.date_to:
        entries = entries.filter(date__lt=_day_start(query.date_to + datetime.timedelta(days=1)))
    if query.price_min is not None:
        entries = entries.filter(price__gte=query.price_min)
    if query.price_max is not None:
        entries = entries.filter(price__lte=query.price_max)
    return entries


def _day_start(day):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=ZONE)


def _boost(compiled):
    """A code typed exactly first (its owner before a document citing it); then a title equal
    to what the query names, then one starting with it. The first that applies counts."""
    if not compiled.text:
        return Value(0.0)
    names = compiled.names
    whens = [
        When(title_key__in=names, then=Value(TITLE_EQUAL)),
        When(Q(*(Q(title_key__startswith=name) for name in names), _connector=Q.OR), then=Value(TITLE_PREFIX)),
    ]
    if text.runs(compiled.text) == [compiled.text] and not text.is_cjk(compiled.text):
        typed = Q(codes_key__contains=f" {text.latin_token(compiled.text).upper()} ")
        whens[:0] = [When(typed & Q(kind__in=CODE_OWNERS), then=Value(CODE_OWN)), When(typed, then=Value(CODE_EXACT))]
    return Case(*whens, default=Value(0.0), output_field=FloatField())


def _has_own_filter(query, facet):
    if facet == "kind":
        return bool(query.kinds) or "kind" in query.filters
    return facet in query.filters


def _counts(query, match):
    """(the total as core.pagination.Count, {facet: {value: count}}, the facets whose counts are
    estimates). The total and the facets without a filter of their own are counted together
    over the entries matching the text and every filter; a facet with a filter over the entries
    matching everything but that filter. Each group is counted in the sample its own size
    chooses (_counted)."""
    counts = {facet: {} for facet in query.facets}
    estimated = set()
    shared = [facet for facet in query.facets if not _has_own_filter(query, facet)]
    groups = [(None, shared)] + [(facet, [facet]) for facet in query.facets if _has_own_filter(query, facet)]
    total = None
    for leave_out, facets in groups:
        size, how_many, rows = _counted(_filtered(query, match, leave_out), facets)
        if leave_out is None:
            total = Count(how_many, size is None)
        if size:
            estimated.update(facets)
        for facet, value, count in rows:
            counts[facet][value] = count
    return total, counts, estimated


# --- suggestions -------------------------------------------------------------------------------

def _suggest(prefix, limit):
    """Titles starting with `prefix` first, then those with a title token (a word, a name's
    pinyin) starting with it; agencies and items before the rest, then by credit."""
    starts = Q(title_key__startswith=prefix)
    found = starts
    token = text.latin_token(prefix) if text.runs(prefix) == [prefix] else ""
    if token:
        found = found | Q(OnEntry(*_dialect().prefix(token), BooleanField()))
    rows = (
        SearchEntry.objects.filter(found)
        .annotate(
            starts=Case(When(starts, then=Value(0)), default=Value(1)),
            first=Case(When(kind__in=(AGENCY, ITEM), then=Value(0)), default=Value(1)),
            length=Length("title"),
        )
        .order_by("starts", "first", F("rank").desc(), "length", "kind", "ref")
        .values_list("title", "kind", "url")
    )
    return list(rows[:limit])
