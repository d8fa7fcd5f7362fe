"""SQLite's half of the database backend: the FTS5 table `search_fts` over the entries' title and
body tokens (external content, kept by triggers; migration 0003), ranked by bm25.

Every function returns (SQL, params) written over `{table}` (the entry's alias in the query at
hand) and `{id}` (its primary key column); the MATCH expression travels as a parameter, each
token a quoted FTS5 string, so nothing a user typed is read as FTS5 syntax."""
from contextlib import contextmanager

from django.db.models import BooleanField, Count, Exists, OuterRef, Q

from ..models import SearchTag

# bm25's column weights: a body match counts a fifth of a title match, as on PostgreSQL.
BM25 = "bm25(search_fts, 5.0, 1.0)"


def string(token):
    return '"' + token.replace('"', '""') + '"'


def expression(alternatives_per_clause):
    """AND of clauses, each an OR of alternatives, each an AND of tokens."""
    clauses = []
    for alternatives in alternatives_per_clause:
        ors = ["(" + " AND ".join(string(token) for token in alternative) + ")" for alternative in alternatives]
        clauses.append("(" + " OR ".join(ors) + ")")
    return " AND ".join(clauses)


def conditions(match, tags, kinds, walk=False):
    """The entries `match` (search.backends.database.Match) finds that hold every (facet, value)
    of `tags` (the kinds are the entry's column, filtered by the caller)."""
    from .database import OnEntry

    found = []
    if match.clauses:
        found.append(OnEntry("{id} IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)",
                             [expression(match.clauses)], BooleanField()))
    if tags:
        found.append(has_tags(tags))
    return found   # match.near: never here (near() finds none)


def score(alternatives_per_clause):
    # bm25 is lower for a better match; looked up per matching entry by rowid, which FTS5 serves
    # together with MATCH.
    return (f"COALESCE((SELECT -{BM25} FROM search_fts WHERE search_fts MATCH %s AND rowid = {{id}}), 0)",
            [expression(alternatives_per_clause)])


def prefix(token):
    """Entries with a title token starting with `token` (pinyin is among the title tokens)."""
    return ("{id} IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)",
            ["title_tokens : " + string(token) + " *"])


def near(text, spelled):
    """No trigram index here: near-misses are PostgreSQL's (the "did you mean" still helps)."""
    return None


# --- facets ----------------------------------------------------------------------------------
# One `SearchTag` row per facet value of an entry.
TAG_ROWS = True
COPY = False   # no COPY: a rebuild writes as an index update does


def has_tags(pairs):
    """Entries holding every (facet, value) of `pairs`."""
    return Q(*(Exists(SearchTag.objects.filter(entry=OuterRef("pk"), facet=facet, value=value))
               for facet, value in pairs))


def facet_counts(entries, facets):
    """(how many `entries`, [(facet, value, count)] of `facets` over them): the entries counted,
    the kinds grouped, the tags grouped."""
    rows = []
    if "kind" in facets:
        rows += [("kind", kind, n) for kind, n in entries.values_list("kind").annotate(n=Count("pk")).order_by()]
    others = [facet for facet in facets if facet != "kind"]
    if others:
        rows += list(entries.filter(tags__facet__in=others).values_list("tags__facet", "tags__value")
                     .annotate(n=Count("pk")).order_by())
    return entries.count(), rows


def sample(size):
    return f"({{id}} %% {int(size)}) = 0", []   # %% : the driver reads % as a parameter


def prepare_search():
    """Nothing to set on SQLite."""


def windowed(kind, tags, clauses, skipped, stop):
    """Not here: SQLite's lists are small (search.backends.database reads the page as usual)."""
    return None


@contextmanager
def walking(walk):
    """SQLite's planner chooses the order's index by itself."""
    yield
