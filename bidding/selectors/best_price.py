"""均价比选 (best price): the one computation, as plain functions, so the selection service, the
owner's page and the public result compute exactly the same thing. No write here.

The published rule (the public result shows every step with its numbers):

1. Prices: the valid bids' prices as selectors.selection.price_measure gives them: the amount,
   or in discount-rate jobs the payable share 100 − rate (the fee standard cancels out, see there).
2. Trimming: with at least TRIM_FROM (5) valid bids, one highest and one lowest price are left out
   of the mean. When several bids share the highest (lowest) price only one of them is left out —
   the first submitted; their prices are equal, so which one does not change the mean. The
   left-out bids still take part in the comparison of step 6.
3. Mean: the arithmetic mean of the remaining prices, rounded half up to 0.01 yuan (0.0001
   percentage point for payable shares).
4. K: after the close one coefficient is drawn with the verifiable draw (bidding.draw, purpose
   COEFFICIENT) from the K set published in the announcement: the entries' values are the K
   texts as published (e.g. "95"); the first of the ranking is K.
5. Reference = mean × K / 100, rounded the same way.
6. Distance of each valid bid = |price − reference|; the smallest distance wins. Bids at the same
   distance (above or below the reference alike) are ordered by a tie-break draw among their
   random values (purpose TIE_BREAK), as in the other methods.
"""
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from ..errors import PriceMissing
from ..method_params import k_texts, params_of
from ..models import Bid, Draw, Job
from .selection import current_draws, groups_by, price_measure

TRIM_FROM = 5
HUNDRED = Decimal(100)

# The template the public result (cms notices_job.html) includes with "computation".
PUBLIC_TEMPLATE = "cms/includes/result_best_price.html"


def places(job):
    """The rounding step of the mean and the reference: yuan cents, or 0.0001 percentage point."""
    return Decimal("0.0001") if job.price_mode == Job.PriceMode.DISCOUNT else Decimal("0.01")


def k_set(job):
    """The published K values (texts, as published): the entries of the coefficient draw."""
    return k_texts(params_of(job))


@dataclass
class Row:
    bid: Bid
    measure: Decimal  # the price compared (amount, or payable share 100 − rate)
    left_out: str = ""  # "highest" / "lowest": left out of the mean (still compared)
    distance: Decimal | None = None  # |measure − reference|, once K is known
    tied: bool = False  # another bid has the same distance: a tie-break draw orders them
    position: int | None = None  # 1 for the closest group; tied bids share it until the draw


@dataclass
class Computation:
    job: Job
    rows: list  # by distance once K is known (then by price), else by price
    trimmed: bool  # the highest and the lowest were left out of the mean
    counted: list  # the measures the mean is taken of
    total: Decimal
    mean: Decimal
    k_set: list  # the published K texts
    k: Decimal | None = None  # the drawn K (percent), None before the draw
    k_draw: Draw | None = None
    reference: Decimal | None = None
    references: list = field(default_factory=list)  # [(K text, reference)] for every K of the set
    groups: list = field(default_factory=list)  # the bids by distance, closest first, ties together
    discount: bool = False

    @property
    def count(self):
        return len(self.rows)

    @property
    def left_out(self):
        return [row for row in self.rows if row.left_out]

    @property
    def closest(self):
        return [row for row in self.rows if row.position == 1]


def _is_number(text):
    try:
        return Decimal(text).is_finite()
    except InvalidOperation:
        return False


def _rounded(value, step):
    return value.quantize(step, ROUND_HALF_UP)


def reference_price(mean, k, step):
    """mean × K / 100, rounded half up to `step`."""
    return _rounded(mean * Decimal(k) / HUNDRED, step)


def compute(job, bids, k=None, k_draw=None):
    """The computation for the valid `bids` (in submission order), with the drawn K (percent) or
    without it (the owner's preview: the reference for each K of the set instead). PriceMissing
    when a bid has no price; None when there is no bid."""
    bids = sorted(bids, key=lambda bid: (bid.submitted_at, bid.pk))
    if not bids:
        return None
    step = places(job)
    rows = [Row(bid=bid, measure=price_measure(job, bid)) for bid in bids]
    trimmed = len(rows) >= TRIM_FROM
    if trimmed:
        # min/max return the first of equal prices: the first submitted (rows are in that order).
        max(rows, key=lambda row: row.measure).left_out = "highest"
        min((row for row in rows if not row.left_out), key=lambda row: row.measure).left_out = "lowest"
    counted = [row.measure for row in rows if not row.left_out]
    total = sum(counted, Decimal(0))
    mean = _rounded(total / len(counted), step)
    computation = Computation(
        job=job, rows=rows, trimmed=trimmed, counted=counted, total=total, mean=mean, k_set=k_set(job),
        k_draw=k_draw, discount=job.price_mode == Job.PriceMode.DISCOUNT,
    )
    # Publication checked the K set (method_params); a K that is not a number has no reference.
    computation.references = [(text, reference_price(mean, text, step)) for text in computation.k_set
                              if _is_number(text)]
    if k is None:
        computation.rows = sorted(rows, key=lambda row: (row.measure, row.bid.submitted_at, row.bid.pk))
        return computation
    computation.k = Decimal(k)
    computation.reference = reference_price(mean, k, step)
    for row in rows:
        row.distance = abs(row.measure - computation.reference)
    by_bid = {row.bid.pk: row for row in rows}
    ordered, position = [], 1
    computation.groups = groups_by(bids, lambda bid: by_bid[bid.pk].distance)
    for group in computation.groups:
        for bid in group:
            row = by_bid[bid.pk]
            row.tied, row.position = len(group) > 1, position
            ordered.append(row)
        position += len(group)
    computation.rows = ordered
    return computation


def coefficient_draw(job):
    """The current (not superseded) K draw of the job, or None."""
    return current_draws(job).filter(purpose=Draw.Purpose.COEFFICIENT).last()


def k_of(draw):
    """The K a coefficient draw gave: the first of its ranking (a K text, as published)."""
    return Decimal(draw.ranking[0])


def preview(job, bids):
    """What the owner's page shows before the selection: (computation or None, problem text)."""
    try:
        return compute(job, bids), ""
    except PriceMissing as problem:
        return None, str(problem)


def public_computation(job, bids):
    """The method's computation for the public result, recomputable by anyone from what it
    shows: the prices, which were left out of the mean, the mean, the K draw (seed, beacon value
    and entries are on the draw page), the reference and every distance. Before the K draw: the
    mean and the reference each K would give. None when there is nothing to show."""
    valid = [bid for bid in bids if bid.status == Bid.Status.VALID]
    if not valid or job.status == Job.Status.FAILED:
        return None
    draw = coefficient_draw(job)
    try:
        return compute(job, valid, k=k_of(draw) if draw else None, k_draw=draw)
    except PriceMissing:
        return None
