"""The Elasticsearch backend's own tests: requests and mappings as data (no server), and live
runs (marked `elasticsearch`) against osmem-server or the cluster at ELASTICSEARCH_URL."""
import datetime
from decimal import Decimal

import pytest

from search import lexicon
from search.documents import Document
from search.lexicon import Lexicon
from tests.search_behaviour.elastic_fixture import elasticsearch_backend  # noqa: F401  (a fixture)

# A small lexicon of the trade's words: what search.text cuts queries and documents with.
TERMS = ["环境影响评价", "水土保持", "测绘", "杭州", "宁波"]
GROUPS = [["环评", "环境影响评价"], ["水保", "水土保持"]]


@pytest.fixture
def words(monkeypatch):
    """The lexicon every test here reads (instead of the catalogue's)."""
    found = Lexicon(terms=TERMS, groups=GROUPS)
    monkeypatch.setattr(lexicon, "current", lambda: found)
    return found


def make_document(kind="agency", ref=1, title="杭州环境影响评价有限公司", **fields):
    fields.setdefault("url", f"/{kind}/{ref}/")
    return Document(kind=kind, ref=ref, title=title, **fields)


def day(year, month, date, hour=12):
    return datetime.datetime(year, month, date, hour, tzinfo=datetime.UTC)


def price(value):
    return Decimal(value)
