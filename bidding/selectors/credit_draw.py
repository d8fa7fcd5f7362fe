"""信用择优抽取 (credit-merit draw): the one computation, as plain functions, so the services, the
owner's page and the public result compute exactly the same thing. No write here.

The published rule (the public result shows every step with its numbers):

1. Fewer valid bids than the published minimum (`min_bidders`) and the job fails (流标).
2. Ranking: the valid bidders by their credit score as fixed at the close (Bid.credit_at_close),
   highest first.
3. Cut: c = ⌊n × cut_percent / 100⌋ bidders are cut from the bottom (method_params.cut_count).
   Ties at the cut line: a bidder with the same score as the last one kept is kept too — nobody is
   cut while someone with the same score stays — so the cut removes the bidders whose score is
   below the score of the (n − c)-th, at most c of them.
4. Capacity: among the rest, an agency at capacity for the item when the draw runs
   (selectors.capacity) is left out of the draw and named. If every one of the rest is at
   capacity, nobody can be short-listed and the job fails.
5. Draw: the verifiable draw (bidding.draw, purpose SHORTLIST) among the random values of the
   rest; the first `shortlist_size` of its ranking (all of them, if fewer) are the short list.
6. The owner picks one of the short list and records why; the reason is published with the result.
"""
from dataclasses import dataclass, field
from decimal import Decimal

from ..method_params import cut_count, params_of
from ..models import Bid, Draw, Job
from .capacity import at_capacity_ids
from .selection import NEUTRAL_CREDIT, current_draws

# The template the public result (cms notices_job.html) includes with "computation".
PUBLIC_TEMPLATE = "cms/includes/result_credit_draw.html"


def credit_of(bid):
    """The credit score the ranking uses: the one fixed on the bid at the close. (A bid closed
    before scores were fixed has none: the neutral score, as the comprehensive scoring counts it.)"""
    return Decimal(bid.credit_at_close) if bid.credit_at_close is not None else NEUTRAL_CREDIT


@dataclass
class Row:
    bid: Bid
    credit: Decimal
    position: int  # by credit, highest first; equal scores share a position
    cut: bool = False
    at_capacity: bool = False  # left out of the draw: at capacity when it ran
    drawn: int | None = None  # its place in the draw's ranking
    shortlisted: bool = False
    chosen: bool = False


@dataclass
class Computation:
    job: Job
    rows: list  # by credit, highest first (then in submission order)
    cut_percent: int
    quota: int  # ⌊n × cut% / 100⌋, the most the cut removes
    line: Decimal | None  # the score of the (n − c)-th bidder: below it is cut
    shortlist_size: int
    min_bidders: int
    draw: Draw | None = None
    shortlist: list = field(default_factory=list)  # rows of the short list, in draw order
    chosen: Row | None = None
    reason: str = ""

    @property
    def count(self):
        return len(self.rows)

    @property
    def cut_rows(self):
        return [row for row in self.rows if row.cut]

    @property
    def kept(self):
        return [row for row in self.rows if not row.cut]

    @property
    def skipped(self):
        return [row for row in self.rows if row.at_capacity]

    @property
    def pool(self):
        """The bids the draw is (or was) among."""
        return [row.bid for row in self.rows if not row.cut and not row.at_capacity]

    @property
    def kept_by_tie(self):
        """How many bidders the tie rule kept beyond n − c."""
        return len(self.kept) - (self.count - self.quota)


def rank(job, bids, skipped_ids=()):
    """Steps 2–4 for the valid `bids`: ranking, cut, and the bids at capacity among the rest
    (`skipped_ids`: their bid ids). Pure."""
    params = params_of(job)
    ordered = sorted(bids, key=lambda bid: (-credit_of(bid), bid.submitted_at, bid.pk))
    rows, position = [], 0
    for index, bid in enumerate(ordered):
        credit = credit_of(bid)
        if not rows or rows[-1].credit != credit:
            position = index + 1
        rows.append(Row(bid=bid, credit=credit, position=position))
    quota = cut_count(len(rows), params["cut_percent"])
    line = rows[len(rows) - quota - 1].credit if rows and quota < len(rows) else None
    for row in rows:
        row.cut = line is not None and row.credit < line
        row.at_capacity = not row.cut and row.bid.pk in set(skipped_ids)
    return Computation(job=job, rows=rows, cut_percent=params["cut_percent"], quota=quota, line=line,
                       shortlist_size=params["shortlist_size"], min_bidders=params["min_bidders"])


def at_capacity_bid_ids(job, computation):
    """Step 4: the ids of the bids of the rest (not cut) whose agency is at capacity for the
    job's item now (selectors.capacity, two queries)."""
    kept = [row.bid for row in computation.kept]
    full = at_capacity_ids({bid.agency_id for bid in kept}, job.item_id)
    return {bid.pk for bid in kept if bid.agency_id in full}


def before_draw(job, bids):
    """Steps 2–4 as the draw would take them now (the service and the owner's preview)."""
    computation = rank(job, bids)
    return rank(job, bids, skipped_ids=at_capacity_bid_ids(job, computation))


def shortlist_draw_of(job):
    """The current (not superseded) short-list draw of the job, or None."""
    return current_draws(job).filter(purpose=Draw.Purpose.SHORTLIST).last()


def with_draw(computation, draw):
    """Step 5 from a stored draw: its entries are the pool (the rest not at capacity), so a bid
    of the rest whose value the draw did not take was at capacity when it ran."""
    computation.draw = draw
    position = {value: index + 1 for index, value in enumerate(draw.ranking)}
    for row in computation.rows:
        if row.cut:
            continue
        row.at_capacity = row.bid.random_value not in position
        row.drawn = position.get(row.bid.random_value)
        row.shortlisted = row.drawn is not None and row.drawn <= computation.shortlist_size
    computation.shortlist = sorted((row for row in computation.rows if row.shortlisted), key=lambda row: row.drawn)
    return computation


def computation_for(job, bids):
    """The computation of the valid `bids` as it stands: with the current short-list draw once
    it ran, and the chosen bid once the owner picked one. None without valid bids."""
    if not bids:
        return None
    computation = rank(job, bids)
    draw = shortlist_draw_of(job)
    if draw is not None:
        with_draw(computation, draw)
        if job.winner_id:
            computation.chosen = next((row for row in computation.shortlist if row.bid.pk == job.winner_id), None)
            if computation.chosen is not None:
                computation.chosen.chosen = True
                computation.reason = job.selection_reason
    return computation


def preview(job, bids):
    """What the owner's page shows: before the draw, steps 2–4 as the draw would take them now;
    after it, the computation with the draw. None without valid bids."""
    bids = list(bids)
    if not bids:
        return None
    if shortlist_draw_of(job) is None:
        return before_draw(job, bids)
    return computation_for(job, bids)


def public_computation(job, bids):
    """The method's computation for the public result, recomputable by anyone from what it
    shows: each valid bidder's credit score at the close, the cut, who was at capacity, the
    short-list draw (seed, beacon value and entries on the draw page), the short list and the
    owner's choice with its reason. None when there is nothing to show."""
    valid = [bid for bid in bids if bid.status == Bid.Status.VALID]
    if not valid or (job.status == Job.Status.FAILED and shortlist_draw_of(job) is None):
        return None
    return computation_for(job, valid)
