"""The Elasticsearch backend (settings.SEARCH_BACKEND = "elasticsearch").

One index per kind behind the alias `<ELASTICSEARCH_INDEX_PREFIX>-<kind>`. A rebuild writes a
new index `<alias>-<timestamp>`, bulk-loads and refreshes it, then moves the alias in one atomic
request and drops the old index, so searches answer from the old data until the new is
complete. Incremental updates (search.tasks) write through to every index of the kind: the
live one and one a rebuild may be filling, so an update made during a rebuild is not lost.

Matching is search.text's (the same tokens, the same clauses as the database backend): each
clause is a bool should over its alternatives, each alternative a bool must over its tokens,
each token a term query on `tokens_title` or `tokens_body`. The Chinese-analysed fields add
to the score only (elastic_analysis.py). Facets: the filters of the counted facets go to
`post_filter`, and each facet is counted under every filter but its own.

Any failure of the cluster (down, timeout, an error answer) is raised as `self.Unavailable`;
no elasticsearch exception leaves this module.
"""
import contextlib
import datetime
import logging
import re

import elasticsearch_dsl as dsl
from django.conf import settings
from django.utils import timezone
from elastic_transport import TransportError, Urllib3HttpNode
from elasticsearch import ApiError, Elasticsearch, NotFoundError, helpers

from .. import lexicon, text
from ..documents import KINDS
from .base import Backend, RawResults
from .elastic_analysis import TEXT_INDEX, index_settings, synonym_rules
from .elastic_documents import SOURCE_EXCLUDES, document, mapping, source

logger = logging.getLogger(__name__)

# Weights of where a token is found, and of the analysed fields that only add to the score.
TITLE_WEIGHT, BODY_WEIGHT = 3.0, 1.0
ANALYSED_FIELDS = ["title^4", "keywords^2", "names^2", "summary^1", "body^0.5"]
# Added to the score as the database backend does (the highest that applies, far above the text
# scores): a code typed exactly first, the document it identifies (an agency's USCC, an item's or
# a job's code) before one citing it (the blacklist notice about the agency); then a title equal
# to what the query names (the text or a synonym's full form, search.query.Compiled.names), then
# a title starting with one.
CODE_OWN, CODE_EXACT, TITLE_EQUAL, TITLE_PREFIX = 200_000.0, 100_000.0, 2_000.0, 1_000.0
CODE_OWNERS = ["agency", "item", "job"]
# A near-miss (nothing holds the words), as pg_trgm's word_similarity does on PostgreSQL: the
# title holds all but two of the query's bigrams (a short query all of them, so a near-miss
# never finds less than one word of it), or the pinyin 70% of its three-letter runs.
NEAR_TITLE, NEAR_PINYIN = "3<-2", "3<70%"
# More values than any facet shows (regions of every level are the most numerous).
FACET_SIZE = 1000
# Completions: titles starting with the prefix before a title word that does, agencies and
# items before the rest.
SUGGEST_STARTS, SUGGEST_FIRST, SUGGEST_FIRST_KINDS = 4.0, 2.0, ("agency", "item")
BULK_CHUNK = 500
# Writes and index management (a bulk request, creating an index, moving an alias) may take
# longer than a search may (settings.ELASTICSEARCH_TIMEOUT).
WRITE_TIMEOUT = 120.0

_DATE_DESC = {"date": {"order": "desc", "missing": "_last"}}
# The database backend's orders, ties broken by (kind, ref) so pages never repeat or skip a hit.
SORTS = {
    "relevance": ["_score", {"rank": "desc"}, _DATE_DESC, {"kind": "asc"}, {"ref": "asc"}],
    "newest": [_DATE_DESC, {"kind": "asc"}, {"ref": "desc"}],
    "oldest": [{"date": {"order": "asc", "missing": "_last"}}, {"kind": "asc"}, {"ref": "asc"}],
    "credit": [{"rank": "desc"}, {"kind": "asc"}, {"ref": "asc"}],
    "price_low": [{"price": {"order": "asc", "missing": "_last"}}, {"kind": "asc"}, {"ref": "asc"}],
    "price_high": [{"price": {"order": "desc", "missing": "_last"}}, {"kind": "asc"}, {"ref": "asc"}],
}

