"""The close of the registration window (报名截止), applied by the clock, not by a person.

`job_close_if_due` is idempotent: it does its work once, when the job is published and its
close time (and the short grace for bids received before it) has passed, and does nothing on
any later call. Each live bid is then judged with the same eligibility and price rules as at
submission, as they stood at the close; too few valid bids for the selection method fails the
job (流标), and the owner may re-announce it.
"""
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.actions import Action
from audit.services import audit_record
from core.notifications import notify
from core.workdays import calendar_from_db
from providers.access import is_member, members_of

from .. import states
from ..eligibility import agency_facts, bid_refusal, price_refusal, promised_days_refusal
from ..errors import CloseInGrace, OwnerMembersOnly
from ..models import Bid, Job
from ..selectors.benchmarks import job_benchmark, justification_refusal
from ..selectors.selection import min_valid_bids
from .publicity import bidder_org_ids, public_link


def _judge(bid, job, calendar, benchmark):
    """The reason the bid is invalid at the close, or ""."""
    facts = agency_facts(bid.agency, job_ids=[job.pk], calendar=calendar)
    return (bid_refusal(bid.agency, job, at=job.closes_at, facts=facts)
            or price_refusal(job, price=bid.price, discount_rate=bid.discount_rate)
            or promised_days_refusal(job, bid.promised_days)
            or justification_refusal(job, price=bid.price, discount_rate=bid.discount_rate,
                                     justification=bid.benchmark_justification, benchmark=benchmark)
            or "")


def _judge_bids(job):
    bids = list(job.bids.select_for_update(of=("self",)).filter(status=Bid.Status.LIVE).select_related("agency"))
    calendar = calendar_from_db()
    benchmark = job_benchmark(job) if bids else None  # as of the publication: the one the bidders saw
    for bid in bids:
        bid.invalid_reason = _judge(bid, job, calendar, benchmark)
        bid.status = Bid.Status.INVALID if bid.invalid_reason else Bid.Status.VALID
        _fix_credit(bid)
    Bid.objects.bulk_update(bids, ["status", "invalid_reason", "credit_at_close", "rating_at_close"])
    return bids


def _fix_credit(bid):
    """A valid bid keeps its agency's credit score and average rating as they stand at the close
    (as the credit rules last stored them, reviews.services.credit): the comprehensive scoring
    reads these (selectors.selection.credit_score, rating_score), so later events do not move a
    ranking. An agency the rules have not computed yet has no rating (None)."""
    if bid.status == Bid.Status.VALID:
        bid.credit_at_close, bid.rating_at_close = bid.agency.credit_score, bid.agency.rating_average


def fail_if_too_few(job, valid_count, *, actor, now, note="") -> bool:
    """Fail the job (流标) when it has fewer valid bids than its selection method needs: the one
    rule for the close and for every selection service (the job row locked by the caller). The
    same reason, audit entry and notices either way: the owner's members (who may re-announce)
    and the members of every agency that bid. True when the job failed. `note`: a public sentence
    added to the reason (e.g. the agencies a draw skipped for being at capacity)."""
    needed = min_valid_bids(job)
    if valid_count >= needed:
        return False
    old = states.move(job, "fail")
    job.ended_at = now
    job.end_reason = _("有效报名 %(valid)s 家，少于“%(method)s”所需的 %(needed)s 家，本次采购流标。") % {
        "valid": valid_count, "method": job.get_selection_method_display(), "needed": needed} + note
    job.save(update_fields=["status", "ended_at", "end_reason", "updated_at"])
    audit_record(actor=actor, action=Action.JOB_FAIL, obj=job, before={"status": old},
                 after={"status": job.status, "end_reason": job.end_reason, "valid_bids": valid_count})
    title = _("项目流标：%(title)s") % {"title": job.title}
    notify(members_of([job.owner_id]), title=title, body=job.end_reason + _("您可以一键重新发布公告。"),
           link=public_link(job))
    notify(members_of(bidder_org_ids(job)), title=title, body=job.end_reason, link=public_link(job))
    return True


def _tell_invalid_bidders(job, bids):
    for bid in bids:
        if bid.status == Bid.Status.INVALID:
            notify([bid.submitted_by], title=_("[中介超市] 报名被认定无效：%(title)s") % {"title": job.title},
                   body=bid.invalid_reason, link=reverse("bidding:bid_receipt", args=[bid.pk]))


@transaction.atomic
def job_close_if_due(job_id, *, now=None) -> bool:
    """Close the job if its window has passed; True when this call closed it."""
    now = now or timezone.now()
    job = (
        Job.objects.select_for_update(of=("self",))
        .select_related("owner", "item__fee_rule", "item__approving_department__region")
        .get(pk=job_id)
    )
    # Not before the grace after the close has passed: bids received before the close may still
    # be waiting for this row's lock (bidding.states.accepts_bid_received_at).
    if not states.close_applicable(job, now):
        return False
    states.move(job, "close")
    # The window closed at its announced time, however late the clock noticed.
    job.closed_at = job.closes_at
    bids = _judge_bids(job)
    valid = sum(bid.status == Bid.Status.VALID for bid in bids)
    audit_record(actor=None, action=Action.JOB_CLOSE, obj=job, before={"status": Job.Status.PUBLISHED},
                 after={"status": job.status, "valid_bids": valid, "invalid_bids": len(bids) - valid})
    _tell_invalid_bidders(job, bids)
    if not fail_if_too_few(job, valid, actor=None, now=now):
        notify(members_of([job.owner_id]),
               title=_("[中介超市] 报名已截止，可以开始选取：%(title)s") % {"title": job.title},
               body=_("有效报名 %(valid)s 家，请按公告的选取方式“%(method)s”进行选取。") % {
                   "valid": valid, "method": job.get_selection_method_display()},
               link=public_link(job))
    job.save()
    return True


def job_close_for_owner(*, actor, job) -> bool:
    """The owner asks for a passed window to be closed now rather than at the scheduled
    command's next run, so the selection can start. True when this call closed it."""
    if not is_member(actor, job.owner_id):
        raise OwnerMembersOnly()
    now = timezone.now()
    if states.close_due(job, now) and not states.close_applicable(job, now):
        # Bids sent before the close may still be on their way (states.close_grace).
        ready = timezone.localtime(job.closes_at + states.close_grace())
        raise CloseInGrace(_("报名已截止，截止前发出的报名仍在接收中，请于 %(time)s 之后再判定。") % {
            "time": date_format(ready, "H:i:s")})
    return job_close_if_due(job.pk, now=now)
