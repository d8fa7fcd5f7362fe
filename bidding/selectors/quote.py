"""Reads and pure computations of quote comparison (询比), bidding/method_params.py `quote`.

Invitations (JobInvitation; only invited agencies may quote: eligibility._invitation_refusal).
- Fiscal funds: drawn, never chosen by hand. The candidates are the agencies that offer the
  job's item in the directory, may bid on it (eligibility.bid_refusal without the invitation)
  and are not at capacity (selectors.capacity). The owner fixes that list first: each candidate
  is known by its unified social credit code (统一社会信用代码), the codes sorted as text are the
  draw's values (DrawBeacon stage INVITATION, `pool`). The draw (bidding.draw, purpose
  INVITATION) then takes the public beacon value fixed after the list was fixed, and the first
  `invitees` codes of its ranking are invited — anyone recomputes it from the public page.
- Other funds: the owner chooses at least `invitees` agencies from those that offer the item.

Scoring. The job publishes its criteria [{"name", "weight"}] (whole weights summing to 100).
After the close the owner enters, for each valid quote, a score from 0 to 100 (at most two
decimals) per criterion (Bid.criteria_scores {name: "score"}). Then

    total = Σ weight × score / 100, rounded to 0.01 (half up)

and the quotes rank by total, highest first; equal totals are ordered by a verifiable draw
(TIE_BREAK) among them. `quote_rows` is that computation for the owner's page, the selection
service and the public result alike.
"""
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from providers.models import Organisation

from .. import states
from ..method_params import params_of
from ..models import Bid, Draw, DrawBeacon, Job, JobInvitation
from .selection import groups_by

# The template the public result (cms notices_job.html) includes with "computation".
PUBLIC_TEMPLATE = "cms/includes/result_quote.html"

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


# --- criteria and totals ------------------------------------------------------------------------

def criteria(job):
    """The published criteria as [(name, weight)] with whole-number weights, in published order."""
    return [(str(row["name"]).strip(), int(row["weight"])) for row in params_of(job)["criteria"]]


def parse_score(raw):
    """A score as the rules take it: a number from 0 to 100 with at most two decimals, or None."""
    try:
        score = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        return None
    if not score.is_finite() or not (0 <= score <= HUNDRED) or score != score.quantize(CENT):
        return None
    return score.quantize(CENT)


def quote_total(job, scores):
    """The weighted total of one quote's scores {name: score}, or None while any is missing."""
    parts = []
    for name, weight in criteria(job):
        score = parse_score((scores or {}).get(name, ""))
        if score is None:
            return None
        parts.append(weight * score)
    return (sum(parts, Decimal(0)) / HUNDRED).quantize(CENT, ROUND_HALF_UP)


@dataclass
class QuoteRow:
    bid: Bid
    scores: list  # [(name, weight, score or None)] in the published order
    total: Decimal | None
    position: int | None = None  # 1 for the highest total; tied quotes share it until the draw
    tied: bool = False


def quote_rows(job, bids):
    """Every valid quote with its scores and total, highest total first (tied ones share a
    position); quotes not fully scored last, without a position."""
    published = criteria(job)
    rows = []
    for bid in bids:
        stored = bid.criteria_scores or {}
        scores = [(name, weight, parse_score(stored.get(name, ""))) for name, weight in published]
        rows.append(QuoteRow(bid, scores, quote_total(job, stored)))
    totals = {row.bid.pk: row.total for row in rows}
    complete = [row.bid for row in rows if row.total is not None]
    ordered, position = [], 1
    by_id = {row.bid.pk: row for row in rows}
    for group in groups_by(complete, lambda bid: -totals[bid.pk]):
        for bid in group:
            row = by_id[bid.pk]
            row.position, row.tied = position, len(group) > 1
            ordered.append(row)
        position += len(group)
    return ordered + [row for row in rows if row.total is None]


def scores_complete(rows):
    return bool(rows) and all(row.total is not None for row in rows)


# --- invitations --------------------------------------------------------------------------------

def candidate_value(agency):
    """An agency's value in the invitation draw: its unified social credit code."""
    return agency.uscc


def offering_agencies(job):
    """The agencies that offer the job's item in the directory, by name (one query)."""
    return (Organisation.objects.filter(kind=Organisation.Kind.AGENCY, services__item_id=job.item_id)
            .order_by("name", "pk").distinct())


def invitations_of(job):
    return list(JobInvitation.objects.filter(job=job).select_related("agency").order_by("invited_at", "pk"))


