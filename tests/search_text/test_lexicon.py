import io
import time
from contextlib import redirect_stdout

import pytest

from core import changes
from search import lexicon as lexicon_module
from search.lexicon import Lexicon, region_words
from search.models import SynonymGroup
from tests.factories.marketplace import ServiceCategoryFactory, ServiceItemFactory
from tests.factories.providers import RegionFactory


def test_synonyms_both_ways_within_a_group(lexicon):
    assert lexicon.synonyms("环评") == ("环境影响评价",)
    assert lexicon.synonyms("环境影响评价") == ("环评",)
    assert lexicon.synonyms("水土保持") == ("水保", "水土保持方案")
    assert lexicon.synonyms("地质灾害危险性评估") == ("地灾",)
    assert lexicon.synonyms("eia") == ("能评", "节能评估")
    assert lexicon.synonyms("无关") == ()


def test_a_word_in_two_groups_has_the_words_of_both():
    words = Lexicon([], [["环评", "环境影响评价"], ["环评", "环境评价"]])
    assert words.synonyms("环评") == ("环境影响评价", "环境评价")
    assert words.synonyms("环境评价") == ("环评",)


def test_groups_are_normalised_and_single_words_ignored():
    words = Lexicon([], [["環評", "環境影響評價"], ["孤词"]])
    assert words.synonyms("环评") == ("环境影响评价",) and words.groups == [["环评", "环境影响评价"]]


def test_from_pinyin_full_and_initials(lexicon):
    assert lexicon.from_pinyin("huanping") == ("环评",)
    assert lexicon.from_pinyin("huanjingyingxiangpingjia") == ("环境影响评价",)
    assert set(lexicon.from_pinyin("hp")) == {"环评"}
    assert lexicon.from_pinyin("hjyxpj") == ("环境影响评价",)
    assert lexicon.from_pinyin("h") == () and lexicon.from_pinyin("环评") == () and lexicon.from_pinyin("zzz") == ()


def test_terms_are_single_words_to_its_tokenizer(lexicon):
    assert lexicon.tokenizer.lcut("地质灾害危险性评估", HMM=False) == ["地质灾害危险性评估"]
    assert "水保" in lexicon.tokenizer.lcut("水保方案", HMM=False)
    # a name with brackets is its runs: each is a word
    assert lexicon.is_term("工程造价咨询") and lexicon.is_term("预结算编制与审核")
    assert not lexicon.is_term("1:500 地形图测绘") and lexicon.is_term("地形图测绘")


def test_terms_in_a_run(lexicon):
    assert set(lexicon.terms_in("某某地质灾害危险性评估及水土保持方案")) == {
        "地质灾害危险性评估", "水土保持", "水土保持方案"}


def test_completions_by_prefix_and_by_pinyin(lexicon):
    found = lexicon.completions("水土", 5)
    assert [term for term, _kind, _url in found] == ["水土保持", "水土保持方案", "水土保持方案报告书编制"]
    assert found[0][1] == "term" and found[0][2].endswith("?q=%E6%B0%B4%E5%9C%9F%E4%BF%9D%E6%8C%81")
    assert [term for term, *_ in lexicon.completions("huanp")] == ["环评"]
    assert [term for term, *_ in lexicon.completions("shuib")] == ["水保"]
    assert lexicon.completions("水土", 1)[0][0] == "水土保持"
    assert lexicon.completions("", 5) == [] and lexicon.completions("水土", 0) == []
    assert lexicon.completions("*:*") == []


def test_region_words():
    assert region_words("浙江省") == ["浙江省", "浙江"]
    assert region_words("杭州市") == ["杭州市", "杭州"]
    assert region_words("新疆维吾尔自治区") == ["新疆维吾尔自治区", "新疆"]
    assert region_words("沙市") == ["沙市"]


def test_the_tokenizer_prints_nothing():
    out = io.StringIO()
    with redirect_stdout(out):
        Lexicon(["新的事项名称"]).tokenizer.lcut("新的事项名称")
    assert out.getvalue() == ""


@pytest.mark.django_db
class TestCurrent:
    def test_reads_the_catalogue_regions_and_active_synonyms(self):
        ServiceItemFactory(name="建设项目环境影响报告书编制", category=ServiceCategoryFactory(name="生态环境"))
        ServiceItemFactory(name="已撤销的事项", is_active=False)
        RegionFactory(code="330000", name="浙江省", level=1, full_name="浙江省")
        RegionFactory(code="330106", name="西湖区", level=3, full_name="浙江省杭州市西湖区")
        SynonymGroup.objects.create(words="环评\n环境影响评价")
        SynonymGroup.objects.create(words="停用,停用词组", is_active=False)
        changes.announce_everything()
        words = lexicon_module.current()
        assert words.is_term("建设项目环境影响报告书编制") and words.is_term("生态环境")
        assert not words.is_term("已撤销的事项")
        assert words.is_term("浙江省") and words.is_term("浙江") and not words.is_term("西湖区")
        assert words.synonyms("环评") == ("环境影响评价",) and words.synonyms("停用") == ()

    def test_built_again_when_synonyms_or_the_catalogue_change(self):
        changes.announce_everything()
        before = lexicon_module.current()
        assert lexicon_module.current() is before
        SynonymGroup.objects.create(words="水保，水土保持")
        changes.announce(topics=["synonyms"])
        after = lexicon_module.current()
        assert after is not before and after.synonyms("水保") == ("水土保持",)
        ServiceItemFactory(name="防雷装置检测")
        changes.announce(topics=["catalogue"])
        assert lexicon_module.current().is_term("防雷装置检测")


def test_building_for_the_demo_catalogue_is_quick():
    """A lexicon as current() builds it: the demo's items and categories, every province and
    prefecture, synonym groups. CPU time, so a busy machine does not fail it."""
    import csv
    from pathlib import Path

    from core.demo.catalogue import CATEGORIES, ITEMS
    from providers import data

    with open(Path(data.__file__).with_name("regions.csv"), encoding="utf-8") as f:
        regions = [row["name"] for row in csv.DictReader(f) if row["level"] in ("1", "2")]
    terms = [item[1] for item in ITEMS] + [category[1] for category in CATEGORIES]
    terms += [word for name in regions for word in region_words(name)]
    Lexicon(["预热"]).tokenizer.lcut("预热")   # jieba's own dictionary, once a process
    started = time.process_time()
    words = Lexicon(terms, [[f"简称{n}", f"全称第{n}号"] for n in range(30)])
    words.tokenizer.lcut("建设项目环境影响报告书编制")
    assert time.process_time() - started < 0.5
    assert 700 < len(words.terms) < 1000
