"""The synonym table regulators keep: a group saved is read by the next query (the lexicon is
built again when "synonyms" is announced) and holds for the documents indexed after it; a
group switched off stops. (The pairs share no character: a word the lexicon does not know is
still found by its characters, search.text.)"""
import pytest

from core.changes import announce
from search.models import SynonymGroup

from .helpers import doc, find, index, titles

pytestmark = pytest.mark.django_db

TITLE = "宁波海天预结算审核有限公司"


def test_a_saved_group_takes_effect_after_the_next_index_update(engine):
    document = doc(TITLE, names=[TITLE])
    index(engine, document)
    assert find(engine, "造价").total == 0

    SynonymGroup.objects.create(words="造价\n预结算")
    announce(topics=["synonyms"])
    index(engine, document)   # what the next update of the index does
    assert titles(find(engine, "造价")) == [TITLE]
    assert titles(find(engine, "zaojia")) == [TITLE]
    # both ways: the other word finds a document that holds the first
    index(engine, doc("工程造价咨询指南", kind="policy"))
    assert set(titles(find(engine, "预结算"))) == {TITLE, "工程造价咨询指南"}


def test_a_group_switched_off_stops_taking_effect(engine):
    group = SynonymGroup.objects.create(words="EIA, 环境影响评价")
    announce(topics=["synonyms"])
    index(engine, doc("杭州环境影响评价技术有限公司"))
    assert find(engine, "eia").total == 1

    group.is_active = False
    group.save()
    announce(topics=["synonyms"])
    assert find(engine, "eia").total == 0


def test_a_group_of_several_words(engine):
    SynonymGroup.objects.create(words="能评\n节能评估\n节能审查")
    announce(topics=["synonyms"])
    index(engine, doc("节能审查咨询中心"), doc("节能评估事务所"), doc("能源监测站"))
    assert sorted(titles(find(engine, "能评"))) == ["节能审查咨询中心", "节能评估事务所"]
