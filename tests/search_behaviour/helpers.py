"""Hand-made documents and the calls every behaviour test makes: index them into the engine
under test, then ask through search.api as the pages do."""
import datetime
import itertools
from decimal import Decimal
from zoneinfo import ZoneInfo

from core.changes import announce
from search import api, text
from search.backends import get_backend
from search.documents import Document
from search.models import SynonymGroup
from search.query import SearchQuery
from tests.factories import ServiceItemFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
_refs = itertools.count(1000)


def at(year, month, day, hour=12, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def doc(title, kind="agency", ref=None, **fields):
    """A document as a source would build it; `price` may be given as a number."""
    ref = ref if ref is not None else next(_refs)
    if fields.get("price") is not None:
        fields["price"] = Decimal(fields["price"])
    return Document(kind=kind, ref=ref, url=f"/{kind}/{ref}/", title=title, **fields)


def index(engine, *documents):
    get_backend(engine).index(documents)
    return documents


def find(engine, words="", **fields):
    """search.api.search with the text normalised as the search form does; what the engine
    finds for the words themselves (no automatic correction of a query that finds nothing)."""
    fields.setdefault("autocorrect", False)
    return api.search(SearchQuery(text=text.normalise(words), **fields), backend=engine)


def keys(results):
    return [(hit.kind, hit.ref) for hit in results.hits]


def titles(results):
    return [hit.title for hit in results.hits]


def every_key(engine, words="", **fields):
    """The keys of every hit, page after page (page size 100)."""
    found, page = [], 1
    while True:
        results = find(engine, words, page=page, page_size=100, **fields)
        found += keys(results)
        if page >= results.pages:
            return found
        page += 1


def vocabulary(items=(), synonyms=()):
    """Catalogue items (their names are terms of the lexicon) and synonym groups, announced as
    the services do, so search.lexicon.current() reads them."""
    for name in items:
        ServiceItemFactory(name=name)
    groups = [SynonymGroup.objects.create(words="\n".join(words)) for words in synonyms]
    announce(topics=["catalogue", "synonyms"])
    return groups
