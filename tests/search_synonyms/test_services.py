"""Regulators who keep the catalogue keep the synonym table: a new, changed, disabled or enabled
group is one history version with who and why plus one audit entry; a group that cannot work is
refused with its reason and nothing written; and the search reads the change."""
import pytest

from audit.actions import Action
from audit.models import AuditEntry
from search import lexicon
from search.models import SynonymGroup
from search.services import (
    SynonymReasonRequired,
    SynonymsByKeepersOnly,
    SynonymUnchanged,
    SynonymWordsInvalid,
    SynonymWordTaken,
    create_synonym_group,
    set_synonym_group_active,
    update_synonym_group,
)
from tests.writes import nothing_written

from .conftest import make_actor

pytestmark = pytest.mark.django_db

WRITTEN = (SynonymGroup, SynonymGroup.history.model)


def test_a_new_group_is_stored_as_the_search_reads_it_and_starts_its_history(keeper):
    group = create_synonym_group(actor=keeper, words=" 水保，水土保持\n水土保持方案、水保 ", note=" 简称 ")
    assert group.word_list() == ["水保", "水土保持", "水土保持方案"]
    assert (group.note, group.is_active, group.updated_by) == ("简称", True, keeper)
    [version] = group.history.all()
    assert version.history_type == "+" and version.history_user == keeper
    assert version.history_change_reason == "新增同义词组"
    entry = AuditEntry.objects.get(action=Action.SYNONYM_CREATE)
    assert entry.object_id == str(group.pk) and entry.after["words"] == "水保\n水土保持\n水土保持方案"


def test_traditional_and_full_width_words_are_folded(keeper):
    group = create_synonym_group(actor=keeper, words="環評，ＢＩＭ建模")
    assert group.word_list() == ["环评", "bim建模"]


def test_a_change_is_a_new_version_with_its_reason_and_an_audit_entry(keeper, group):
    update_synonym_group(actor=keeper, group=group, words="环评\n环境影响评价\n环境影响报告", note="",
                         reason="“环境影响报告书”也常被叫作环评")
    group.refresh_from_db()
    assert group.word_list() == ["环评", "环境影响评价", "环境影响报告"] and group.note == ""
    latest = group.history.order_by("-history_id").first()
    assert latest.history_type == "~" and latest.history_change_reason == "“环境影响报告书”也常被叫作环评"
    entry = AuditEntry.objects.get(action=Action.SYNONYM_UPDATE)
    assert entry.before["words"] == "环评\n环境影响评价"
    assert entry.after["reason"] == "“环境影响报告书”也常被叫作环评"


def test_disabled_and_enabled_again_with_reasons(keeper, group):
    set_synonym_group_active(actor=keeper, group=group, active=False, reason="试行期间暂停")
    group.refresh_from_db()
    assert not group.is_active
    # The same state again writes nothing.
    with nothing_written(*WRITTEN):
        set_synonym_group_active(actor=keeper, group=group, active=False, reason="再次停用")
    set_synonym_group_active(actor=keeper, group=group, active=True, reason="恢复")
    assert [v.is_active for v in group.history.order_by("history_id")] == [True, False, True]
    assert [v.history_change_reason for v in group.history.order_by("history_id")][1:] == ["试行期间暂停", "恢复"]
    assert AuditEntry.objects.filter(action=Action.SYNONYM_DISABLE).count() == 1
    assert AuditEntry.objects.filter(action=Action.SYNONYM_UPDATE, after__is_active=True).count() == 1


@pytest.mark.parametrize("words", [
    "", "   ", "环评", "环评\n环评", "环评，環評", "环评\n" + "环" * 31, "环评\n！！！", ",，、;\n",
])
def test_words_that_cannot_work_are_refused_and_nothing_is_written(keeper, words):
    with pytest.raises(SynonymWordsInvalid) as caught, nothing_written(*WRITTEN):
        create_synonym_group(actor=keeper, words=words)
    assert caught.value.field == "words" and str(caught.value)


def test_a_word_of_thirty_characters_is_a_word(keeper):
    assert create_synonym_group(actor=keeper, words="环评\n" + "环" * 30).word_list()[1] == "环" * 30


def test_a_word_in_another_active_group_is_refused_naming_that_group(keeper, group):
    with pytest.raises(SynonymWordTaken) as caught, nothing_written(*WRITTEN):
        create_synonym_group(actor=keeper, words="環境影響評價\n环境评价")
    assert caught.value.field == "words"
    assert "环境影响评价" in str(caught.value) and "环评 = 环境影响评价" in str(caught.value)


def test_a_word_of_a_disabled_group_is_free_until_that_group_is_enabled(keeper, group):
    set_synonym_group_active(actor=keeper, group=group, active=False, reason="改为两组")
    other = create_synonym_group(actor=keeper, words="环评\n环评报告")
    with pytest.raises(SynonymWordTaken) as caught, nothing_written(*WRITTEN):
        set_synonym_group_active(actor=keeper, group=group, active=True, reason="恢复")
    assert str(other) in str(caught.value)
    group.refresh_from_db()
    assert not group.is_active


def test_a_group_may_keep_its_own_words_when_changed(keeper, group):
    update_synonym_group(actor=keeper, group=group, words="环境影响评价\n环评", note="", reason="全称作名称")
    group.refresh_from_db()
    assert str(group) == "环境影响评价 = 环评"


def test_a_change_without_a_reason_or_without_a_change_is_refused(keeper, group):
    with nothing_written(*WRITTEN):
        with pytest.raises(SynonymReasonRequired) as caught:
            update_synonym_group(actor=keeper, group=group, words="环评\n环境评价", note="", reason="  ")
        assert caught.value.field == "reason"
        with pytest.raises(SynonymReasonRequired):
            set_synonym_group_active(actor=keeper, group=group, active=False, reason="")
        with pytest.raises(SynonymUnchanged):
            update_synonym_group(actor=keeper, group=group, words="环评，环境影响评价", note="行业常用简称",
                                 reason="无改动")
    group.refresh_from_db()
    assert group.word_list() == ["环评", "环境影响评价"] and group.is_active


@pytest.mark.parametrize("role", ["anonymous", "agency_member", "owner_member", "regulator"])
def test_only_regulators_who_keep_the_catalogue_keep_the_table(role, group):
    actor = make_actor(role)
    with nothing_written(*WRITTEN):
        with pytest.raises(SynonymsByKeepersOnly):
            create_synonym_group(actor=actor, words="水保\n水土保持")
        with pytest.raises(SynonymsByKeepersOnly):
            update_synonym_group(actor=actor, group=group, words="环评\n环境评价", note="", reason="改")
        with pytest.raises(SynonymsByKeepersOnly):
            set_synonym_group_active(actor=actor, group=group, active=False, reason="停")


def test_an_inactive_regulator_keeps_nothing(keeper):
    keeper.regulator.is_active = False
    keeper.regulator.save()
    with pytest.raises(SynonymsByKeepersOnly), nothing_written(*WRITTEN):
        create_synonym_group(actor=keeper, words="水保\n水土保持")


def test_the_search_reads_a_regulators_change_at_once(keeper):
    assert "水土保持" not in lexicon.current().synonyms("水保")
    group = create_synonym_group(actor=keeper, words="水保\n水土保持")
    assert "水土保持" in lexicon.current().synonyms("水保")
    update_synonym_group(actor=keeper, group=group, words="水保\n水土保持方案", note="", reason="改为方案")
    assert list(lexicon.current().synonyms("水保")) == ["水土保持方案"]
    set_synonym_group_active(actor=keeper, group=group, active=False, reason="停用")
    assert not lexicon.current().synonyms("水保")
