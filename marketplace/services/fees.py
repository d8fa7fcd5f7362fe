"""Writes to fee rules (收费标准). The arithmetic and the rules a fee rule must obey are in
marketplace.fees; this module saves a validated rule as one public version, at once or, when
its effective date is later than today, as a scheduled version applied on that date (see
marketplace.services.versions).

Each save is one history version (django-simple-history) carrying who (`_history_user`), why
(`_change_reason`) and from when it applies (`_history_effective_from`, copied onto the history
row by the `pre_create_historical_record` receiver in marketplace.models), plus one audit entry
with before/after summaries.
"""
from django.core.exceptions import PermissionDenied
from django.db import transaction

from audit.actions import Action
from audit.services import audit_record

from .. import errors, fees
from ..models import FeeRule, ScheduledVersion, ServiceItem
from ..selectors.regulators import can_edit_item, regulator_for
from ..selectors.versions import fee_rule_values
from .versions import apply_due, save_fee_rule_version, takes_effect_later, version_schedule

TEXT_FIELDS = ("legal_basis", "quantity_label", "quantity_unit", "note")
REQUIRED_TEXT = ("legal_basis", "quantity_label", "quantity_unit")


def _check_actor(actor, item):
    try:
        regulator = regulator_for(actor)
    except PermissionDenied:
        raise errors.NotAFeeRuleRegulator() from None
    if not can_edit_item(regulator, item):
        raise errors.FeeRuleNotSupervised()


def _check_change_info(effective_from, reason):
    if effective_from is None or not hasattr(effective_from, "isoformat"):
        raise errors.EffectiveDateRequired(field="effective_from")
    if not (reason or "").strip():
        raise errors.ChangeReasonRequired(field="reason")


def _clean_text(data):
    text = {name: str(data.get(name) or "").strip() for name in TEXT_FIELDS}
    for name in REQUIRED_TEXT:
        if not text[name]:
            raise errors.FieldRequired(field=name)
    return text


def _summary(rule):
    """What the audit log keeps of a rule (and a scheduled version stores): plain JSON values."""
    return fee_rule_values(rule)


@transaction.atomic
def fee_rule_save(*, actor, item, data, effective_from, reason):
    """Create or change the fee rule of `item` as one public version.

    `data` holds the rule's fields; bands and coefficients as lists of dicts (see
    marketplace.fees). Raises errors.FeeRuleInvalid (with messages by part) for a rule that
    cannot be computed, a named DomainError for missing text or change information, a
    NotAllowed for anyone but a regulator of the item's category. Returns the saved rule, or the
    ScheduledVersion when `effective_from` is later than today.
    """
    _check_actor(actor, item)
    _check_change_info(effective_from, reason)
    text = _clean_text(data)
    clean = fees.validate_rule(
        mode=data.get("mode"),
        bands=data.get("bands"),
        coefficients=data.get("coefficients"),
        minimum_fee=data.get("minimum_fee"),
        maximum_fee=data.get("maximum_fee"),
    )
    # Lock the item, not the rule: the rule may not exist yet, and two first saves must not race.
    ServiceItem.objects.select_for_update().filter(pk=item.pk).first()
    apply_due(item)
    rule = FeeRule.objects.filter(item_id=item.pk).first()
    created = rule is None
    before = None if created else _summary(rule)
    rule = rule or FeeRule(item=item)
    for name, value in text.items():
        setattr(rule, name, value)
    rule.mode = clean.mode
    rule.bands = clean.bands_json
    rule.coefficients = clean.coefficients_json
    rule.minimum_fee = clean.minimum_fee
    rule.maximum_fee = clean.maximum_fee
    after = _summary(rule)
    if after == before:
        raise errors.FeeRuleUnchanged()
    if takes_effect_later(effective_from):
        # The whole rule waits for its date; the rule in force stays as it is until then.
        return version_schedule(actor=actor, item=item, target=ScheduledVersion.Target.FEE_RULE, changes=after,
                                effective_from=effective_from, reason=reason)
    save_fee_rule_version(rule, actor=actor, effective_from=effective_from, reason=reason.strip())
    audit_record(
        actor=actor,
        action=Action.FEE_RULE_CREATE if created else Action.FEE_RULE_UPDATE,
        obj=rule,
        before=before,
        after={**after, "effective_from": effective_from, "reason": reason.strip()},
    )
    return rule
