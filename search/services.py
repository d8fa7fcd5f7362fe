"""Writes to the synonym and abbreviation table (search.SynonymGroup) that regulators keep in
their workspace (/regulator/search/synonyms/).

Who: a regulator who keeps part of the catalogue (search.selectors.may_keep_synonyms, which is
marketplace's rule). A group is checked before it is saved: its words are read as the search
reads them (search.text.split_words, which folds them), at least two distinct ones, none longer
than MAX_WORD_LENGTH, each with a letter, digit or Chinese character, and none already in
another active group (a word in two groups would join them behind the regulators' backs).
Groups are never deleted: a regulator disables one, with a reason, and may enable it again.

Every change is one history version (who, when, why: simple_history with the reason as its
change reason) and one audit entry. audit_record announces the group (core.changes), whose topic
is "synonyms": the lexicon (search.lexicon.current) is built again on its next use and the
index follows through search.indexing.
"""
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.actions import Action
from audit.services import audit_record, snapshot
from core.errors import DomainError, NotAllowed
from marketplace.selectors.regulators import regulator_for

from .models import SynonymGroup
from .selectors import may_keep_synonyms
from .text import split_words

MAX_WORD_LENGTH = 30
MAX_NOTE_LENGTH = SynonymGroup._meta.get_field("note").max_length
AUDIT_FIELDS = ("words", "note", "is_active")
# PostgreSQL advisory lock: one change of the table at a time, so two regulators cannot put the
# same word into two groups at the same moment (no unique index can say "one active group").
LOCK_KEY = 5_112_012


# --- refusals ----------------------------------------------------------------------------------
class SynonymsByKeepersOnly(NotAllowed):
    default_message = gettext_lazy("只有维护服务事项清单的在岗监管人员可以维护同义词表。")


class SynonymWordsInvalid(DomainError):
    default_message = gettext_lazy("请至少填写两个不同的词，每行一个或用逗号分隔。")


class SynonymWordTaken(DomainError):
    default_message = gettext_lazy("该词已在另一个启用的同义词组中。")


class SynonymNoteTooLong(DomainError):
    default_message = gettext_lazy("说明不能超过 200 个字。")


class SynonymReasonRequired(DomainError):
    default_message = gettext_lazy("请填写变更原因，它将记入该同义词组的历史。")


class SynonymUnchanged(DomainError):
    default_message = gettext_lazy("同义词和说明都没有改动，无需保存。")


# --- checks ------------------------------------------------------------------------------------
def _keeper(actor):
    try:
        regulator = regulator_for(actor)
    except PermissionDenied:
        raise SynonymsByKeepersOnly() from None
    if not may_keep_synonyms(regulator):
        raise SynonymsByKeepersOnly()
    return regulator


def _reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise SynonymReasonRequired(field="reason")
    return reason


def _note(note):
    note = (note or "").strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise SynonymNoteTooLong(field="note")
    return note


def _read_words(text):
    """The distinct words of `text` as the search reads them (search.text.split_words: folded,
    in the order typed), each checked."""
    words = split_words(text or "")
    for word in words:
        if len(word) > MAX_WORD_LENGTH:
            raise SynonymWordsInvalid(_("“%(word)s”超过 %(n)d 个字：同义词表只收词语，不收句子。")
                                      % {"word": word[:MAX_WORD_LENGTH] + "…", "n": MAX_WORD_LENGTH},
                                      field="words")
        if not any(character.isalnum() for character in word):
            raise SynonymWordsInvalid(_("“%(word)s”不含汉字、字母或数字，搜索不会用到它。") % {"word": word},
                                      field="words")
    if len(words) < 2:
        raise SynonymWordsInvalid(field="words")
    return words


def _check_free(words, pk=None):
    """No word may be in another active group: the refusal names the group that holds it."""
    wanted = set(words)
    for other in SynonymGroup.objects.filter(is_active=True).exclude(pk=pk).only("pk", "words").order_by("pk"):
        taken = [word for word in other.word_list() if word in wanted]
        if taken:
            raise SynonymWordTaken(
                _("“%(word)s”已在启用的同义词组“%(group)s”中：一个词只能属于一个启用的同义词组。"
                  "请修改那一组，或先将其停用。") % {"word": taken[0], "group": other}, field="words")


def _lock_table():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def _locked(group):
    return SynonymGroup.objects.select_for_update().get(pk=group.pk)


def _save_version(row, *, actor, reason):
    """Save `row` as one new version with who and why on its history row."""
    row.updated_by = actor
    row._history_user = actor
    row._change_reason = reason
    try:
        row.save()
    finally:
        row.__dict__.pop("_history_user", None)
        row.__dict__.pop("_change_reason", None)


# --- the services ------------------------------------------------------------------------------
@transaction.atomic
def create_synonym_group(*, actor, words, note="", reason="") -> SynonymGroup:
    """A new active group; `words` is the field as typed (one word a line, or comma-separated),
    the first word its name."""
    _keeper(actor)
    _lock_table()
    cleaned = _read_words(words)
    note = _note(note)
    _check_free(cleaned)
    row = SynonymGroup(words="\n".join(cleaned), note=note, is_active=True)
    _save_version(row, actor=actor, reason=(reason or "").strip() or _("新增同义词组"))
    audit_record(actor=actor, action=Action.SYNONYM_CREATE, obj=row,
                 after={**snapshot(row, AUDIT_FIELDS), "reason": (reason or "").strip()})
    return row


@transaction.atomic
def update_synonym_group(*, actor, group, words, note, reason) -> SynonymGroup:
    """Change a group's words or note, with a reason (kept in its history)."""
    _keeper(actor)
    _lock_table()
    row = _locked(group)
    reason = _reason(reason)
    cleaned = _read_words(words)
    note = _note(note)
    if row.is_active:
        _check_free(cleaned, pk=row.pk)
    text = "\n".join(cleaned)
    if text == row.words and note == row.note:
        raise SynonymUnchanged()
    before = snapshot(row, AUDIT_FIELDS)
    row.words, row.note = text, note
    _save_version(row, actor=actor, reason=reason)
    audit_record(actor=actor, action=Action.SYNONYM_UPDATE, obj=row, before=before,
                 after={**snapshot(row, AUDIT_FIELDS), "reason": reason})
    return row


@transaction.atomic
def set_synonym_group_active(*, actor, group, active, reason) -> SynonymGroup:
    """Disable a group (active=False) or enable it again, with a reason. A group already in
    that state is left as it is (no new version). Enabling checks its words are still free."""
    _keeper(actor)
    _lock_table()
    row = _locked(group)
    reason = _reason(reason)
    if row.is_active == bool(active):
        return row
    if active:
        _check_free(_read_words(row.words), pk=row.pk)
    before = snapshot(row, AUDIT_FIELDS)
    row.is_active = bool(active)
    _save_version(row, actor=actor, reason=reason)
    # The audit log has no separate "enable" kind: enabling is recorded as a change of the group.
    action = Action.SYNONYM_UPDATE if active else Action.SYNONYM_DISABLE
    audit_record(actor=actor, action=action, obj=row, before=before,
                 after={**snapshot(row, AUDIT_FIELDS), "reason": reason})
    return row
