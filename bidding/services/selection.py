"""Selection (选取) after the close, by the method the announcement published.

Every service: the job row locked, the actor a member of the owner organisation, the job
CLOSED and announced with that method, only VALID bids counted (the close judged them). Too
few valid bids for the method → the job fails (流标, services/closing.py `fail_if_too_few`, the
same rule as at the close) and the call returns the failed job.
A successful selection sets the winner and ranks, moves the job to SELECTED, starts the
publicity period, writes the audit entry and notifies every bidder and the owner.

Draws: the random method draws among all valid bids; the lowest-price and scoring methods
draw only among the bids tied on price or total score. Each draw uses the job's committed seed
(revealed at the first draw, checked against the published commitment) and the public beacon
value fixed after the close (services/beacon.py: a draw waits for it, refused with
BeaconPending), and is stored as a Draw row with everything needed to recompute it
(bidding.draw.run, version 2).
"""
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.actions import Action
from audit.services import audit_record
from core.notifications import notify
from providers.access import is_member, members_of

from .. import draw, states
from ..errors import (
    BidNotValidForJob,
    DrawAlreadyRun,
    LowPriceJustificationRequired,
    PlanScoresIncomplete,
    SeedMismatch,
    SelectionByOwnerOnly,
    SelectionNotOpen,
    SelectionReasonRequired,
    WrongSelectionMethod,
)
from ..models import Bid, Draw, Job
from ..selectors.capacity import bids_at_capacity, skipped_statement
from ..selectors.selection import (
    abnormally_low_ids,
    current_draws,
    groups_by,
    price_measure,
    score_rows,
)
from .beacon import fixed_beacon
from .clock import apply_due
from .closing import fail_if_too_few
from .publicity import bidder_org_ids, public_link, publicity_start

M = Job.Method


# --- the common spine -------------------------------------------------------------------------

def _locked_job_for_selection(actor, job, method):
    apply_due(job.pk)  # a passed window is closed (its bids judged) before anyone selects
    job = Job.objects.select_for_update().get(pk=job.pk)
    if not is_member(actor, job.owner_id):
        raise SelectionByOwnerOnly()
    if job.selection_method != method:
        raise WrongSelectionMethod()
    if job.status != Job.Status.CLOSED:
        raise SelectionNotOpen()
    return job


def _valid_bids_locked(job):
    return list(
        Bid.objects.select_for_update(of=("self",)).filter(job=job, status=Bid.Status.VALID)
        .select_related("agency").order_by("submitted_at", "pk")
    )


def _reveal_seed(job, now):
    if not draw.seed_matches(job.draw_seed, job.draw_commitment):
        raise SeedMismatch()
    if job.seed_revealed_at is None:
        job.seed_revealed_at = now
        job.save(update_fields=["seed_revealed_at", "updated_at"])


def _draw_values(actor, job, values, purpose, now):
    """Draw among the texts `values` (the bids' random values, or e.g. the published K set of a
    best-price selection) with the job's seed and the public beacon value fixed after the close
    (BeaconPending until it is); store the Draw; return the values in ranking order."""
    beacon = fixed_beacon(actor=actor, job=job, now=now)
    _reveal_seed(job, now)
    result = draw.run(job.draw_seed, list(values), beacon=beacon.value, version=draw.VERSION)
    Draw.objects.create(
        job=job, purpose=purpose, version=result.version, seed=job.draw_seed, beacon=result.beacon,
        pool=result.pool, values=draw.published_order(values), ranking=result.ranking,
        performed_at=now, performed_by=actor,
    )
    return result.ranking


def _perform_draw(actor, job, bids, purpose, now):
    """Draw among `bids` by their random values (_draw_values); return the bids in ranking order."""
    by_value = {bid.random_value: bid for bid in bids}
    return [by_value[value] for value in _draw_values(actor, job, list(by_value), purpose, now)]


