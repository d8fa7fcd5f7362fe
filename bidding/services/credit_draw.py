"""信用择优抽取 (credit-merit draw): two services, the owner's two actions after the close.

- `shortlist_draw`: ranks the valid bidders by credit at the close, cuts the bottom share,
  leaves out agencies at capacity, draws the short list (Draw purpose SHORTLIST) — all by
  selectors.credit_draw, the same functions the owner's page and the public result call — and
  marks Bid.shortlisted. The job stays CLOSED. Too few valid bids → the job fails
  (closing.fail_if_too_few); nobody left to draw among (all at capacity) → the job fails too.
- `select_shortlisted`: the owner picks one of the short list with a written reason; the
  selection finishes on the common spine of services/selection.py (winner, ranks, publicity,
  audit, notices).
Refusals write nothing. The draw waits for the public beacon value fixed after the close.
"""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.actions import Action
from audit.services import audit_record
from core.notifications import notify
from core.text import enumeration
from providers.access import members_of

from .. import states
from ..errors import NotShortlisted, ShortlistAlreadyDrawn, ShortlistNotDrawn, ShortlistReasonRequired
from ..models import Bid, Draw, Job
from ..selectors.credit_draw import before_draw, rank, shortlist_draw_of, with_draw
from .closing import fail_if_too_few
from .publicity import bidder_org_ids, public_link
from .selection import _finish, _locked_job_for_selection, _perform_draw, _set_ranks, _valid_bids_locked

M = Job.Method


def _fail_nobody_to_draw(actor, job, computation, now):
    """Every bidder left after the cut is at capacity: nobody can be short-listed (流标)."""
    old = states.move(job, "fail")
    job.ended_at = now
    job.end_reason = _("按信用分淘汰后剩余的 %(n)s 家机构（%(names)s）抽取时均已达到申报的承接能力，"
                       "无法抽取入围机构，本次采购流标。") % {
        "n": len(computation.kept), "names": enumeration(row.bid.agency.name for row in computation.kept)}
    job.save(update_fields=["status", "ended_at", "end_reason", "updated_at"])
    audit_record(actor=actor, action=Action.JOB_FAIL, obj=job, before={"status": old},
                 after={"status": job.status, "end_reason": job.end_reason,
                        "at_capacity": [row.bid.pk for row in computation.kept]})
    title = _("项目流标：%(title)s") % {"title": job.title}
    notify(members_of([job.owner_id]), title=title, body=job.end_reason + _("您可以一键重新发布公告。"),
           link=public_link(job))
    notify(members_of(bidder_org_ids(job)), title=title, body=job.end_reason, link=public_link(job))
    return job


@transaction.atomic
def shortlist_draw(*, actor, job):
    """Rank by credit, cut, leave out agencies at capacity, draw the short list."""
    now = timezone.now()
    job = _locked_job_for_selection(actor, job, M.CREDIT_DRAW)
    if shortlist_draw_of(job) is not None:
        raise ShortlistAlreadyDrawn()
    bids = _valid_bids_locked(job)
    if fail_if_too_few(job, len(bids), actor=actor, now=now):
        return job
    computation = before_draw(job, bids)
    pool = computation.pool
    if not pool:
        return _fail_nobody_to_draw(actor, job, computation, now)
    _perform_draw(actor, job, pool, Draw.Purpose.SHORTLIST, now)
    with_draw(computation, shortlist_draw_of(job))
    shortlist = [row.bid for row in computation.shortlist]
    before = sorted(Bid.objects.filter(job=job, shortlisted=True).values_list("pk", flat=True))
    Bid.objects.filter(job=job).exclude(pk__in=[bid.pk for bid in shortlist]).update(shortlisted=False)
    Bid.objects.filter(pk__in=[bid.pk for bid in shortlist]).update(shortlisted=True)
    audit_record(actor=actor, action=Action.JOB_SHORTLIST_DRAW, obj=job, before={"shortlist": before}, after={
        "shortlist": [bid.pk for bid in shortlist], "cut": [row.bid.pk for row in computation.cut_rows],
        "cut_line": str(computation.line) if computation.line is not None else None,
        "at_capacity": [row.bid.pk for row in computation.skipped], "pool": len(pool)})
    names = enumeration(bid.agency.name for bid in shortlist)
    notify(members_of({job.owner_id} | bidder_org_ids(job)),
           title=_("入围机构已抽取：%(title)s") % {"title": job.title},
           body=_("按信用分淘汰 %(cut)s 家后，从 %(pool)s 家中随机抽取入围机构：%(names)s。"
                  "业主将从中选定中选机构并说明理由。")
           % {"cut": len(computation.cut_rows), "pool": len(pool), "names": names},
           link=public_link(job))
    return job


@transaction.atomic
def select_shortlisted(*, actor, job, bid, reason):
    """The owner picks one of the short list (`bid`: a Bid or its id) with a written reason."""
    now = timezone.now()
    job = _locked_job_for_selection(actor, job, M.CREDIT_DRAW)
    draw = shortlist_draw_of(job)
    if draw is None:
        raise ShortlistNotDrawn()
    reason = (reason or "").strip()
    if not reason:
        raise ShortlistReasonRequired(field="reason")
    computation = with_draw(rank(job, _valid_bids_locked(job)), draw)
    shortlist = [row.bid for row in computation.shortlist]
    chosen = next((candidate for candidate in shortlist if candidate.pk == getattr(bid, "pk", bid)), None)
    if chosen is None:
        raise NotShortlisted(field="bid")
    _set_ranks([chosen, *(candidate for candidate in shortlist if candidate.pk != chosen.pk)])
    text = _("信用择优抽取：从随机抽取的 %(n)s 家入围机构中选定。业主理由：%(reason)s") % {
        "n": len(shortlist), "reason": reason}
    return _finish(actor, job, chosen, text, Action.JOB_SELECT_SHORTLIST,
                   {"shortlist": [candidate.pk for candidate in shortlist], "owner_reason": reason}, now)