_COMPAT_MIMETYPE = re.compile(r"application/vnd\.elasticsearch\+(json|x-ndjson); compatible-with=\d+")


class PlainJsonNode(Urllib3HttpNode):
    """An HTTP node that sends plain `application/json` (and x-ndjson) instead of the 8.x
    client's `application/vnd.elasticsearch+json; compatible-with=8`, for servers that answer
    406 to it: OpenSearch, osmem-server (the tests), some proxies.
    settings.ELASTICSEARCH_COMPATIBILITY_HEADER = False chooses it."""

    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        if headers:
            headers = headers.copy()
            for name in ("accept", "content-type"):
                if name in headers:
                    headers[name] = _COMPAT_MIMETYPE.sub(r"application/\1", headers[name])
        return super().perform_request(method, target, body=body, headers=headers, **kwargs)


_clients = {}


def client_for(url, timeout, compatibility=True):
    """A client per (url, timeout, header choice), made once: it keeps its connection pool."""
    key = (url, timeout, compatibility)
    if key not in _clients:
        options = {"request_timeout": timeout, "max_retries": 1, "retry_on_timeout": False}
        if not compatibility:
            options["node_class"] = PlainJsonNode
        _clients[key] = Elasticsearch(url, **options)
    return _clients[key]


# ---- the request as data (tests/search_elastic check these dicts) ----

def token_query(token):
    """A document holds a token when its title or its body tokens hold it."""
    return dsl.Q("bool", should=[
        dsl.Q("term", tokens_title={"value": token, "boost": TITLE_WEIGHT}),
        dsl.Q("term", tokens_body={"value": token, "boost": BODY_WEIGHT}),
    ], minimum_should_match=1)


def clause_query(clause):
    """Every token of at least one alternative."""
    alternatives = sorted(clause.alternatives)   # sorted: the same request for the same query
    return dsl.Q("bool", should=[
        dsl.Q("bool", must=[token_query(token) for token in alternative]) for alternative in alternatives
    ], minimum_should_match=1)


def text_query(compiled):
    """Every clause must match; the analysed fields, an exact code or title and a title that
    starts with the query add to the score. None when nothing can match."""
    if not compiled.clauses:
        # no text: every document; text without a word (`*:*`): none
        return None if compiled.text else dsl.Q("match_all")
    if any(not any(alternative for alternative in clause.alternatives) for clause in compiled.clauses):
        return None
    return dsl.Q("bool", must=[clause_query(clause) for clause in compiled.clauses], should=boosts(compiled))


def boosts(compiled):
    phrase, names = compiled.text, list(compiled.names)
    code = dsl.Q("term", code_keys=text.latin_token(phrase))
    starts = dsl.Q("bool", should=[dsl.Q("prefix", title_key=name) for name in names], minimum_should_match=1)
    return [
        dsl.Q("multi_match", query=phrase, fields=ANALYSED_FIELDS, type="most_fields"),
        dsl.Q("dis_max", queries=[   # the highest only, as the database backend's CASE
            _constant(dsl.Q("bool", filter=[code, dsl.Q("terms", kind=CODE_OWNERS)]), CODE_OWN),
            _constant(code, CODE_EXACT),
            _constant(dsl.Q("terms", title_key=names), TITLE_EQUAL),
            _constant(starts, TITLE_PREFIX),
        ]),
    ]


def _constant(condition, boost):
    return dsl.Q("constant_score", filter=condition, boost=boost)


def near_query(compiled):
    """Titles or pinyin that nearly hold the text (a typo, a missing character): asked only
    when the words find nothing."""
    phrase = compiled.text
    return dsl.Q("bool", should=[
        dsl.Q("match", title={"query": phrase, "analyzer": TEXT_INDEX, "minimum_should_match": NEAR_TITLE}),
        dsl.Q("match", **{"pinyin.trigram": {"query": phrase, "minimum_should_match": NEAR_PINYIN}}),
    ], minimum_should_match=1)


