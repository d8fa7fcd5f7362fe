"""Chinese as people type it: a long term is found by its abbreviation (a synonym), by a part of
it, by its pinyin and by its pinyin's initials, in traditional characters and full width;
several words must all match (in the title or in the text)."""
import pytest

from .helpers import doc, find, index, titles, vocabulary

pytestmark = pytest.mark.django_db

EIA = "杭州绿源环境影响评价有限公司"
SWC = "成都天府水土保持技术有限公司"


@pytest.fixture
def indexed(engine):
    vocabulary(items=["环境影响评价", "水土保持方案编制"], synonyms=[["环评", "环境影响评价"], ["水保", "水土保持"]])
    index(engine,
          doc(EIA, names=[EIA], summary="承接建设项目环境影响报告书编制"),
          doc(SWC, names=[SWC], summary="承接生产建设项目水土保持方案编制"),
          doc("西湖区污水处理厂扩建工程", kind="job", summary="采购环境影响评价服务"))
    return engine


@pytest.mark.parametrize("words", ["环境影响评价", "环评", "影响评价", "huanping", "hp", "HuanPing", "环境影响"])
def test_environmental_assessment_is_found_however_it_is_typed(indexed, words):
    assert EIA in titles(find(indexed, words))
    assert SWC not in titles(find(indexed, words))


@pytest.mark.parametrize("words", ["環境影響評價", "環評", "ＨＵＡＮＰＩＮＧ", "  环评  "])
def test_traditional_characters_full_width_and_spaces_are_folded(indexed, words):
    assert EIA in titles(find(indexed, words))


@pytest.mark.parametrize("words", ["水保", "水土保持", "shuibao", "sb", "shuitubaochi"])
def test_soil_and_water_conservation_likewise(indexed, words):
    assert titles(find(indexed, words, kinds=("agency",))) == [SWC]


def test_the_body_text_is_searched_too(indexed):
    assert titles(find(indexed, "环评", kinds=("job",))) == ["西湖区污水处理厂扩建工程"]
    assert titles(find(indexed, "报告书")) == [EIA]


def test_every_word_must_match(indexed):
    assert titles(find(indexed, "杭州 环评")) == [EIA]
    assert titles(find(indexed, "成都 环评")) == []
    assert titles(find(indexed, "成都 水保")) == [SWC]
    # one word in the title, the other in the summary
    assert titles(find(indexed, "绿源 报告书")) == [EIA]


def test_a_word_no_document_holds_finds_nothing(indexed):
    assert find(indexed, "地质灾害").total == 0
    assert find(indexed, "zzzzqqq").total == 0


def test_a_name_is_found_by_its_pinyin(indexed):
    assert titles(find(indexed, "lvyuan")) == [EIA]
    assert titles(find(indexed, "tianfu")) == [SWC]


def test_the_words_understood_are_reported(indexed):
    understood = dict(find(indexed, "环评").understood)
    assert "环境影响评价" in understood["环评"]