def _order_groups(actor, job, groups, now):
    """Flatten ranked groups of tied bids; each group of two or more is ordered by a tie-break draw."""
    ordered = []
    for group in groups:
        ordered += _perform_draw(actor, job, group, Draw.Purpose.TIE_BREAK, now) if len(group) > 1 else group
    return ordered


def _set_ranks(ranked, extra_fields=()):
    for position, bid in enumerate(ranked, start=1):
        bid.rank = position
    Bid.objects.bulk_update(ranked, ["rank", *extra_fields])


def _finish(actor, job, winner, reason, action, details, now):
    """Record the winner, move to SELECTED, start publicity, audit, notify."""
    states.move(job, "select")
    job.winner = winner
    job.selection_reason = reason
    job.selected_at = now
    job.save(update_fields=["status", "winner", "selection_reason", "selected_at", "updated_at"])
    publicity_start(job, now=now)
    audit_record(
        actor=actor, action=action, obj=job, before={"status": Job.Status.CLOSED},
        after={"status": job.status, "winner": winner.pk, "winner_agency": winner.agency.name,
               "reason": reason, "publicity_ends_at": job.publicity_ends_at, **details},
    )
    ends = timezone.localtime(job.publicity_ends_at).strftime("%Y-%m-%d %H:%M")
    notify(
        members_of({job.owner_id} | bidder_org_ids(job)),
        title=_("结果公示：%(title)s") % {"title": job.title},
        body=_("中选机构：%(agency)s。公示期至 %(ends)s，报名机构可在公示期内提出异议。")
        % {"agency": winner.agency.name, "ends": ends},
        link=public_link(job),
    )
    return job


# --- 直接选取 ------------------------------------------------------------------------------------

@transaction.atomic
def select_direct(*, actor, job, bid, reason):
    now = timezone.now()
    job = _locked_job_for_selection(actor, job, M.DIRECT)
    reason = (reason or "").strip()
    if not reason:
        raise SelectionReasonRequired(field="reason")
    bids = _valid_bids_locked(job)
    if fail_if_too_few(job, len(bids), actor=actor, now=now):
        return job
    chosen = next((candidate for candidate in bids if candidate.pk == getattr(bid, "pk", bid)), None)
    if chosen is None:
        raise BidNotValidForJob(field="bid")
    _set_ranks([chosen])
    return _finish(actor, job, chosen, reason, Action.JOB_SELECT_DIRECT, {}, now)


# --- 随机抽取 ------------------------------------------------------------------------------------

@transaction.atomic
def draw_run(*, actor, job):
    now = timezone.now()
    job = _locked_job_for_selection(actor, job, M.RANDOM)
    if current_draws(job).filter(purpose=Draw.Purpose.WINNER).exists():
        raise DrawAlreadyRun()
    bids = _valid_bids_locked(job)
    # Agencies at capacity for the item when the draw runs are skipped (selectors.capacity), and
    # the public reason names them; too few left to draw among fails the job as too few bids.
    skipped = bids_at_capacity(bids, job.item_id)
    skipped_ids = {bid.pk for bid, _row in skipped}
    bids = [bid for bid in bids if bid.pk not in skipped_ids]
    note = skipped_statement(skipped)
    if fail_if_too_few(job, len(bids), actor=actor, now=now, note=note):
        return job
    ranked = _perform_draw(actor, job, bids, Draw.Purpose.WINNER, now)
    _set_ranks(ranked)
    reason = _("随机抽取：按公布的算法由随机种子和 %(n)s 家有效报名的随机值确定。") % {"n": len(ranked)} + note
    details = {"ranking": [bid.random_value for bid in ranked]}
    if skipped:
        details["skipped_at_capacity"] = [bid.random_value for bid, _row in skipped]
    return _finish(actor, job, ranked[0], reason, Action.JOB_DRAW_RUN, details, now)


# --- 竞价选取 ------------------------------------------------------------------------------------