def _field(facet):
    return "kind" if facet == "kind" else f"facets.{facet}"


def facet_filters(query):
    """{facet: filter} for the kinds and each chosen facet value."""
    filters = {}
    kinds = set(query.kinds) if query.kinds else None
    if "kind" in query.filters:
        kinds = {query.filters["kind"]} & (kinds if kinds is not None else {query.filters["kind"]})
    if kinds is not None:
        filters["kind"] = dsl.Q("terms", kind=sorted(kinds))
    for facet, value in sorted(query.filters.items()):
        if facet != "kind":
            filters[facet] = dsl.Q("term", **{_field(facet): value})
    return filters


def range_filters(query):
    """Dates are days in the site's time zone (Asia/Shanghai), both ends included; prices yuan."""
    filters = []
    zone = timezone.get_default_timezone()
    dates = {}
    if query.date_from:
        dates["gte"] = datetime.datetime.combine(query.date_from, datetime.time(), zone).isoformat()
    if query.date_to:
        day_after = query.date_to + datetime.timedelta(days=1)
        dates["lt"] = datetime.datetime.combine(day_after, datetime.time(), zone).isoformat()
    if dates:
        filters.append(dsl.Q("range", date=dates))
    prices = {}
    if query.price_min is not None:
        prices["gte"] = query.price_min
    if query.price_max is not None:
        prices["lte"] = query.price_max
    if prices:
        filters.append(dsl.Q("range", price=prices))
    return filters


def _all_of(queries):
    return dsl.Q("bool", filter=queries) if queries else dsl.Q("match_all")


def search_request(query, matches):
    """The whole search body for the text's query `matches` (text_query or near_query): the
    filters (those of counted facets as post_filter), one filtered terms aggregation per
    counted facet, the sort and the page."""
    by_facet = facet_filters(query)
    counted = [f for f in by_facet if f in query.facets]
    in_query = [q for f, q in by_facet.items() if f not in counted] + range_filters(query)
    s = dsl.Search().query(dsl.Q("bool", must=[matches], filter=in_query))
    if counted:
        s = s.post_filter(_all_of([by_facet[f] for f in counted]))
    for facet in query.facets:
        others = [by_facet[f] for f in counted if f != facet]
        s.aggs.bucket(facet, "filter", filter=_all_of(others)).bucket(
            "values", "terms", field=_field(facet), size=FACET_SIZE)
    s = s.sort(*SORTS.get(query.sort, SORTS["relevance"]))
    s = s.source(excludes=SOURCE_EXCLUDES).extra(
        from_=query.offset, size=query.page_size, track_total_hits=True)
    return s.to_dict()


def suggest_request(prefix, limit):
    """Titles starting with the prefix, then those with a title word starting with it (a
    name's pinyin is among them); agencies and items first, then by credit, shorter first."""
    starts = dsl.Q("constant_score", filter=dsl.Q("prefix", title_key=prefix), boost=SUGGEST_STARTS)
    matches = [starts]
    if text.runs(prefix) == [prefix]:
        token = text.latin_token(prefix)
        matches.append(dsl.Q("constant_score", filter=dsl.Q("prefix", tokens_title=token), boost=0.0))
    first = dsl.Q("constant_score", filter=dsl.Q("terms", kind=list(SUGGEST_FIRST_KINDS)), boost=SUGGEST_FIRST)
    s = dsl.Search().query(dsl.Q("bool", must=[dsl.Q("bool", should=matches, minimum_should_match=1)],
                                 should=[first]))
    s = s.sort("_score", {"rank": "desc"}, {"title_length": "asc"}, {"kind": "asc"}, {"ref": "asc"})
    return s.source(["kind", "title", "url"]).extra(size=limit).to_dict()


# ---- the backend ----

