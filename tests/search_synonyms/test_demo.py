"""The demo's synonym table (core/demo/search.py): the trade's short forms, kept by the demo
regulator through the services, the same table however often it is seeded, and each short form
spelling out the demo catalogue's item names."""
from types import SimpleNamespace

import pytest

from audit.actions import Action
from audit.models import AuditEntry
from core.demo import catalogue
from core.demo import search as demo
from core.demo.seed import Counter
from search import lexicon
from search.models import SynonymGroup
from search.services import update_synonym_group

pytestmark = pytest.mark.django_db

ITEM_NAMES = {code: name for code, name, *_rest in catalogue.ITEMS}
# A short form people type -> the demo item it must find.
FINDS = [
    ("环评", "ZJ-HJ-001"), ("规划环评", "ZJ-HJ-003"), ("水保", "ZJ-SB-001"), ("洪评", "ZJ-SB-004"),
    ("地灾", "ZJ-ZR-001"), ("土地复垦", "ZJ-ZR-006"), ("压矿", "ZJ-ZR-007"), ("震评", "ZJ-DZ-001"),
    ("能评", "ZJ-NY-001"), ("安评", "ZJ-AQ-001"), ("安评", "ZJ-AQ-002"), ("职评", "ZJ-AQ-004"),
    ("职评", "ZJ-AQ-005"), ("造价", "ZJ-GC-001"), ("岩土勘察", "ZJ-GC-002"),
    ("图审", "ZJ-GC-003"), ("质量检测", "ZJ-GC-004"), ("房屋鉴定", "ZJ-GC-005"), ("消防检测", "ZJ-XF-001"),
    ("防雷检测", "ZJ-QX-001"), ("雷评", "ZJ-QX-002"), ("气候论证", "ZJ-QX-003"), ("交评", "ZJ-JT-001"),
    ("文评", "ZJ-WW-001"), ("考古勘探", "ZJ-WW-002"), ("林评", "ZJ-LC-001"), ("国资评估", "ZJ-PG-003"),
]


@pytest.fixture
def seeder(keeper):
    return SimpleNamespace(regulators={"env": keeper}, counter=Counter())


def _table():
    return list(SynonymGroup.objects.order_by("pk").values_list("words", "note", "is_active"))


def test_the_demo_seeds_the_trades_short_forms(seeder, keeper):
    demo.seed(seeder)
    groups = SynonymGroup.objects.all()
    assert groups.count() == len(demo.GROUPS) >= 20
    assert {group.word_list()[0] for group in groups} >= {"环评", "水保", "地灾", "安评", "能评", "稳评", "规划环评",
                                                           "造价", "测绘", "防雷检测"}
    assert all(group.is_active and group.updated_by == keeper for group in groups)
    assert AuditEntry.objects.filter(action=Action.SYNONYM_CREATE).count() == len(demo.GROUPS)
    assert seeder.counter.created == len(demo.GROUPS)


def test_seeding_twice_writes_nothing_more(seeder):
    demo.seed(seeder)
    table, versions, entries = _table(), SynonymGroup.history.count(), AuditEntry.objects.count()
    demo.seed(seeder)
    assert (_table(), SynonymGroup.history.count(), AuditEntry.objects.count()) == (table, versions, entries)


def test_a_changed_demo_group_is_brought_back_and_a_disabled_one_stays_disabled(seeder, keeper):
    demo.seed(seeder)
    group = SynonymGroup.objects.get(words__startswith="环评\n")
    update_synonym_group(actor=keeper, group=group, words="环评\n环评报告", note="", reason="试改")
    disabled = SynonymGroup.objects.get(words__startswith="水保\n")
    disabled.is_active = False
    disabled.save()
    demo.seed(seeder)
    group.refresh_from_db()
    disabled.refresh_from_db()
    assert group.word_list() == list(demo.GROUPS[0]) and group.note == demo.NOTE
    assert group.history.order_by("-history_id").first().history_change_reason == demo.REASON
    assert not disabled.is_active
    assert SynonymGroup.objects.count() == len(demo.GROUPS)


@pytest.mark.parametrize("short, code", FINDS)
def test_each_short_form_spells_out_a_demo_item(seeder, short, code):
    demo.seed(seeder)
    synonyms = lexicon.current().synonyms(short)
    assert any(word in ITEM_NAMES[code] for word in synonyms), (short, ITEM_NAMES[code], synonyms)
