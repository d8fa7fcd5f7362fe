"""Whatever is typed, a search answers with Results (possibly empty), never an exception: query
syntax of SQL, tsquery, FTS5 and Lucene is just characters; a long query is cut; control
characters are dropped; a page past the end says so."""
import pytest

from search import api
from search.query import MAX_PAGE, SearchQuery

from .helpers import doc, find, index, titles

pytestmark = pytest.mark.django_db

BAD = [
    "", " ", "\t\n", "a" * 10_000, "环评" * 5_000, '" OR 1=1 --', "'; DROP TABLE search_searchentry; --",
    "*:*", "field:(", 'title:"unbalanced', '"', "'", "''", "(((", ")", "\x00", "\x00\x01\x1f环境\x7f\u200b",
    "AND OR NOT", "NEAR(环境 影响)", "环境 AND", "OR", "a & b | !c", "环境:*A", "<-> !!", "%_%\\",
    "title_tokens: 环境", "{title_tokens body_tokens}: x", "^环境", "环境*", "-环境", "+环境 -影响",
    "环境~2", "/.*/", "\\", "${jndi:ldap://x}", "<script>alert(1)</script>", "🙂🙂", "ㄅㄆㄇ", "𠀀",
]


@pytest.mark.parametrize("typed", BAD)
def test_anything_typed_gives_results(engine, typed):
    index(engine, doc("杭州环境影响评价有限公司", summary="环境"))
    results = find(engine, typed, facets=("kind", "region"))
    assert results.total == len(results.hits) <= 1
    # the same text unnormalised, as a caller might pass it
    raw = api.search(SearchQuery(text=typed, facets=("kind",)), backend=engine)
    assert raw.total == len(raw.hits) <= 1


def test_query_syntax_is_not_interpreted(engine):
    index(engine, doc("杭州环境影响评价有限公司"), doc("宁波测绘有限公司"))
    assert find(engine, '" OR 1=1 --').total == 0
    assert find(engine, "*:*").total == 0
    assert find(engine, "环境 OR 测绘").total == 0     # OR is a word (a stop word), not an operator
    assert titles(find(engine, "(环境")) == ["杭州环境影响评价有限公司"]
    assert titles(find(engine, "环境:*A")) == ["杭州环境影响评价有限公司"]


def test_a_query_of_only_symbols_finds_nothing_but_no_text_finds_everything(engine):
    index(engine, doc("杭州环境影响评价有限公司"), doc("宁波测绘有限公司"))
    assert find(engine, "!!! ***").total == 0
    assert find(engine, "").total == 2


@pytest.mark.parametrize("page", [3, MAX_PAGE])
def test_a_page_past_the_end(engine, page):
    index(engine, doc("杭州环境影响评价有限公司"))
    results = find(engine, "环境", page=page)
    assert results.hits == []
    assert results.total == 1
    assert results.message


def test_a_long_query_is_cut_and_still_searched(engine):
    index(engine, doc("杭州环境影响评价有限公司"))
    assert find(engine, "环境 " + "x" * 10_000).total == 0   # every word must match
    assert find(engine, "环境" + " " * 10_000).total == 1
