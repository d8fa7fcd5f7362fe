"""Versions of the catalogue: saving a change as one public history version, scheduling a change
that takes effect on a later date, withdrawing it before then, and applying it on its date.

Decisions written down here because the brief leaves them open:
- A change whose effective date is today or earlier applies at once (an earlier date records a
  change that took legal effect before it was entered). A later date makes it a scheduled
  version (`ScheduledVersion`): public at once as "将于…生效" with what it changes, in force
  from its date, withdrawable by a regulator of the item's category until then.
- A scheduled item version records only the fields that differ from the version in force when
  it is registered; a later immediate change of other fields is therefore kept when it applies.
  A scheduled fee-rule version is the whole rule: a fee standard replaces the previous one.
- Nothing waits for the scheduler: reads derive the version in force on a day
  (marketplace.selectors.versions); `manage.py apply_catalogue_versions` writes due versions
  as ordinary history versions (who registered it, its date and reason), and every catalogue
  service applies the item's due versions first (`apply_due`), under the item's row lock, so
  running late, twice or concurrently applies each version once.
"""
import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.actions import Action
from audit.services import audit_record
from core.notifications import notify
from providers.models import QualificationType

from .. import errors, fees
from ..models import FeeRule, ScheduledVersion, ServiceItem
from ..selectors.regulators import can_edit_item, regulator_for
from ..selectors.versions import FOREIGN_KEYS, fee_rule_values, item_changes, item_values

logger = logging.getLogger(__name__)

T = ScheduledVersion.Target


def takes_effect_later(effective_from, today=None):
    """Whether a change with this effective date is scheduled rather than applied at once."""
    return effective_from > (today or timezone.localdate())


# --- one change, one history version --------------------------------------------------------

def save_item_version(item, *, actor, effective_from, reason, qualifications=None, created=False):
    """Save `item` (and its qualification set, when given) as exactly one history version.

    simple_history writes a version on every save and on every many-to-many add or remove, so
    a row plus its qualifications would make two or three half-versions. The row and the set
    are written with history off (`skip_history_when_saving`), then one more save records the
    whole state; `_history_type` keeps a first version marked as a creation.
    """
    item._history_user = actor
    item._change_reason = reason.strip()
    item._history_effective_from = effective_from
    try:
        if qualifications is not None:
            item.skip_history_when_saving = True
            try:
                item.save()
                item.required_qualifications.set(qualifications)
            finally:
                del item.skip_history_when_saving
            if created:
                item._history_type = "+"
        item.save()
    finally:
        for name in ("_history_user", "_change_reason", "_history_effective_from", "_history_type"):
            item.__dict__.pop(name, None)


def save_fee_rule_version(rule, *, actor, effective_from, reason):
    """Save `rule` as one history version with who, why and from when."""
    rule._history_user = actor
    rule._change_reason = reason
    rule._history_effective_from = effective_from
    try:
        rule.save()
    finally:
        # A later save of the same instance must not inherit this version's information.
        for name in ("_history_user", "_change_reason", "_history_effective_from"):
            rule.__dict__.pop(name, None)


# --- scheduling -----------------------------------------------------------------------------

def version_schedule(*, actor, item, target, changes, effective_from, reason):
    """Record a change of `item` (target T.ITEM: changed fields; T.FEE_RULE: the whole rule)
    that takes effect on `effective_from`. Called by the catalogue and fee-rule services, inside
    their transaction, after their own permission check and validation."""
    version = ScheduledVersion.objects.create(
        item=item, target=target, changes=changes, effective_from=effective_from,
        reason=reason.strip(), created_by=actor,
    )
    audit_record(actor=actor, action=Action.CATALOGUE_VERSION_SCHEDULE, obj=item, after={
        "version": version.pk, "target": target, "changes": changes,
        "effective_from": effective_from, "reason": version.reason,
    })
    return version


def pending_item_changes(item, until):
    """The item's stored values as they will be on `until`: the row plus every pending item
    version dated `until` or earlier (for the checks a scheduled change must pass)."""
    values = item_values(item)
    for version in ScheduledVersion.objects.filter(
        item=item, target=T.ITEM, status=ScheduledVersion.Status.PENDING, effective_from__lte=until
    ):
        values.update(version.changes)
    return values


