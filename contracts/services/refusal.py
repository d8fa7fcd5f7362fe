"""A winner that does not sign within CONTRACT_SIGN_WORKING_DAYS of the offer is recorded as
refusing (an event the credit rules weigh), by `manage.py advance_contracts` or the first
service that touches the contract; the owner may then award the runner-up of the published
ranking, which starts a new publicity period (the award follows it as for the first winner)."""
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.actions import Action
from audit.services import audit_record
from bidding import states
from bidding.models import Job
from bidding.services.publicity import bidder_org_ids, public_link
from core.notifications import notify
from core.workdays import calendar_from_db
from providers.access import is_member, members_of

from .. import rules
from ..errors import NoRunnerUp, OwnerOnly, RunnerUpNotAllowed, TerminationReasonRequired
from ..models import Contract, Signature, SigningRefusal
from ..selectors.award import runner_up
from ._common import link, lock, parties
from .owner_steps import steps_end


@transaction.atomic
def refusal_record_if_due(contract_id, *, now=None) -> bool:
    """Record the winner's refusal if its time to sign has run out. True when this call did."""
    now = now or timezone.now()
    job, contract = lock(Contract(pk=contract_id, job_id=Contract.objects.values_list("job_id", flat=True)
                                  .get(pk=contract_id)))
    current = contract.rounds.order_by("-number").first()
    agency_signed = current is not None and current.signatures.filter(side=Signature.Side.AGENCY).exists()
    if not rules.refusal_due(contract, now, agency_signed=agency_signed):
        return False
    contract.status, contract.refused_at = Contract.Status.REFUSED, now
    contract.save(update_fields=["status", "refused_at"])
    SigningRefusal.objects.create(contract=contract, job=job, agency_id=contract.agency_id,
                                  deadline=contract.sign_deadline, recorded_at=now)
    audit_record(actor=None, action=Action.CONTRACT_REFUSAL, obj=contract,
                 after={"agency": contract.agency_id, "deadline": contract.sign_deadline})
    steps_end(contract, now)
    notify(parties(contract), title=_("中选机构逾期未签订合同：%(title)s") % {"title": job.title},
           body=_("签订期限已过，中选机构未签署合同，记为拒签，将计入信用记录。项目业主可以按公示的排名依次递补。"),
           link=link(contract))
    return True


@transaction.atomic
def award_runner_up(*, actor, job):
    """After a refusal, the runner-up becomes the winner and a new publicity period starts."""
    job = Job.objects.select_for_update(of=("self",)).get(pk=job.pk)
    if not is_member(actor, job.owner_id):
        raise OwnerOnly()
    if not rules.winner_refused(job, latest_contract(job)):
        raise RunnerUpNotAllowed()
    bid = runner_up(job)
    if bid is None:
        raise NoRunnerUp()
    now = timezone.now()
    previous = job.winner_id
    old = states.move(job, "award_runner_up")
    job.winner, job.awarded_at, job.selected_at = bid, None, now
    with translation.override(settings.LANGUAGE_CODE):  # a public record, in the site's language
        job.selection_reason = _("原中选机构逾期未签订合同，按公示排名由第 %(rank)s 名递补。") % {"rank": bid.rank}
    job.publicity_ends_at = calendar_from_db().end_of_working_days(now, settings.PUBLICITY_WORKING_DAYS)
    job.save(update_fields=["status", "winner", "awarded_at", "selected_at", "selection_reason",
                            "publicity_ends_at", "updated_at"])
    audit_record(actor=actor, action=Action.JOB_AWARD_RUNNER_UP, obj=job, before={"status": old, "winner": previous},
                 after={"status": job.status, "winner": bid.pk, "publicity_ends_at": job.publicity_ends_at})
    notify(members_of({job.owner_id} | bidder_org_ids(job)),
           title=_("递补中选结果公示：%(title)s") % {"title": job.title},
           body=_("原中选机构逾期未签订合同，%(agency)s 按排名递补为中选机构，现予公示。")
           % {"agency": bid.agency.name},
           link=public_link(job))
    return job


def latest_contract(job):
    return Contract.objects.filter(job=job).order_by("-created_at", "-pk").first()


@transaction.atomic
def job_end_unsigned(*, actor, job, reason):
    """The winner refused and nobody in the published ranking is left: the owner ends the job
    (terminated, with the reason) and may announce the service again as a new job."""
    job = Job.objects.select_for_update(of=("self",)).get(pk=job.pk)
    if not is_member(actor, job.owner_id):
        raise OwnerOnly()
    if not rules.winner_refused(job, latest_contract(job)) or runner_up(job) is not None:
        raise RunnerUpNotAllowed()
    reason = (reason or "").strip()
    if not reason:
        raise TerminationReasonRequired(field="reason")
    old = states.move(job, "terminate")
    job.ended_at, job.end_reason = timezone.now(), reason[:4000]
    job.save(update_fields=["status", "ended_at", "end_reason", "updated_at"])
    audit_record(actor=actor, action=Action.JOB_TERMINATE, obj=job, before={"status": old},
                 after={"status": job.status, "reason": job.end_reason, "unsigned": True})
    notify(members_of({job.owner_id} | bidder_org_ids(job)), title=_("项目终止：%(title)s") % {"title": job.title},
           body=_("中选机构拒签且无可递补的机构，项目业主终止了本项目：%(reason)s") % {"reason": job.end_reason},
           link=public_link(job))
    return job
