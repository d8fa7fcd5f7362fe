"""A cluster that cannot answer is `Unavailable`, never an elasticsearch exception; the
search page then says so."""
import socket

import pytest

from search import api, text
from search.backends import elastic, get_backend
from search.backends.base import SearchUnavailable
from search.query import SearchQuery

from .conftest import make_document

pytestmark = pytest.mark.elasticsearch


def _closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def down(settings, db, words):
    """The backend pointed at a port nobody listens on."""
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{_closed_port()}"
    settings.ELASTICSEARCH_INDEX_PREFIX = "down"
    settings.ELASTICSEARCH_TIMEOUT = 1.0
    return get_backend("elasticsearch")


@pytest.mark.parametrize("call", [
    lambda b, w: b.search(SearchQuery(text="环评", facets=("region",)), text.compile_query("环评", w)),
    lambda b, w: b.suggest("环", 5),
    lambda b, w: b.index([make_document()]),
    lambda b, w: b.delete("agency", [1]),
    lambda b, w: b.rebuild("agency", [make_document()]),
    lambda b, w: b.count(),
    lambda b, w: b.clear(),
])
def test_a_server_that_is_down_is_unavailable(down, words, call):
    with pytest.raises(SearchUnavailable):
        call(down, words)


def test_no_url_is_unavailable(settings, db):
    settings.ELASTICSEARCH_URL = ""
    with pytest.raises(SearchUnavailable, match="ELASTICSEARCH_URL"):
        get_backend("elasticsearch").count()


def test_the_search_page_gets_a_message_not_an_exception(down):
    results = api.search(SearchQuery(text="环评"), backend="elasticsearch")
    assert results.hits == [] and results.total == 0
    assert results.message == "搜索服务暂时不可用，请稍后再试。"
    # completions: the lexicon's terms still, the titles not
    completions = api.suggest("环", backend="elasticsearch")
    assert "环境影响评价" in [title for title, _kind, _url in completions]
    assert {kind for _title, kind, _url in completions} == {"term"}


def test_an_error_answer_is_unavailable(elasticsearch_backend, words, monkeypatch):
    # the cluster refuses the request (here: an analyser no cluster has)
    monkeypatch.setattr(elastic, "index_settings", lambda *args: {"analysis": {"analyzer": {
        "zh_index": {"type": "custom", "tokenizer": "no_such_tokenizer"}}}})
    with pytest.raises(SearchUnavailable):
        elasticsearch_backend.rebuild("agency", [make_document()])


def test_plain_json_headers_when_the_compatibility_header_is_off(monkeypatch):
    from elastic_transport import HttpHeaders
    sent = {}
    monkeypatch.setattr(elastic.Urllib3HttpNode, "perform_request",
                        lambda self, method, target, body=None, headers=None, **kw: sent.update(headers))
    node = object.__new__(elastic.PlainJsonNode)   # its connection is not needed here
    node.perform_request("POST", "/_bulk", headers=HttpHeaders({
        "accept": "application/vnd.elasticsearch+json; compatible-with=8",
        "content-type": "application/vnd.elasticsearch+x-ndjson; compatible-with=8",
        "user-agent": "elasticsearch-py",
    }))
    assert sent == {"accept": "application/json", "content-type": "application/x-ndjson",
                    "user-agent": "elasticsearch-py"}


def test_the_compatibility_header_is_on_by_default():
    def node(client):
        return type(client.transport.node_pool.all()[0])
    assert node(elastic.client_for("http://127.0.0.1:9", 1.0)) is elastic.Urllib3HttpNode
    assert node(elastic.client_for("http://127.0.0.1:9", 1.0, compatibility=False)) is elastic.PlainJsonNode