@transaction.atomic
def scheduled_version_withdraw(*, actor, version, reason):
    """Withdraw a scheduled version before its date. The withdrawal is public, with its reason."""
    try:
        regulator = regulator_for(actor)
    except PermissionDenied:
        raise errors.NotAVersionRegulator() from None
    item = ServiceItem.objects.select_for_update().get(pk=version.item_id)
    if not can_edit_item(regulator, item):
        raise errors.VersionNotSupervised()
    version = ScheduledVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != ScheduledVersion.Status.PENDING:
        raise errors.VersionNotPending()
    if not takes_effect_later(version.effective_from):
        raise errors.VersionAlreadyInForce()
    if not (reason or "").strip():
        raise errors.WithdrawReasonRequired(field="reason")
    version.status = ScheduledVersion.Status.WITHDRAWN
    version.withdrawn_by = actor
    version.withdrawn_at = timezone.now()
    version.withdraw_reason = reason.strip()
    version.save(update_fields=["status", "withdrawn_by", "withdrawn_at", "withdraw_reason"])
    audit_record(actor=actor, action=Action.CATALOGUE_VERSION_WITHDRAW, obj=item,
                 before={"version": version.pk, "status": ScheduledVersion.Status.PENDING},
                 after={"version": version.pk, "status": version.status, "reason": version.withdraw_reason})
    if version.created_by_id != actor.pk:
        notify(
            [version.created_by],
            title=_("[中介超市] 待生效的清单变更已撤回"),
            body=_("您登记的“%(item)s”%(target)s变更（原定 %(date)s 生效）已被撤回。原因：%(reason)s") % {
                "item": item.name, "target": version.get_target_display(),
                "date": version.effective_from.isoformat(), "reason": version.withdraw_reason,
            },
        )
    return version


# --- applying on the date -------------------------------------------------------------------

def _apply_item_version(item, version):
    """Put a due item version on the row as one history version; False when it changes nothing
    (an immediate change made the same edit meanwhile)."""
    changes = item_changes(item_values(item), version.changes)
    if not changes:
        return False
    for name, value in changes.items():
        if name != "required_qualifications":
            setattr(item, f"{name}_id" if name in FOREIGN_KEYS else name, value)
    qualifications = changes.get("required_qualifications")
    if qualifications is not None:
        qualifications = list(QualificationType.objects.filter(pk__in=qualifications))
    save_item_version(item, actor=version.created_by, effective_from=version.effective_from,
                      reason=version.reason, qualifications=qualifications)
    return True


def _apply_fee_rule_version(item, version):
    rule = FeeRule.objects.filter(item_id=item.pk).first() or FeeRule(item=item)
    snapshot = version.changes
    if rule.pk is not None and fee_rule_values(rule) == snapshot:
        return False
    for name, value in snapshot.items():
        setattr(rule, name, fees.to_decimal(value) if name in ("minimum_fee", "maximum_fee") else value)
    save_fee_rule_version(rule, actor=version.created_by, effective_from=version.effective_from,
                          reason=version.reason)
    return True


@transaction.atomic
def item_versions_apply_due(item_id, *, today=None):
    """Apply the due scheduled versions of one item, in order, under the item's row lock.
    Returns the ids of the versions applied (none when another run got there first)."""
    today = today or timezone.localdate()
    item = ServiceItem.objects.select_for_update().filter(pk=item_id).first()
    if item is None:
        return []
    applied = []
    due = ScheduledVersion.objects.select_for_update().filter(ScheduledVersion.due_q(today), item_id=item_id)
    for version in due:
        if version.target == T.ITEM:
            changed = _apply_item_version(item, version)
        else:
            changed = _apply_fee_rule_version(item, version)
        version.status = ScheduledVersion.Status.APPLIED
        version.applied_at = timezone.now()
        version.save(update_fields=["status", "applied_at"])
        audit_record(actor=None, action=Action.CATALOGUE_VERSION_APPLY, obj=item, after={
            "version": version.pk, "target": version.target, "changes": version.changes,
            "effective_from": version.effective_from, "changed": changed,
        })
        applied.append(version.pk)
    return applied


def apply_due(item):
    """Bring `item`'s row up to date before a catalogue service changes it. True when a
    scheduled version was applied (the caller then re-reads the row)."""
    return bool(item_versions_apply_due(item.pk))


def catalogue_versions_apply_due(*, today=None):
    """Apply every due scheduled version (`manage.py apply_catalogue_versions`). Returns
    {"applied": [version ids], "errors": [item ids]}; one item's failure holds up no other."""
    today = today or timezone.localdate()
    done = {"applied": [], "errors": []}
    item_ids = (
        ScheduledVersion.objects.filter(ScheduledVersion.due_q(today))
        .order_by("item_id").values_list("item_id", flat=True).distinct()
    )
    for item_id in list(item_ids):
        try:
            done["applied"] += item_versions_apply_due(item_id, today=today)
        except Exception:
            logger.exception("applying the scheduled versions of item %s failed", item_id)
            done["errors"].append(item_id)
    return done