class ElasticsearchBackend(Backend):
    name = "elasticsearch"

    # Settings are read at each call (tests change the prefix per test).
    @property
    def prefix(self):
        return settings.ELASTICSEARCH_INDEX_PREFIX

    @property
    def client(self):
        if not settings.ELASTICSEARCH_URL:
            raise self.Unavailable("ELASTICSEARCH_URL is not set")
        compatibility = getattr(settings, "ELASTICSEARCH_COMPATIBILITY_HEADER", True)
        return client_for(settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_TIMEOUT, compatibility)

    @property
    def writer(self):
        """The client for writes and index management, with the longer timeout."""
        return self.client.options(request_timeout=max(WRITE_TIMEOUT, settings.ELASTICSEARCH_TIMEOUT))

    def alias(self, kind):
        return f"{self.prefix}-{kind}"

    @contextlib.contextmanager
    def _guard(self):
        try:
            yield
        except (ApiError, TransportError, helpers.BulkIndexError) as error:
            raise self.Unavailable(f"Elasticsearch: {error}") from error

    # indexes

    def _indices(self, kind):
        """{index: is it the alias's} for every index of the kind (the live one, one being built)."""
        try:
            found = self.client.indices.get_alias(index=f"{self.alias(kind)}-*")
        except NotFoundError:
            return {}
        return {name: self.alias(kind) in (info.get("aliases") or {}) for name, info in found.items()}

    def _create(self, kind, name, alias=None):
        """A new index with this setting's analysers, the synonym table and the kind's mapping."""
        body = {"settings": index_settings(settings.ELASTICSEARCH_ANALYZER, current_synonyms()),
                "mappings": mapping(kind)}
        if alias:
            body["aliases"] = {alias: {}}
        self.writer.indices.create(index=name, **body)

    def _targets(self, kind):
        """The indexes an update goes to; the kind's first index is made on its first update."""
        names = list(self._indices(kind))
        if not names:
            name = f"{self.alias(kind)}-initial"
            try:
                self._create(kind, name, alias=self.alias(kind))
            except ApiError as error:   # another worker made it first
                if "resource_already_exists" not in str(error):
                    raise
            names = [name]
        return names

    def index(self, documents):
        words = lexicon.current()
        documents = list(documents)
        actions = []
        with self._guard():
            targets = {kind: self._targets(kind) for kind in {d.kind for d in documents}}
            for doc in documents:
                body = source(doc, text.document_tokens(doc, words))
                actions += [{"_index": name, "_id": doc.ref, "_source": body} for name in targets[doc.kind]]
            if actions:
                helpers.bulk(self.writer, actions, refresh="wait_for", chunk_size=BULK_CHUNK)
        return len(documents)

    def delete(self, kind, refs):
        refs = list(refs)
        with self._guard():
            indices = self._indices(kind)
            actions = [{"_op_type": "delete", "_index": name, "_id": ref} for name in indices for ref in refs]
            deleted = 0
            for ok, item in helpers.streaming_bulk(
                self.writer, actions, refresh="wait_for", chunk_size=BULK_CHUNK, ignore_status=(404,),
            ):
                result = item.get("delete", {})
                # counted once: in the live index
                deleted += ok and result.get("result") == "deleted" and indices.get(result.get("_index"), False)
        return deleted

    def rebuild(self, kind, documents, total=None, progress=None):
        """`progress(n)` is called after each bulk request with the number of documents it wrote."""
        name = f"{self.alias(kind)}-{datetime.datetime.now(datetime.UTC):%Y%m%d%H%M%S%f}"
        words = lexicon.current()
        with self._guard():
            self._create(kind, name)
            try:
                written = self._load(self._actions(kind, name, documents, words), progress)
                self.writer.indices.refresh(index=name)
                self._swap(kind, name)
            except BaseException:
                # whatever failed (the cluster, the documents' source), no half-built index stays
                with contextlib.suppress(ApiError, TransportError):
                    self._drop([name])
                raise
        return written

    @staticmethod
    def _actions(kind, name, documents, words):
        for doc in documents:
            if doc.kind != kind:
                raise ValueError(f"rebuild({kind!r}) was given documents of another kind")
            yield {"_index": name, "_id": doc.ref, "_source": source(doc, text.document_tokens(doc, words))}

    def _load(self, actions, progress):
        written = pending = 0
        for ok, _item in helpers.streaming_bulk(self.writer, actions, chunk_size=BULK_CHUNK, raise_on_error=True):
            written += ok
            pending += ok
            if progress and pending >= BULK_CHUNK:
                progress(pending)
                pending = 0
        if progress and pending:
            progress(pending)
        return written

    def _swap(self, kind, name):
        """Point the alias at the new index in one request, then drop every other index of the kind."""
        alias = self.alias(kind)
        indices = self._indices(kind)
        old = [other for other in indices if other != name]
        actions = [{"remove": {"index": other, "alias": alias}} for other in old if indices[other]]
        actions.append({"add": {"index": name, "alias": alias}})
        self.writer.indices.update_aliases(actions=actions)
        logger.info("search index %s: the alias now points at %s", alias, name)
        self._drop(old)

    def _drop(self, names):
        if names:
            with contextlib.suppress(NotFoundError):
                self.writer.indices.delete(index=",".join(names))

    def clear(self):
        with self._guard():
            try:
                found = self.client.indices.get_alias(index=f"{self.prefix}-*")
            except NotFoundError:
                return
            self._drop(sorted(found))

    # reading

    def _aliases(self, kinds):
        return ",".join(self.alias(kind) for kind in (KINDS if kinds is None else kinds))

    def count(self, kind=None):
        with self._guard():
            return self.client.count(
                index=self._aliases([kind] if kind else None), ignore_unavailable=True, allow_no_indices=True,
            )["count"]

    def search(self, query, compiled):
        matches = text_query(compiled)
        if matches is None:
            return RawResults([], [], 0, {facet: {} for facet in query.facets})
        found = self._search(query, matches)
        if not found.total and compiled.text:
            # nothing holds the words: what nearly holds them (a typo)
            found = self._search(query, near_query(compiled))
        return found

    def _search(self, query, matches):
        # The kind facet counts every kind, so then the kinds are a filter, not the indexes.
        kinds = None if "kind" in query.facets else facet_kinds(query)
        if kinds == []:
            return RawResults([], [], 0, {facet: {} for facet in query.facets})
        with self._guard():
            answer = self.client.search(
                index=self._aliases(kinds), ignore_unavailable=True, allow_no_indices=True,
                **search_request(query, matches),
            ).body
        hits = answer["hits"]["hits"]
        # no index of the kinds asked for yet: no aggregations either
        aggregations = answer.get("aggregations") or {}
        counts = {facet: _buckets(aggregations.get(facet)) for facet in query.facets}
        return RawResults(
            documents=[document(hit["_source"]) for hit in hits],
            scores=[hit.get("_score") or 0.0 for hit in hits],
            total=answer["hits"]["total"]["value"],
            facet_counts=counts,
        )

    def suggest(self, prefix, limit):
        if limit <= 0 or not prefix:
            return []
        with self._guard():
            answer = self.client.search(
                index=self._aliases(None), ignore_unavailable=True, allow_no_indices=True,
                **suggest_request(prefix, limit),
            ).body
        return [(h["_source"]["title"], h["_source"]["kind"], h["_source"]["url"]) for h in answer["hits"]["hits"]]


def _buckets(aggregation):
    buckets = ((aggregation or {}).get("values") or {}).get("buckets") or []
    return {str(bucket["key"]): bucket["doc_count"] for bucket in buckets}


def facet_kinds(query):
    """The kinds a query may find (its indexes): those asked for, a kind filter, or all."""
    kinds = set(query.kinds or KINDS)
    if "kind" in query.filters:
        kinds &= {query.filters["kind"]}
    return sorted(kind for kind in kinds if kind in KINDS)


def current_synonyms():
    """The synonym rules of the active SynonymGroups (pushed into a new index's settings)."""
    from ..models import SynonymGroup
    return synonym_rules(group.word_list() for group in SynonymGroup.objects.filter(is_active=True))
