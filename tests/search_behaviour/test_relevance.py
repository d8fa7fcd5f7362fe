"""Relevance basics: a code typed exactly comes first (the agency it identifies before the notice
citing it); a title equal to the query, then one starting with it (or with the full form its
synonym table gives: 水保 names 水土保持方案…); a title match above a match in the text; rank breaks
ties."""
import pytest

from .helpers import at, doc, find, index, titles, vocabulary

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


SOIL_WATER = "水土保持方案报告书编制"


@pytest.mark.parametrize("typed", ["水保", "水土保持方案"])
def test_an_item_named_by_its_name_or_abbreviation_comes_first_site_wide(engine, typed):
    """The item typed (or its abbreviation, through the synonym table: its full form starts the
    item's name) first, before the agencies offering it and the jobs of it."""
    vocabulary(items=[SOIL_WATER], synonyms=[["水保", "水土保持", "水土保持方案"]])
    offered = f"提供{SOIL_WATER}、水土保持方案报告表编制、水土保持监测服务"
    index(engine,
          doc("黄许道路改建工程水土保持方案报告书编制（2025年第111号）", kind="job",
              summary=f"{SOIL_WATER} 德阳市旌阳区", keywords=[SOIL_WATER]),
          doc("德阳山河环境科技有限责任公司", summary=offered, keywords=[SOIL_WATER, "水土保持方案报告表编制"],
              rank=0.95),
          doc(SOIL_WATER, kind="item", summary="对生产建设项目编制水土保持方案报告书", names=[SOIL_WATER]))
    found = titles(find(engine, typed))
    assert found[0] == SOIL_WATER
    assert set(found[1:]) == {"德阳山河环境科技有限责任公司", "黄许道路改建工程水土保持方案报告书编制（2025年第111号）"}


def test_an_agency_comes_before_the_notice_about_it_when_its_uscc_is_typed(engine):
    """Both carry the code; the agency is what it identifies, the blacklist notice cites it."""
    uscc, name = "9151010703114826XN", "成都明远职业卫生技术服务股份有限公司"
    index(engine,
          doc(name, codes=[uscc], summary="职业卫生技术服务", rank=0.3, date=at(2023, 5, 1)),
          doc(f"{name} 列入黑名单", kind="notice", codes=[uscc], keywords=[name],
              summary=f"{uscc} 已列入黑名单 2025年1月1日 至 2027年12月31日", date=at(2025, 1, 1)))
    assert titles(find(engine, uscc)) == [name, f"{name} 列入黑名单"]
    assert titles(find(engine, uscc.lower())) == [name, f"{name} 列入黑名单"]
