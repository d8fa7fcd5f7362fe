"""The database backend on PostgreSQL: near-misses by trigram similarity when the words find
nothing, and the plans: a text query is served by the tsvector's GIN index, a suggestion by the
title's pattern index or the GIN index, a near-miss by the trigram indexes (sequential scans
disabled, so the check does not depend on how many rows the test made)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.backends import get_backend

from .helpers import doc, find, index, titles

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's full text and pg_trgm"),
    pytest.mark.django_db,
]


@pytest.fixture
def backend():
    engine = get_backend("database")
    engine.clear()
    return engine


def test_a_typo_finds_the_titles_and_pinyin_it_nearly_holds(backend):
    index("database", doc("杭州绿源环境影响评价有限公司", names=["杭州绿源环境影响评价有限公司"]),
          doc("宁波海天测绘有限公司", names=["宁波海天测绘有限公司"]))
    # the words find nothing: the near-misses answer
    assert titles(find("database", "hangzhoulvyuanhuanjin")) == ["杭州绿源环境影响评价有限公司"]
    assert titles(find("database", "宁波海天测会有限公司")) == ["宁波海天测绘有限公司"]
    # a query the words answer is not widened
    assert titles(find("database", "海天")) == ["宁波海天测绘有限公司"]


def plans(run):
    """The EXPLAIN of every search query `run` sends, sequential scans disabled."""
    with CaptureQueriesContext(connection) as captured:
        run()
    found = []
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for query in captured.captured_queries:
            if "search_searchentry" in query["sql"] and query["sql"].startswith("SELECT"):
                cursor.execute("EXPLAIN " + query["sql"])
                found.append((query["sql"], "\n".join(row[0] for row in cursor.fetchall())))
    return found


@pytest.fixture
def many(backend):
    index("database", *(doc(f"{('杭州', '宁波', '成都')[n % 3]}第{n}环境咨询有限公司", ref=n, names=["测绘"],
                            summary="提供环境影响评价服务", facets={"region": [str(330000 + n % 7)]})
                        for n in range(300)))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry")
        cursor.execute("ANALYZE search_searchtag")
    return backend


def test_a_text_query_uses_the_gin_index(many):
    found = plans(lambda: find("database", "环境咨询", facets=("region", "kind")))
    assert len(found) >= 3   # the page and the two facets (the count only past a full page)
    for sql, plan in found:
        assert "search_entry_vector" in plan, (sql, plan)
        assert "Seq Scan on search_searchentry" not in plan, (sql, plan)


def test_a_suggestion_uses_the_indexes(many):
    for prefix in ("杭州", "hangzhou"):
        for sql, plan in plans(lambda typed=prefix: get_backend("database").suggest(typed, 8)):
            assert "Seq Scan on search_searchentry" not in plan, (sql, plan)
            assert "search_entry_title_prefix" in plan or "search_entry_vector" in plan, plan


def test_a_near_miss_uses_the_trigram_indexes(many):
    found = plans(lambda: find("database", "hangzhoudi9huanjingzixun"))
    near = [plan for sql, plan in found if "<%" in sql]
    assert near
    for plan in near:
        assert "search_entry_title_trgm" in plan and "search_entry_pinyin_trgm" in plan, plan