@transaction.atomic
def select_lowest(*, actor, job, justifications=None):
    """Lowest price wins; ties drawn; an abnormally low winner needs the owner's written
    justification (`justifications` maps bid id → text; justifications for other flagged bids
    are kept too)."""
    now = timezone.now()
    job = _locked_job_for_selection(actor, job, M.LOWEST_PRICE)
    bids = _valid_bids_locked(job)
    if fail_if_too_few(job, len(bids), actor=actor, now=now):
        return job
    justifications = {int(key): (text or "").strip() for key, text in (justifications or {}).items()}
    flagged = abnormally_low_ids(job, bids)
    for bid in bids:
        bid.abnormally_low = bid.pk in flagged
        bid.low_price_justification = justifications.get(bid.pk, "") if bid.pk in flagged else ""
    ranked = _order_groups(actor, job, groups_by(bids, lambda bid: price_measure(job, bid)), now)
    winner = ranked[0]
    if winner.abnormally_low and not winner.low_price_justification:
        raise LowPriceJustificationRequired(field=f"justification_{winner.pk}")
    _set_ranks(ranked, ["abnormally_low", "low_price_justification"])
    reason = _("竞价选取：有效最低报价中选。")
    if winner.abnormally_low:
        reason += _("该报价为异常低价，业主书面说明：%(text)s") % {"text": winner.low_price_justification}
    return _finish(actor, job, winner, reason, Action.JOB_SELECT_LOWEST,
                   {"ranking": [bid.pk for bid in ranked], "abnormally_low": sorted(flagged)}, now)


# --- 综合评分 ------------------------------------------------------------------------------------

@transaction.atomic
def scores_enter(*, actor, job, plan_scores):
    """Record the owner's plan score (0–100) for valid bids: {bid id: score}."""
    job = _locked_job_for_selection(actor, job, M.SCORING)
    bids = {bid.pk: bid for bid in _valid_bids_locked(job)}
    changed, before = [], {}
    for key, raw in plan_scores.items():
        bid = bids.get(int(key))
        if bid is None:
            raise BidNotValidForJob()
        try:
            score = Decimal(str(raw)).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            raise PlanScoresIncomplete(field=f"score_{key}") from None
        if not Decimal(0) <= score <= Decimal(100):
            raise PlanScoresIncomplete(field=f"score_{key}")
        before[bid.pk] = bid.plan_score
        bid.plan_score = score
        changed.append(bid)
    Bid.objects.bulk_update(changed, ["plan_score"])
    audit_record(actor=actor, action=Action.JOB_SCORES_ENTER, obj=job, before={"plan_scores": before},
                 after={"plan_scores": {bid.pk: bid.plan_score for bid in changed}})
    notify(members_of({job.owner_id}), title=_("方案得分已录入：%(title)s") % {"title": job.title},
           body=_("已录入 %(n)s 家有效报名的方案得分。") % {"n": len(changed)},
           link=reverse("bidding:selection", args=[job.pk]), email=False)
    return job


@transaction.atomic
def select_scoring(*, actor, job):
    """Rank valid bids by total score (score_rows); ties drawn; the first wins."""
    now = timezone.now()
    job = _locked_job_for_selection(actor, job, M.SCORING)
    bids = _valid_bids_locked(job)
    if fail_if_too_few(job, len(bids), actor=actor, now=now):
        return job
    rows = score_rows(job, bids)
    if any(row.total is None for row in rows):
        raise PlanScoresIncomplete()
    totals = {row.bid.pk: row.total for row in rows}
    for bid in bids:
        bid.total_score = totals[bid.pk]
    # Highest total first: group on the negated total so groups_by's ascending order applies.
    ranked = _order_groups(actor, job, groups_by(bids, lambda bid: -totals[bid.pk]), now)
    _set_ranks(ranked, ["total_score"])
    winner = ranked[0]
    reason = _("综合评分：总分最高者中选（%(total)s 分）。") % {"total": winner.total_score}
    return _finish(actor, job, winner, reason, Action.JOB_SELECT_SCORING,
                   {"ranking": [[bid.pk, str(bid.total_score)] for bid in ranked]}, now)