def invitation_beacon(job):
    return DrawBeacon.objects.filter(job=job, stage=DrawBeacon.Stage.INVITATION).first()


def invitation_draw(job):
    return Draw.objects.filter(job=job, purpose=Draw.Purpose.INVITATION).order_by("performed_at", "pk").first()


@dataclass
class Candidate:
    """One value of the invitation draw and its agency (the draw page shows `agency.name`)."""

    value: str
    agency: Organisation | None


def invitation_candidates(job, beacon=None):
    """{value: Candidate} for the fixed candidates' list of the job's invitation draw."""
    beacon = beacon if beacon is not None else invitation_beacon(job)
    values = list(beacon.pool) if beacon is not None else []
    agencies = {candidate_value(agency): agency for agency in Organisation.objects.filter(
        kind=Organisation.Kind.AGENCY, uscc__in=values)}
    return {value: Candidate(value, agencies.get(value)) for value in values}


def invited_values(draw_row, invitees):
    """Who the invitation draw invites: the first `invitees` values of its ranking."""
    return list(draw_row.ranking[:invitees])


@dataclass
class InvitationState:
    """What the owner's invitation page shows and offers."""

    job: Job
    invitees: int
    fiscal: bool
    invitations: list
    beacon: DrawBeacon | None
    draw: Draw | None
    candidates: list = field(default_factory=list)  # [Candidate] of the fixed list, in published order
    open: bool = False  # the job takes bids (invitations may be made)

    @property
    def can_fix_pool(self):
        return self.open and self.fiscal and self.beacon is None

    @property
    def can_draw(self):
        return self.open and self.fiscal and self.beacon is not None and self.draw is None

    @property
    def can_choose(self):
        return self.open and not self.fiscal

    @property
    def waiting_message(self):
        if not self.can_draw or (self.beacon and self.beacon.fixed_at):
            return ""
        from .beacon import configured_source, wait_message

        if configured_source() != "regulators":
            return ""
        return wait_message(self.job, self.beacon)


def invitation_state(job, *, now):
    beacon = invitation_beacon(job)
    candidates = list(invitation_candidates(job, beacon).values()) if beacon is not None else []
    return InvitationState(
        job=job, invitees=params_of(job)["invitees"], fiscal=job.fiscal_funds, invitations=invitations_of(job),
        beacon=beacon, draw=invitation_draw(job), candidates=candidates,
        open=job.status == Job.Status.PUBLISHED and not states.close_due(job, now),
    )


def invitation_rule_text(job):
    """How this job's invitations are made, as the public page says it."""
    invitees = params_of(job)["invitees"]
    if job.fiscal_funds:
        return _("本项目使用财政资金：从提供本服务事项、可以报名且未达到承接能力的机构中，以可验证随机抽取方式抽取 "
                 "%(n)s 家邀请报价（按统一社会信用代码抽取，业主不能指定）。") % {"n": invitees}
    return _("本项目未使用财政资金：由业主从提供本服务事项的机构中邀请不少于 %(n)s 家报价。") % {"n": invitees}


# --- the public computation -----------------------------------------------------------------------

@dataclass
class QuoteComputation:
    rule: str
    criteria: list  # [(name, weight)]
    invitations: list  # [JobInvitation]
    draw: Draw | None
    pool_size: int
    rows: list  # [QuoteRow] of the valid quotes, ranked (after the selection: by Bid.rank)
    formula: str


def public_computation(job, bids):
    """The invitations, the published criteria and each valid quote's scores and total, in the
    order of the ranking made (ties as the draw ordered them); recomputable from what it shows.
    None before the selection (scores are the owner's work in progress until then)."""
    if job.winner_id is None and job.status not in (Job.Status.FAILED,):
        return None
    valid = [bid for bid in bids if bid.status == Bid.Status.VALID]
    rows = quote_rows(job, valid)
    rows.sort(key=lambda row: (row.bid.rank is None, row.bid.rank or 0, -(row.total or 0)))
    beacon = invitation_beacon(job) if job.fiscal_funds else None
    return QuoteComputation(
        rule=invitation_rule_text(job),
        criteria=criteria(job),
        invitations=invitations_of(job),
        draw=invitation_draw(job),
        pool_size=len(beacon.pool) if beacon is not None else 0,
        rows=rows,
        formula=_("总分 = Σ（权重 × 该项得分）÷ 100，保留两位小数（四舍五入）；"
                  "总分高者排名在前，总分相同的由可验证随机抽取排序。"),
    )
