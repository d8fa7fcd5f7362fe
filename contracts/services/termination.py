"""Ending a signed contract early: by agreement (one side proposes with a reason, the other
confirms) or by a regulator supervising the item's category, with the reason. The job is
terminated, milestones not yet accepted are cancelled, deliverables waiting for acceptance are
closed, and the money the platform holds for them is refunded to the owner."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.actions import Action
from audit.services import audit_record
from bidding import states
from core.notifications import notify

from .. import rules
from ..errors import (
    NoTerminationProposed,
    NotTerminable,
    OwnProposal,
    PartiesOnly,
    RegulatorOnly,
    TerminationReasonRequired,
)
from ..models import Contract, Delivery, Milestone, Payment
from ..payments import ledger, release
from ..tasks import cancel_intent_task
from ._common import link, lock, parties
from .delivery import deemed_accept_locked
from .owner_steps import steps_end


def _terminable(job, contract):
    contract.job = job
    if not rules.terminable(contract):
        raise NotTerminable()


def _reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise TerminationReasonRequired(field="reason")
    return reason[:4000]


@transaction.atomic
def termination_propose(*, actor, contract, reason):
    job, contract = lock(contract)
    side = rules.side_of(actor, contract)
    if side is None:
        raise PartiesOnly()
    _terminable(job, contract)
    contract.termination_proposed_by, contract.termination_proposed_at = side, timezone.now()
    contract.termination_reason = _reason(reason)
    contract.save(update_fields=["termination_proposed_by", "termination_proposed_at", "termination_reason"])
    audit_record(actor=actor, action=Action.CONTRACT_TERMINATION_PROPOSE, obj=contract,
                 after={"side": side, "reason": contract.termination_reason})
    notify(parties(contract), title=_("对方提出协商解除合同：%(title)s") % {"title": job.title},
           body=contract.termination_reason, link=link(contract))
    return contract


@transaction.atomic
def termination_withdraw(*, actor, contract):
    job, contract = lock(contract)
    _terminable(job, contract)
    side = rules.side_of(actor, contract)
    if side is None or side != contract.termination_proposed_by:
        raise NoTerminationProposed()
    contract.termination_proposed_by, contract.termination_proposed_at, contract.termination_reason = "", None, ""
    contract.save(update_fields=["termination_proposed_by", "termination_proposed_at", "termination_reason"])
    audit_record(actor=actor, action=Action.CONTRACT_TERMINATION_WITHDRAW, obj=contract, after={"side": side})
    return contract


@transaction.atomic
def termination_confirm(*, actor, contract):
    """The other side agrees: the contract ends by agreement."""
    job, contract = lock(contract)
    side = rules.side_of(actor, contract)
    if side is None:
        raise PartiesOnly()
    _terminable(job, contract)
    if not contract.termination_proposed_by:
        raise NoTerminationProposed()
    if side == contract.termination_proposed_by:
        raise OwnProposal()
    return _terminate(actor, job, contract, contract.termination_reason, by_regulator=False)


@transaction.atomic
def contract_terminate_by_regulator(*, actor, contract, reason):
    job, contract = lock(contract)
    if not rules.supervises(actor, contract):
        raise RegulatorOnly()
    _terminable(job, contract)
    return _terminate(actor, job, contract, _reason(reason), by_regulator=True)


def _terminate(actor, job, contract, reason, *, by_regulator):
    now = timezone.now()
    # Deliverables whose acceptance time ran out count as accepted before anything ends.
    for delivery_id in Delivery.objects.filter(milestone__contract=contract, status=Delivery.Status.SUBMITTED,
                                               review_deadline__lte=now).values_list("pk", flat=True):
        deemed_accept_locked(job, contract, delivery_id, now)
    old = states.move(job, "terminate")
    job.ended_at, job.end_reason = now, reason
    job.save(update_fields=["status", "ended_at", "end_reason", "updated_at"])
    contract.status, contract.terminated_at = Contract.Status.TERMINATED, now
    contract.termination_reason, contract.terminated_by_regulator = reason, by_regulator
    contract.save(update_fields=["status", "terminated_at", "termination_reason", "terminated_by_regulator"])
    Delivery.objects.filter(milestone__contract=contract, status=Delivery.Status.SUBMITTED).update(
        status=Delivery.Status.REJECTED, decided_at=now, reason=_("合同已终止。"))
    for payment in Payment.objects.filter(milestone__contract=contract, status=Payment.Status.PENDING):
        payment.status = Payment.Status.CANCELLED
        payment.save(update_fields=["status"])
        if payment.intent_id:
            transaction.on_commit(lambda intent=payment.intent_id: cancel_intent_task.enqueue(intent), robust=True)
    for milestone_id in contract.milestones.exclude(status=Milestone.Status.ACCEPTED).values_list("pk", flat=True):
        milestone = ledger.locked_milestone(milestone_id)
        milestone.status = Milestone.Status.CANCELLED
        milestone.save(update_fields=["status"])
        release.refund_held(milestone, actor=actor, now=now)
    steps_end(contract, now)
    audit_record(actor=actor, action=Action.JOB_TERMINATE, obj=job, before={"status": old},
                 after={"status": job.status, "reason": reason, "by_regulator": by_regulator,
                        "contract": contract.number})
    notify(parties(contract), title=_("合同已终止：%(title)s") % {"title": job.title},
           body=_("终止原因：%(reason)s。平台托管的未验收节点款项将退回项目业主。") % {"reason": reason},
           link=link(contract))
    return contract
