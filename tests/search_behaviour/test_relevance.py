"""Relevance basics: a code typed exactly comes first; a title equal to the query, then one
starting with it; a title match above a match in the text; rank breaks ties."""
import pytest

from .helpers import doc, find, index, titles

pytestmark = pytest.mark.django_db


def test_a_title_match_ranks_above_a_text_match(engine):
    index(engine,
          doc("某某工程咨询有限公司", summary="也做环境影响评价"),
          doc("某某环境影响评价有限公司", summary="工程咨询"))
    assert titles(find(engine, "环境影响评价")) == ["某某环境影响评价有限公司", "某某工程咨询有限公司"]


def test_a_title_equal_to_the_query_then_one_starting_with_it_come_first(engine):
    index(engine,
          doc("杭州市建设项目环境影响评价", kind="item"),
          doc("环境影响评价", kind="item"),
          doc("环境影响评价报告书编制", kind="item"))
    assert titles(find(engine, "环境影响评价")) == [
        "环境影响评价", "环境影响评价报告书编制", "杭州市建设项目环境影响评价"]


@pytest.mark.parametrize("typed", ["ZJ-HJ-001", "zj-hj-001", "zjhj001"])
def test_an_exact_code_comes_first(engine, typed):
    index(engine,
          doc("规划环境影响评价 zjhj001 zjhj001", kind="item", summary="zjhj001 的细项"),
          doc("建设项目环境影响评价", kind="item", codes=["ZJ-HJ-001"]),
          doc("环境影响评价 ZJHJ001", kind="job"))
    assert titles(find(engine, typed))[0] == "建设项目环境影响评价"


def test_an_agency_is_found_by_its_uscc(engine):
    index(engine, doc("杭州绿源环境科技有限公司", codes=["91330106MA2B3C4D5E"]), doc("宁波海天测绘有限公司"))
    assert titles(find(engine, "91330106MA2B3C4D5E")) == ["杭州绿源环境科技有限公司"]


def test_rank_breaks_a_tie(engine):
    index(engine,
          doc("环境监测站", rank=0.3, ref=1),
          doc("环境监测站", rank=0.9, ref=2),
          doc("环境监测站", rank=0.6, ref=3))
    assert [hit.ref for hit in find(engine, "环境监测").hits] == [2, 3, 1]


def test_scores_fall_with_relevance(engine):
    index(engine, doc("环境影响评价"), doc("某公司", summary="环境影响评价"))
    scores = [hit.score for hit in find(engine, "环境影响评价").hits]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] > scores[1]
