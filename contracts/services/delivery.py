"""Delivery and acceptance (成果提交与验收), milestone by milestone.

The agency starts the service (or its first delivery does), uploads each milestone's
deliverables through the one upload module; the owner accepts them or sends them back with
reasons within the contract's acceptance days, after which the delivery counts as accepted
(`delivery_accept_if_due`, run by `manage.py advance_contracts` and by the first service that
touches the contract). Accepting a milestone releases the money held for it. The job is
"delivered" while every milestone has deliverables waiting or accepted, "accepted" when all are
accepted, and "completed" when every milestone's money is settled."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.actions import Action
from audit.services import audit_record
from bidding import states
from bidding.models import Job
from core import uploads
from core.notifications import notify
from core.workdays import calendar_from_db
from providers.access import is_member

from .. import rules
from ..errors import (
    AcceptanceTimeOver,
    AgencyOnly,
    DeliveryOpen,
    FilesRequired,
    MilestoneAlreadyAccepted,
    NoOpenDelivery,
    NotInService,
    OwnerOnly,
    RejectionReasonRequired,
)
from ..models import Contract, Delivery, DeliveryFile, Milestone
from ..payments import ledger, release
from ._common import agency_members, link, owner_members
from .completion import accept_job_if_all_accepted, complete_if_settled
from .owner_steps import decision_step_close, decision_step_open, payment_step_open

DEEMED_REASON = gettext_lazy("业主逾期未验收，视为验收通过。")


def _lock_contract(contract_id):
    job_id = Contract.objects.values_list("job_id", flat=True).get(pk=contract_id)
    job = Job.objects.select_for_update(of=("self",)).get(pk=job_id)
    contract = Contract.objects.select_for_update(of=("self",)).get(pk=contract_id)
    contract.job = job
    if not rules.in_service(contract):
        raise NotInService()
    return job, contract


def _start(job, contract, actor, now):
    if job.status != Job.Status.CONTRACTED:
        return
    old = states.move(job, "start_service")
    job.save(update_fields=["status", "updated_at"])
    contract.service_started_at = now
    contract.save(update_fields=["service_started_at"])
    audit_record(actor=actor, action=Action.JOB_START_SERVICE, obj=job, before={"status": old},
                 after={"status": job.status})


@transaction.atomic
def service_start(*, actor, contract):
    """The agency starts the service of a signed contract."""
    job, contract = _lock_contract(contract.pk)
    if not is_member(actor, contract.agency_id):
        raise AgencyOnly()
    if job.status != Job.Status.CONTRACTED:
        raise NotInService()
    _start(job, contract, actor, timezone.now())
    notify(owner_members(contract), title=_("中介机构已开始服务：%(title)s") % {"title": job.title},
           link=link(contract))
    return contract


@transaction.atomic
def delivery_submit(*, actor, milestone, note, files):
    """The agency files a milestone's deliverables; the owner's acceptance days start."""
    job, contract = _lock_contract(milestone.contract_id)
    if not is_member(actor, contract.agency_id):
        raise AgencyOnly()
    milestone = ledger.locked_milestone(milestone.pk)
    if milestone.status == Milestone.Status.ACCEPTED:
        raise MilestoneAlreadyAccepted()
    if milestone.status == Milestone.Status.DELIVERED:
        raise DeliveryOpen()
    if not [f for f in files if f]:
        raise FilesRequired(field="files")
    now = timezone.now()
    _start(job, contract, actor, now)
    days = int(contract.values.get("acceptance_days") or 10)
    with uploads.removed_on_failure() as keep:
        delivery = Delivery.objects.create(milestone=milestone, note=(note or "").strip()[:4000], submitted_by=actor,
                                           submitted_at=now,
                                           review_deadline=calendar_from_db().end_of_working_days(now, days))
        uploads.attach(keep, DeliveryFile, files, field="files", delivery=delivery, uploaded_by=actor)
        milestone.status = Milestone.Status.DELIVERED
        milestone.save(update_fields=["status"])
        decision_step_open(contract, milestone, delivery)
        audit_record(actor=actor, action=Action.DELIVERY_SUBMIT, obj=delivery,
                     after={"milestone": milestone.number, "files": delivery.files.count(),
                            "review_deadline": delivery.review_deadline})
        _deliver_job_if_all_in(job, contract, actor)
    notify(owner_members(contract), title=_("服务成果待验收：%(title)s") % {"title": milestone.title},
           body=_("请在 %(deadline)s 前验收或写明理由退回；逾期未处理的视为验收通过。")
           % {"deadline": timezone.localtime(delivery.review_deadline).strftime("%Y-%m-%d %H:%M")},
           link=link(contract))
    return delivery


def _deliver_job_if_all_in(job, contract, actor):
    statuses = set(contract.milestones.values_list("status", flat=True))
    if job.status == Job.Status.IN_SERVICE and statuses <= {Milestone.Status.DELIVERED, Milestone.Status.ACCEPTED}:
        old = states.move(job, "deliver")
        job.save(update_fields=["status", "updated_at"])
        if contract.deliverables_filed_at is None:  # the first time only: the reviews open then
            contract.deliverables_filed_at = timezone.now()
            contract.save(update_fields=["deliverables_filed_at"])
        audit_record(actor=actor, action=Action.JOB_DELIVER, obj=job, before={"status": old},
                     after={"status": job.status})


def _locked_open_delivery(delivery_id):
    milestone_id = Delivery.objects.values_list("milestone_id", flat=True).get(pk=delivery_id)
    contract_id = Milestone.objects.values_list("contract_id", flat=True).get(pk=milestone_id)
    job, contract = _lock_contract(contract_id)
    milestone = ledger.locked_milestone(milestone_id)
    delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
    return job, contract, milestone, delivery


@transaction.atomic
def delivery_accept(*, actor, delivery, reason=""):
    """The owner accepts a milestone's deliverables: the money held for it goes to the agency."""
    job, contract, milestone, delivery = _locked_open_delivery(delivery.pk)
    if not is_member(actor, contract.owner_id):
        raise OwnerOnly()
    if delivery.status != Delivery.Status.SUBMITTED:
        raise NoOpenDelivery()
    _accept(job, contract, milestone, delivery, actor=actor, reason=(reason or "").strip(), deemed=False)
    return delivery


