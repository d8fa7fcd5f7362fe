"""Credit repair (信用修复): an agency's admin applies, with proof of rectification, to end a
blacklisting in force early; a regulator approves (the entry ends now, shown as repaired: the
agency is no longer barred and the bans end) or rejects it with reasons. One application waits at
a time (also the database's repair_one_pending). An ended entry stays public as ended.
"""
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from audit.actions import Action
from audit.services import audit_record
from core import uploads
from core.notifications import notify
from providers.access import active_regulator_users, is_active_regulator, is_member, members_of
from providers.models import Organisation, PersonBan

from .. import blacklist_rules as rules
from .. import errors
from ..models import BlacklistEntry, CreditRepair, RepairEvidence
from .blacklist import ban_source

STATUS = CreditRepair.Status


def _snapshot(repair):
    return {"entry_id": repair.entry_id, "status": repair.status, "rectification": repair.rectification,
            "decision_reason": repair.decision_reason}


def _agency_link(agency):
    return reverse("reviews:agency_blacklist") + f"?org={agency.pk}"


@transaction.atomic
def repair_apply(*, actor, entry, rectification, files=()):
    """An admin of the blacklisted agency applies for credit repair of an entry in force."""
    entry = BlacklistEntry.objects.select_for_update().select_related("agency").get(pk=entry.pk)
    if not is_member(actor, entry.agency_id, admin=True):
        raise errors.RepairNotAgencyAdmin()
    now = timezone.now()
    if not rules.may_apply_for_repair(entry, now):
        raise errors.RepairEntryNotInForce()
    if entry.repairs.filter(status=STATUS.PENDING).exists():
        raise errors.RepairPendingAlready()
    rectification = (rectification or "").strip()
    if not rectification:
        raise errors.RepairRectificationRequired(field="rectification")
    files = [file for file in files or () if file]
    if not files:
        raise errors.RepairEvidenceRequired(field="files")
    with uploads.removed_on_failure() as keep:
        try:
            with transaction.atomic():
                repair = CreditRepair.objects.create(entry=entry, applied_by=actor, applied_at=now,
                                                     rectification=rectification)
        except IntegrityError:  # one applied meanwhile (repair_one_pending)
            raise errors.RepairPendingAlready() from None
        evidence = uploads.attach(keep, RepairEvidence, files, field="files", repair=repair, uploaded_by=actor)
        audit_record(actor=actor, action=Action.CREDIT_REPAIR_APPLY, obj=repair, object_repr=entry.agency.name,
                     after={**_snapshot(repair), "evidence": [row.name for row in evidence]})
    notify(active_regulator_users(),
           title=gettext("[中介超市] 待审核：“%(agency)s”申请信用修复") % {"agency": entry.agency.name},
           body=gettext("“%(agency)s”申请对黑名单记录（%(facts)s）进行信用修复。整改情况：%(text)s") % {
               "agency": entry.agency.name, "facts": entry.facts, "text": rectification},
           link=reverse("reviews_regulator:repair_detail", args=[repair.pk]))
    return repair


@transaction.atomic
def repair_decide(*, actor, repair, approve, reason=""):
    """A regulator decides an application. Approved, the entry ends now (shown as repaired), the
    agency is no longer barred and the bans it made end; rejected, with reasons, it stays."""
    if not is_active_regulator(actor):
        raise errors.RepairNotARegulator()
    repair = CreditRepair.objects.select_for_update().get(pk=repair.pk)
    if repair.status != STATUS.PENDING:
        raise errors.RepairNotPending()
    entry = BlacklistEntry.objects.select_for_update().get(pk=repair.entry_id)
    agency = Organisation.objects.select_for_update().get(pk=entry.agency_id)
    now = timezone.now()
    reason = (reason or "").strip()
    if approve and not rules.in_force(entry, now):
        raise errors.RepairEntryNotInForce(
            gettext("该黑名单记录已不在列（已期满或已移出），无需修复；请作不予修复处理并说明。"))
    if not approve and not reason:
        raise errors.RepairReasonRequired(field="reason")
    before = _snapshot(repair)
    repair.status = STATUS.APPROVED if approve else STATUS.REJECTED
    repair.decided_by, repair.decided_at, repair.decision_reason = actor, now, reason
    repair.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    if approve:
        _end_entry(entry, agency, now)
    audit_record(actor=actor, action=Action.CREDIT_REPAIR_APPROVE if approve else Action.CREDIT_REPAIR_REJECT,
                 obj=repair, object_repr=agency.name, before=before,
                 after={**_snapshot(repair), "agency_id": agency.pk,
                        "entry_status": entry.status, "ended_at": entry.ended_at.isoformat() if approve else None})
    if approve:
        title = gettext("[中介超市] 信用修复申请已同意：%(agency)s") % {"agency": agency.name}
        body = gettext("“%(agency)s”的黑名单记录已因信用修复移出，即日起恢复报名、签约；相关人员的禁入同时解除。"
                       "该记录仍公开显示为“信用修复后移出”。") % {"agency": agency.name}
    else:
        title = gettext("[中介超市] 信用修复申请未获同意：%(agency)s") % {"agency": agency.name}
        body = gettext("审核意见：%(reason)s") % {"reason": reason}
    if reason and approve:
        body += gettext("审核意见：%(reason)s") % {"reason": reason}
    notify(members_of([agency.pk]), title=title, body=body, link=_agency_link(agency))
    return repair


def _end_entry(entry, agency, now):
    entry.status = BlacklistEntry.Status.REPAIRED
    entry.ended_at = now
    entry.save(update_fields=["status", "ended_at"])
    if agency.blacklisted_until is not None and agency.blacklisted_until > now:
        agency.blacklisted_until = now
        agency.save(update_fields=["blacklisted_until", "updated_at"])
    PersonBan.objects.filter(source=ban_source(entry), ended_at__isnull=True).update(ended_at=now)
