"""The Elasticsearch documents: one elasticsearch-dsl `Document` class per kind, each with the
fields of search.documents.Document plus what the index needs to search them the way the
database backend does:

- `tokens_title`, `tokens_body`: search.text's index tokens, split on spaces only. The query's
  clauses are term queries on these, so a document matches exactly when it matches in the
  database backend.
- `title`, `keywords`, `names`, `summary`, `body`: the same text analysed in Chinese
  (search/backends/elastic_analysis.py), for the score only; `title_key` (the title folded
  as search.text folds a query) for an equal title, a title starting with the query, and completions.
- `pinyin`: search.text's pinyin string (ASCII words), with `pinyin.trigram` for near-misses.
- `facets.<name>`: keyword fields, filtered and counted by terms aggregations.
- `titles`, `summaries`: the title and summary in the site's other languages, kept for the
  reader (not indexed: a search matches the site language's text, as in the database backend).

Each kind has its own index (behind the alias `<prefix>-<kind>`, see elastic.py), so a kind
is rebuilt without touching the others; the classes differ only in the kind they hold.
"""
import datetime
from decimal import Decimal

import elasticsearch_dsl as dsl

from .. import text
from ..documents import FACETS, KINDS, Document
from .elastic_analysis import CODE_NORMALIZER, PINYIN, PINYIN_TRIGRAM, TEXT_INDEX, TEXT_SEARCH, TOKENS

# What a search reads back: everything but the searched-only text.
SOURCE_EXCLUDES = ["body", "code_keys", "title_key", "title_length", "tokens_title", "tokens_body", "pinyin"]
# As the database backend keeps it (SearchEntry.title_key).
TITLE_KEY_LENGTH = 300


def _chinese(**kwargs):
    return dsl.Text(analyzer=TEXT_INDEX, search_analyzer=TEXT_SEARCH, **kwargs)


class SearchDocument(dsl.Document):
    kind = dsl.Keyword()
    ref = dsl.Long()
    url = dsl.Keyword(index=False)
    title = _chinese()
    title_key = dsl.Keyword()        # the title folded as a query is (search.text.fold)
    title_length = dsl.Integer()     # shorter titles complete first
    summary = _chinese()
    body = _chinese()
    keywords = _chinese()
    codes = dsl.Keyword(normalizer=CODE_NORMALIZER)
    code_keys = dsl.Keyword()   # the codes as search.text reads them (lower case, no dashes)
    names = _chinese()
    facets = dsl.Object(dynamic=False, properties={name: dsl.Keyword() for name in FACETS if name != "kind"})
    date = dsl.Date()
    price = dsl.ScaledFloat(scaling_factor=100)
    rank = dsl.Float()
    badges = dsl.Object(enabled=False)
    titles = dsl.Object(enabled=False)      # {"en": "…"}: shown, never searched
    summaries = dsl.Object(enabled=False)
    tokens_title = dsl.Text(analyzer=TOKENS)
    tokens_body = dsl.Text(analyzer=TOKENS)
    pinyin = dsl.Text(analyzer=PINYIN, fields={"trigram": dsl.Text(analyzer=PINYIN_TRIGRAM)})

    class Meta:
        dynamic = dsl.MetaField(False)


class AgencyDocument(SearchDocument):
    pass


class JobDocument(SearchDocument):
    pass


class ItemDocument(SearchDocument):
    pass


class NoticeDocument(SearchDocument):
    pass


class PolicyDocument(SearchDocument):
    pass


DOCUMENTS = {
    "agency": AgencyDocument,
    "job": JobDocument,
    "item": ItemDocument,
    "notice": NoticeDocument,
    "policy": PolicyDocument,
}
assert set(DOCUMENTS) == set(KINDS)


def mapping(kind):
    """The index mapping of a kind, as the dict sent to the cluster."""
    return DOCUMENTS[kind]._doc_type.mapping.to_dict()


def _words(value):
    return value if isinstance(value, str) else " ".join(value)


def source(document: Document, tokens) -> dict:
    """The indexed body of a document; `tokens` is search.text.document_tokens(document, …)."""
    body = DOCUMENTS[document.kind](
        kind=document.kind, ref=document.ref, url=document.url, title=document.title,
        title_key=text.fold(document.title)[:TITLE_KEY_LENGTH], title_length=len(document.title),
        summary=document.summary, body=document.body, keywords=list(document.keywords),
        codes=list(document.codes), names=list(document.names),
        facets={name: [str(v) for v in values] for name, values in document.facets.items()},
        date=document.date.isoformat() if document.date else None,
        # a string keeps the exact decimal in _source (the numeric field parses it)
        price=str(document.price) if document.price is not None else None,
        rank=float(document.rank or 0), badges=dict(document.badges),
        titles=dict(document.titles), summaries=dict(document.summaries),
        code_keys=text.code_tokens(document.codes),
        tokens_title=_words(tokens.title), tokens_body=_words(tokens.body), pinyin=_words(tokens.pinyin),
    )
    return body.to_dict(skip_empty=False)


def document(source: dict) -> Document:
    """The Document a hit's _source stands for (body left out: it is never shown)."""
    date, price = source.get("date"), source.get("price")
    return Document(
        kind=source["kind"], ref=int(source["ref"]), url=source.get("url") or "",
        title=source.get("title") or "", summary=source.get("summary") or "",
        keywords=list(source.get("keywords") or []), codes=list(source.get("codes") or []),
        names=list(source.get("names") or []), facets=dict(source.get("facets") or {}),
        date=datetime.datetime.fromisoformat(date) if date else None,
        price=Decimal(str(price)) if price is not None else None,
        rank=float(source.get("rank") or 0), badges=dict(source.get("badges") or {}),
        titles=dict(source.get("titles") or {}), summaries=dict(source.get("summaries") or {}),
    )
