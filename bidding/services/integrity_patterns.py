"""The patterns of the integrity check (bidding.IntegrityPattern, read by bidding/integrity.py),
kept by regulators in their workspace (/regulator/jobs/patterns/).

Who: any active regulator; the table is one for the whole platform. A pattern is checked before
it is saved: it must compile, must not match blank text, and must catch its own example clause
(an EXEMPT pattern: must blank something out of it). Patterns are never deleted: a regulator
deactivates one, with a reason, and may activate it again.

Every change is one history version (who, when, why: simple_history with the reason as its
change reason) and one audit entry. The next publication check uses it at once: the matcher's
cache follows the newest version (integrity.current_matcher).

`data` for pattern_create / pattern_update is a dict with FIELDS.
"""
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.actions import Action
from audit.services import audit_record, snapshot
from providers.access import is_active_regulator

from ..errors import (
    PatternDuplicate,
    PatternIncomplete,
    PatternInvalid,
    PatternMissesExample,
    PatternReasonRequired,
    PatternsByRegulatorOnly,
)
from ..integrity import Pattern, PatternError, compile_pattern, current_matcher
from ..models import IntegrityPattern

FIELDS = ("kind", "syntax", "pattern", "explanation", "example")
AUDIT_FIELDS = FIELDS + ("is_active",)


def _require_regulator(actor):
    if not is_active_regulator(actor):
        raise PatternsByRegulatorOnly()


def _reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise PatternReasonRequired(field="reason")
    return reason


def _cleaned(data, pk=None):
    values = {name: str(data.get(name) or "").strip() for name in FIELDS}
    if values["kind"] not in IntegrityPattern.Kind.values:
        raise PatternIncomplete(field="kind")
    if values["syntax"] not in IntegrityPattern.Syntax.values:
        raise PatternIncomplete(field="syntax")
    for name in ("pattern", "explanation", "example"):
        if not values[name]:
            raise PatternIncomplete(field=name)
    try:
        compile_pattern(values["syntax"], values["pattern"])
    except PatternError as error:
        raise PatternInvalid(_("模式无法使用：%(reason)s") % {"reason": error}, field="pattern") from None
    candidate = Pattern(pk, values["kind"], values["syntax"], values["pattern"])
    if not current_matcher().catches(candidate, values["example"]):
        raise PatternMissesExample(field="example")
    duplicates = IntegrityPattern.objects.filter(syntax=values["syntax"], pattern=values["pattern"])
    if duplicates.exclude(pk=pk).exists():
        raise PatternDuplicate(field="pattern")
    return values


def _save_version(row, *, actor, reason):
    """Save `row` as one new version: a fresh revision, who and why on the history row."""
    row.revision = uuid.uuid4()
    row.updated_by = actor
    row.updated_at = timezone.now()
    row._history_user = actor
    row._change_reason = reason
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        # Two regulators saved the same pattern at the same moment: the unique index decided.
        raise PatternDuplicate(field="pattern") from None
    finally:
        row.__dict__.pop("_history_user", None)
        row.__dict__.pop("_change_reason", None)


def _locked(pattern):
    return IntegrityPattern.objects.select_for_update().get(pk=pattern.pk)


@transaction.atomic
def pattern_create(*, actor, data, reason="") -> IntegrityPattern:
    _require_regulator(actor)
    values = _cleaned(data)
    row = IntegrityPattern(**values, is_active=True, created_by=actor, created_at=timezone.now())
    _save_version(row, actor=actor, reason=(reason or "").strip() or _("新增规则"))
    audit_record(actor=actor, action=Action.INTEGRITY_PATTERN_CREATE, obj=row, after=snapshot(row, AUDIT_FIELDS))
    return row


@transaction.atomic
def pattern_update(*, actor, pattern, data, reason) -> IntegrityPattern:
    _require_regulator(actor)
    row = _locked(pattern)
    reason = _reason(reason)
    values = _cleaned(data, pk=row.pk)
    before = snapshot(row, AUDIT_FIELDS)
    for name, value in values.items():
        setattr(row, name, value)
    _save_version(row, actor=actor, reason=reason)
    audit_record(actor=actor, action=Action.INTEGRITY_PATTERN_UPDATE, obj=row, before=before,
                 after={**snapshot(row, AUDIT_FIELDS), "reason": reason})
    return row


@transaction.atomic
def pattern_set_active(*, actor, pattern, active, reason) -> IntegrityPattern:
    """Deactivate (active=False) or activate a pattern again; a pattern already in that state
    is left as it is (no new version)."""
    _require_regulator(actor)
    row = _locked(pattern)
    reason = _reason(reason)
    if row.is_active == bool(active):
        return row
    if active:
        # It must still be usable under today's placeholders before it counts again.
        _cleaned({name: getattr(row, name) for name in FIELDS}, pk=row.pk)
    before = snapshot(row, AUDIT_FIELDS)
    row.is_active = bool(active)
    _save_version(row, actor=actor, reason=reason)
    action = Action.INTEGRITY_PATTERN_ACTIVATE if active else Action.INTEGRITY_PATTERN_DEACTIVATE
    audit_record(actor=actor, action=action, obj=row, before=before,
                 after={**snapshot(row, AUDIT_FIELDS), "reason": reason})
    return row
