"""The end of a job's service: accepted when its last milestone is accepted (with the lateness
stored for the statistics), completed when every milestone's money is where it belongs."""
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.actions import Action
from audit.services import audit_record
from bidding import states
from bidding.models import Job
from core.workdays import calendar_from_db

from .. import owner_clock, rules
from ..models import Contract, Delivery, Milestone


def accept_job_if_all_accepted(job, contract, *, actor, now):
    """Move the (locked) job to accepted once every milestone is, and store how long the service
    took against the promise and the statutory limit (the owner's late days not counted)."""
    milestones = list(contract.milestones.all())
    if job.status != Job.Status.DELIVERED or any(m.status != Milestone.Status.ACCEPTED for m in milestones):
        return False
    _store_lateness(contract, now)
    old = states.move(job, "accept")
    job.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action=Action.JOB_ACCEPT, obj=job, before={"status": old},
                 after={"status": job.status, "working_days_taken": contract.working_days_taken,
                        "owner_late_days": contract.owner_late_days,
                        "days_late_promise": contract.days_late_promise,
                        "days_late_statutory": contract.days_late_statutory})
    return True


def _store_lateness(contract, now):
    last = (Delivery.objects.filter(milestone__contract=contract, status=Delivery.Status.ACCEPTED)
            .order_by("-submitted_at").values_list("submitted_at", flat=True).first())
    clock = owner_clock.service_clock(calendar_from_db(), owner_clock.service_clock_start(contract),
                                      timezone.localdate(last),
                                      contract.owner_steps.all(), now)
    taken = clock.agency
    contract.final_delivered_at = last
    contract.working_days_taken = taken
    contract.owner_late_days = clock.owner_late
    contract.days_late_promise = taken - contract.promised_days
    contract.days_late_statutory = taken - contract.statutory_days if contract.statutory_days else None
    contract.save(update_fields=["final_delivered_at", "working_days_taken", "owner_late_days",
                                 "days_late_promise", "days_late_statutory"])


def complete_if_settled(job_id, *, actor, now):
    """Complete an accepted job whose every milestone is settled (released or paid offline)."""
    job = Job.objects.select_for_update(of=("self",)).get(pk=job_id)
    contract = Contract.objects.filter(job=job, status=Contract.Status.SIGNED).first()
    if job.status != Job.Status.ACCEPTED or contract is None:
        return False
    if not all(rules.milestone_settled(m) for m in contract.milestones.all()):
        return False
    old = states.move(job, "complete")
    job.ended_at, job.end_reason = now, _("服务成果已验收，合同价款已全部结算。")
    job.save(update_fields=["status", "ended_at", "end_reason", "updated_at"])
    audit_record(actor=actor, action=Action.JOB_COMPLETE, obj=job, before={"status": old},
                 after={"status": job.status})
    return True