@transaction.atomic
def delivery_accept_if_due(delivery_id, *, now=None):
    """A delivery whose acceptance days ran out without a decision counts as accepted. True when
    this call accepted it (idempotent)."""
    now = now or timezone.now()
    try:
        job, contract, milestone, delivery = _locked_open_delivery(delivery_id)
    except NotInService:
        return False
    if not rules.deemed_accepted(delivery, now):
        return False
    _accept(job, contract, milestone, delivery, actor=None, reason=str(DEEMED_REASON), deemed=True, now=now)
    return True


def deemed_accept_locked(job, contract, delivery_id, now):
    """Accept a due delivery by lapse inside a service that holds the job and contract locks
    (the termination: what counted as accepted is settled before anything ends)."""
    delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
    milestone = ledger.locked_milestone(delivery.milestone_id)
    if rules.deemed_accepted(delivery, now):
        _accept(job, contract, milestone, delivery, actor=None, reason=str(DEEMED_REASON), deemed=True, now=now)


def _accept(job, contract, milestone, delivery, *, actor, reason, deemed, now=None):
    now = now or timezone.now()
    delivery.status, delivery.decided_by, delivery.decided_at = Delivery.Status.ACCEPTED, actor, now
    delivery.reason, delivery.deemed = reason[:4000], deemed
    delivery.save(update_fields=["status", "decided_by", "decided_at", "reason", "deemed"])
    milestone.status, milestone.accepted_at = Milestone.Status.ACCEPTED, now
    milestone.save(update_fields=["status", "accepted_at"])
    audit_record(actor=actor, action=Action.DELIVERY_DEEMED_ACCEPT if deemed else Action.DELIVERY_ACCEPT,
                 obj=delivery, after={"milestone": milestone.number, "reason": delivery.reason})
    decision_step_close(delivery, now, lapsed=deemed)
    payment_step_open(contract, milestone, now)
    release.release_held(milestone, actor=actor, now=now)
    accept_job_if_all_accepted(job, contract, actor=actor, now=now)
    complete_if_settled(job.pk, actor=actor, now=now)
    notify(agency_members(contract), title=_("成果已验收：%(title)s") % {"title": milestone.title},
           body=reason or _("项目业主已验收通过。"), link=link(contract))


@transaction.atomic
def delivery_reject(*, actor, delivery, reason):
    """The owner sends deliverables back, with reasons; the agency delivers again."""
    job, contract, milestone, delivery = _locked_open_delivery(delivery.pk)
    if not is_member(actor, contract.owner_id):
        raise OwnerOnly()
    if delivery.status != Delivery.Status.SUBMITTED:
        raise NoOpenDelivery()
    reason = (reason or "").strip()
    if not reason:
        raise RejectionReasonRequired(field="reason")
    now = timezone.now()
    if rules.deemed_accepted(delivery, now):
        raise AcceptanceTimeOver()
    delivery.status, delivery.decided_by, delivery.decided_at, delivery.reason = (
        Delivery.Status.REJECTED, actor, now, reason[:4000])
    delivery.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    milestone.status = Milestone.Status.PENDING
    milestone.save(update_fields=["status"])
    audit_record(actor=actor, action=Action.DELIVERY_REJECT, obj=delivery,
                 after={"milestone": milestone.number, "reason": delivery.reason})
    decision_step_close(delivery, now)
    if job.status == Job.Status.DELIVERED:
        old = states.move(job, "reject_delivery")
        job.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action=Action.JOB_REJECT_DELIVERY, obj=job, before={"status": old},
                     after={"status": job.status})
    notify(agency_members(contract), title=_("成果被退回修改：%(title)s") % {"title": milestone.title},
           body=reason, link=link(contract))
    return delivery
