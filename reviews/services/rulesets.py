"""Regulators publish the credit rule set (信用评价规则): each publication is a new version, in
force from its save for every score computed after it (reviews/credit/rulesets.py), never
changed afterwards; every version stays public. Publishing recomputes every organisation's
credit (the CREDIT_RULESET_PUBLISH audit entry triggers it, reviews/credit/triggers.py)."""
import copy

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.actions import Action
from audit.services import audit_record
from providers.access import is_active_regulator

from ..credit import engine
from ..errors.credit import CreditRegulatorOnly, RuleSetNoteRequired, RuleSetPublishedMeanwhile, RuleSetRefused
from ..models import RuleSet

NOTE_MAX = 2000


@transaction.atomic
def ruleset_publish(*, actor, rules, note):
    """Publish `rules` as the next version, with the regulator's note on what changed and why.
    Refused, writing nothing, unless the actor is a regulator on duty, the note is given and the
    rules pass engine.check_rules (thresholds that overlap, numbers out of range…)."""
    if not is_active_regulator(actor):
        raise CreditRegulatorOnly()
    note = str(note or "").replace("\x00", "").strip()
    if not note:
        raise RuleSetNoteRequired(field="note")
    if len(note) > NOTE_MAX:
        raise RuleSetNoteRequired(field="note")
    rules = copy.deepcopy(rules)
    try:
        engine.check_rules(rules)
    except engine.RuleSetInvalid as invalid:
        raise RuleSetRefused.from_invalid(invalid) from None
    last = RuleSet.objects.select_for_update().order_by("-version").first()
    version = (last.version if last else 0) + 1
    try:
        with transaction.atomic():
            ruleset = RuleSet.objects.create(version=version, rules=rules, note=note, created_by=actor,
                                             created_at=timezone.now())
    except IntegrityError:  # another regulator's version took this number meanwhile
        raise RuleSetPublishedMeanwhile() from None
    audit_record(actor=actor, action=Action.CREDIT_RULESET_PUBLISH, obj=ruleset,
                 before={"version": last.version if last else None},
                 after={"version": version, "note": note, "rules": rules})
    return ruleset
