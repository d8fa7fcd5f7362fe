"""The database backend on PostgreSQL: near-misses by trigram similarity when the words find
nothing, and the plans: a text query is served by the tsvector's GIN index, a suggestion by the
title's pattern index or the GIN index, a near-miss by the trigram indexes (sequential scans
disabled, so the check does not depend on how many rows the test made)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.backends import get_backend
from search.models import SearchEntry

from .helpers import doc, find, index, keys, titles

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
    """20,000 entries in 64 trades (a trade's word matches one in 64), two jobs to an agency (a period
    prime to the samples' sizes: sampled ids hold both kinds), written straight into the
    tables: the plans depend on the SQL and the sizes, not on how the tokens were made."""
    SearchEntry.objects.bulk_create(
        SearchEntry(kind=("agency", "job", "job")[n % 3], ref=n, url=f"/x/{n}/", title=f"杭州第{n}号公司",
                    title_key=f"杭州第{n}号公司", title_tokens=f"杭州 公司 trade{n % 64} hangzhou",
                    body_tokens="环境 咨询", pinyin=f"hangzhoudi{n}haogongsi", rank=n % 100 / 100,
                    facets={"region": [str(330000 + n % 7)]})
        for n in range(20_000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry")
    return backend


def test_a_text_query_uses_the_gin_index(many):
    found = plans(lambda: find("database", "trade7", facets=("region", "kind")))
    pages = [plan for sql, plan in found if "ts_rank_cd" in sql]
    # the total and the two facets (neither filtered) counted in one statement, tried in the
    # coarsest sample and the finest (too few matches in each) and then exactly; and the page
    assert len(pages) == 1 and len(found) == 4
    for _sql, plan in found:
        assert "search_entry_vector" in plan, plan
    for _sql, plan in found:
        assert "Seq Scan on search_searchentry" not in plan, plan


def test_a_suggestion_uses_the_indexes(many):
    for prefix in ("杭州第1", "trade1"):
        for _sql, plan in plans(lambda typed=prefix: get_backend("database").suggest(typed, 8)):
            assert "Seq Scan on search_searchentry" not in plan, plan
            assert any(name in plan for name in (
                "search_entry_title_prefix", "search_entry_title_trgm", "search_entry_vector")), plan


def test_a_near_miss_uses_the_trigram_indexes(many, monkeypatch):
    from search.backends import database

    monkeypatch.setattr(database, "EXACT_LIMIT", 10_000)   # its 1,111 near-misses counted exactly
    found = plans(lambda: find("database", "hangzhoudi9haogongsu"))
    near = [plan for sql, plan in found if "<%" in sql and "mod(" not in sql]   # not the samples' counts
    assert near
    for plan in near:
        assert "search_entry_title_trgm" in plan and "search_entry_pinyin_trgm" in plan, plan


@pytest.mark.parametrize("sort", ["relevance", "credit", "newest"])
def test_a_kind_without_text_is_listed_from_an_index(many, sort):
    found = plans(lambda: find("database", kinds=("job",), sort=sort))
    page = next(plan for sql, plan in found if "LIMIT" in sql)
    assert "search_entry_kind_rank_date" in page or "search_entry_kind_date" in page, page
    assert "Sort" not in page, page


@pytest.fixture
def broad(many, monkeypatch):
    """A search of more than 1,000 matches is broad (20,000 entries; EXACT_LIMIT made small)."""
    from search.backends import database

    monkeypatch.setattr(database, "EXACT_LIMIT", 1000)
    return many


@pytest.mark.parametrize("kinds", [("job",), ()])
def test_a_broad_search_reads_its_sample_and_its_page_from_indexes(broad, kinds):
    results = find("database", "杭州", kinds=kinds, facets=("region", "kind"))
    assert not results.exact
    found = plans(lambda: find("database", "杭州", kinds=kinds, facets=("region", "kind")))
    sampled = [plan for sql, plan in found if "mod(" in sql]
    assert len(sampled) >= 2  # the total and facets in a sample (and a filtered facet's)
    for plan in sampled:   # the text, kinds and filters: one tsquery on a sample's GIN index
        assert "search_entry_vector_sample" in plan, plan
    page = [plan for sql, plan in found if "LIMIT" in sql][-1]   # after those the query names exactly
    assert "search_entry_kind_rank_date" in page or "search_entry_rank_date" in page, page
    assert "Sort" not in page, page


def test_the_text_kind_and_filters_are_one_tsquery_on_one_index(many):
    found = plans(lambda: find("database", "trade7", kinds=("job",), filters={"region": "330001"},
                               facets=("region", "kind")))
    for _sql, plan in found:   # the facet values' array is checked on rows, never searched
        assert "Index Cond: (facet_tags" not in plan, plan
    # the counts and the page: one condition holding the text, the kind and the filter
    assert len([plan for _sql, plan in found if "''trade7'' & ''=region=330001'' & ''=kind=job''" in plan]) >= 2


def test_a_prefix_typed_never_matches_a_kind_or_a_facet_term(many):
    # every entry holds "=kind=…" and "=region=…": a suggestion for "kin" or "reg" finds no title
    assert get_backend("database").suggest("kin", 8) == []
    assert get_backend("database").suggest("reg", 8) == []
    assert find("database", "kind").total == 0


def test_a_broad_page_with_filters_and_no_text_walks_the_order_index_alone(broad, monkeypatch):
    from search.backends import database, database_pg

    monkeypatch.setattr(database, "SORT_LIMIT", 100)   # its ~1,900 matches are read along the index
    with CaptureQueriesContext(connection) as captured:
        find("database", kinds=("job",), filters={"region": "330001"})
    page = [q["sql"] for q in captured.captured_queries if "LIMIT" in q["sql"] and "search_searchentry" in q["sql"]]
    with connection.cursor() as cursor, database_pg.walking(True):
        cursor.execute("EXPLAIN " + page[-1])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using search_entry_kind_rank_date" in plan, plan
    assert "search_vector" not in plan, plan   # the filter is checked on the index's own facet values


@pytest.mark.parametrize("window", [100_000, 50])   # the page found in the window; too small a window
def test_a_windowed_page_is_the_page_a_full_sort_gives(broad, monkeypatch, window):
    from search.backends import database_pg

    def pages():
        return [keys(find("database", "环境", kinds=("job",), filters={"region": "330003"}, page=page,
                          page_size=10)) for page in (1, 2, 5)]

    monkeypatch.setattr(database_pg, "windowed", lambda *args: None)
    sorted_pages = pages()
    monkeypatch.undo()
    monkeypatch.setattr(database_pg, "WINDOW", window)
    calls = []
    real = database_pg.windowed
    monkeypatch.setattr(database_pg, "windowed", lambda *args: calls.append(real(*args)) or calls[-1])
    assert pages() == sorted_pages and all(len(page) == 10 for page in sorted_pages)
    assert calls and all((found is not None) == (window > 50) for found in calls)
