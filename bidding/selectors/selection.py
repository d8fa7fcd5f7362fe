"""Reads and pure computations for selection, publicity and objections.

The price comparison and the score formula live here as plain functions so that the owner's
preview page and the selection services compute exactly the same thing.

Prices in discount-rate jobs (下浮率): every bid is a discount off the same fee-rule standard S,
so a bid's amount is S × (100 − rate) / 100. We compare the *payable share* (100 − rate)
instead of amounts: S cancels out of every comparison the rules make (which is lower, the
abnormally-low ratio against the mean of the others, lowest/price in the price score), so the
result is the same as comparing amounts and needs no fee-rule computation that could fail.
"""
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404

from marketplace.selectors.regulators import regulator_for
from marketplace.selectors.scope import scope_of
from providers.access import is_member

from .. import states
from ..errors import PriceMissing, WeightsInvalid
from ..method_params import params_of
from ..models import Bid, Job, Objection
from ..publication import WEIGHT_KEYS, weights_problem
from . import benchmarks

HUNDRED = Decimal("100")
CENT = Decimal("0.01")
# The credit and rating parts of a bid closed before the close fixed them (Bid.credit_at_close,
# rating_at_close): what every bid counted then.
NEUTRAL_CREDIT = HUNDRED
NEUTRAL_RATING = HUNDRED
RATING_SCALE = Decimal("20")  # an average rating of 1–5 as a part score of 20–100
# Objections in these statuses keep the job from being awarded.
BLOCKING_OBJECTION_STATUSES = (Objection.Status.OPEN, Objection.Status.ANSWERED, Objection.Status.ESCALATED)


def with_objections_open(jobs):
    """Annotate whether an objection still holds up the award, so the shown status of a job
    whose publicity has run out can be told without a query per row."""
    return jobs.annotate(objections_open=Exists(
        Objection.objects.filter(job=OuterRef("pk"), status__in=BLOCKING_OBJECTION_STATUSES)))


# --- who may see what -------------------------------------------------------------------------

def closed_bids(job):
    """The bids judged at the close (valid and invalid), with their agencies. Empty while sealed."""
    if states.bids_sealed(job):
        return Bid.objects.none()
    return (
        Bid.objects.filter(job=job, status__in=(Bid.Status.VALID, Bid.Status.INVALID))
        .select_related("agency")
        .prefetch_related("attachments")
        .order_by("status", "rank", "submitted_at")
    )


def valid_bids(job):
    return Bid.objects.filter(job=job, status=Bid.Status.VALID).select_related("agency").order_by("submitted_at", "pk")


def min_valid_bids(job):
    """How many valid bids the job's method needs (fewer and the job fails): the published
    minimum of a credit-merit draw, else settings.MIN_VALID_BIDS."""
    if job.selection_method == Job.Method.CREDIT_DRAW:
        return params_of(job)["min_bidders"]
    return settings.MIN_VALID_BIDS[job.selection_method]


# --- prices ----------------------------------------------------------------------------------

def price_measure(job, bid):
    """What "the price" of a bid is for comparisons: the amount, or the payable share (100 − rate)
    in discount-rate jobs (see the module docstring). Lower is cheaper."""
    if job.price_mode == Job.PriceMode.DISCOUNT:
        if bid.discount_rate is None:
            raise PriceMissing()
        return HUNDRED - Decimal(bid.discount_rate)
    if bid.price is None:
        raise PriceMissing()
    return Decimal(bid.price)


def abnormally_low_ids(job, bids, ratio=None, benchmark=None):
    """Bids whose price is below `ratio` × the mean of the OTHER bids' prices, and bids far below
    the job's price benchmark (selectors.benchmarks: the job's benchmark as of its publication
    unless `benchmark` is given; no figures, no flag)."""
    ratio = Decimal(str(ratio if ratio is not None else settings.ABNORMAL_LOW_PRICE_RATIO))
    bids = list(bids)
    measures = {bid.pk: price_measure(job, bid) for bid in bids}
    total = sum(measures.values(), Decimal(0))
    flagged = set()
    if bids:
        benchmark = benchmark if benchmark is not None else benchmarks.job_benchmark(job)
        flagged = {bid.pk for bid in bids
                   if benchmarks.is_far_below(benchmark, benchmarks.bid_amount(job, bid.price, bid.discount_rate))}
    if len(measures) < 2:
        return flagged
    for bid_id, measure in measures.items():
        others_mean = (total - measure) / (len(measures) - 1)
        if measure < ratio * others_mean:
            flagged.add(bid_id)
    return flagged


def groups_by(bids, key):
    """The bids sorted by `key` ascending, as a list of groups of equal keys (ties)."""
    ordered = sorted(bids, key=lambda bid: (key(bid), bid.pk))
    groups = []
    for bid in ordered:
        if groups and key(groups[-1][0]) == key(bid):
            groups[-1].append(bid)
        else:
            groups.append([bid])
    return groups


@dataclass
class PriceRow:
    bid: Bid
    measure: Decimal
    abnormally_low: bool
    tied: bool
    position: int  # 1 for the lowest group; tied bids share a position until the draw


def lowest_price_preview(job, bids):
    """The ranking the lowest-price method will apply, before any tie is drawn."""
    bids = list(bids)
    flagged = abnormally_low_ids(job, bids)
    rows, position = [], 1
    for group in groups_by(bids, lambda bid: price_measure(job, bid)):
        for bid in group:
            rows.append(PriceRow(bid, price_measure(job, bid), bid.pk in flagged, len(group) > 1, position))
        position += len(group)
    return rows


# --- comprehensive scoring --------------------------------------------------------------------

def checked_weights(job):
    """The published weights as Decimals, or WeightsInvalid (by the rule publication checked:
    publication.weights_problem)."""
    if weights_problem(Job.Method.SCORING, job.weights):
        raise WeightsInvalid()
    return {key: Decimal(job.weights[key]) for key in WEIGHT_KEYS}


def credit_score(bid):
    """Credit part (0–100): the agency's credit score fixed on the bid at the close
    (`Bid.credit_at_close`, closing._fix_credit), capped at 100 — the credit rules' score, which
    a new agency has too (the rule set's base). A bid closed before scores were fixed has none:
    it counts as it did then (the agency's stored score once rated, else NEUTRAL_CREDIT), so a
    ranking made then is reproduced."""
    if bid.credit_at_close is not None:
        return min(Decimal(bid.credit_at_close), HUNDRED).quantize(CENT, ROUND_HALF_UP)
    if not bid.agency.has_credit_record:
        return NEUTRAL_CREDIT
    return min(Decimal(bid.agency.credit_score), HUNDRED).quantize(CENT, ROUND_HALF_UP)


def rating_score(bid):
    """Rating part (0–100): the agency's average rating (1–5) fixed on the bid at the close
    (`Bid.rating_at_close`) × 20. A bid closed before ratings were fixed, or of an agency the
    credit rules had not computed yet, counts NEUTRAL_RATING, as every bid did before."""
    if bid.rating_at_close is None:
        return NEUTRAL_RATING
    return (Decimal(bid.rating_at_close) * RATING_SCALE).quantize(CENT, ROUND_HALF_UP)


@dataclass
class ScoreRow:
    bid: Bid
    price: Decimal
    credit: Decimal
    rating: Decimal
    plan: Decimal | None
    total: Decimal | None
    parts: dict = field(default_factory=dict)


def score_rows(job, bids):
    """Each bid's part scores and total, by the one published formula:

        price  = lowest price / this price × 100   (prices as in price_measure)
        credit = the agency's credit score at the close, capped at 100   (credit_score)
        rating = the agency's average rating (1–5) at the close × 20   (rating_score)
        plan   = the owner's plan score (0–100)
        total  = Σ weight × score / 100

    Each part score and the total are rounded to 0.01 (half up). The total is None while the
    plan score is missing."""
    weights = checked_weights(job)
    bids = list(bids)
    if not bids:
        return []
    lowest = min(price_measure(job, bid) for bid in bids)
    rows = []
    for bid in bids:
        parts = {
            "price": (lowest / price_measure(job, bid) * HUNDRED).quantize(CENT, ROUND_HALF_UP),
            "credit": credit_score(bid),
            "rating": rating_score(bid),
            "plan": None if bid.plan_score is None else Decimal(bid.plan_score).quantize(CENT, ROUND_HALF_UP),
        }
        total = None
        if parts["plan"] is not None:
            total = (sum(weights[key] * parts[key] for key in WEIGHT_KEYS) / HUNDRED).quantize(CENT, ROUND_HALF_UP)
        rows.append(ScoreRow(bid, parts["price"], parts["credit"], parts["rating"], parts["plan"], total, parts))
    return rows


# --- what the owner's page previews ------------------------------------------------------------

@dataclass
class Preview:
    """What the owner's selection page shows before the method's action: the abnormally low
    bids and the price ranking (lowest price), the part scores (comprehensive scoring), or why
    they cannot be computed (`problem`, e.g. a bid without a price, weights that do not add up)."""

    flagged_ids: set = field(default_factory=set)
    price_rows: list = field(default_factory=list)
    score_rows: list = field(default_factory=list)
    problem: str = ""


def selection_preview(job, bids):
    bids = list(bids)
    if not bids:
        return Preview()
    try:
        if job.selection_method == Job.Method.LOWEST_PRICE:
            return Preview(flagged_ids=abnormally_low_ids(job, bids), price_rows=lowest_price_preview(job, bids))
        if job.selection_method == Job.Method.SCORING:
            return Preview(score_rows=score_rows(job, bids))
    except (PriceMissing, WeightsInvalid) as problem:
        return Preview(problem=str(problem))
    return Preview()


# --- draws ------------------------------------------------------------------------------------

def current_draws(job):
    return job.draws.filter(superseded_at__isnull=True).order_by("performed_at", "pk")


# --- objections -------------------------------------------------------------------------------

def blocking_objections(job):
    return Objection.objects.filter(job=job, status__in=BLOCKING_OBJECTION_STATUSES)


def _objections():
    return Objection.objects.select_related(
        "job__owner", "job__item__category", "bid__agency", "raised_by", "answered_by", "decided_by"
    ).prefetch_related("attachments")


def objections_of_job(job):
    return _objections().filter(job=job).order_by("raised_at")


def objection_for_party(objection_id, user):
    """An objection for the bidder who raised it (its agency's members) or the job's owner
    members; PermissionDenied for anyone else. Returns (objection, role) with role "owner" or
    "bidder"."""
    objection = get_object_or_404(_objections(), pk=objection_id)
    if is_member(user, objection.job.owner_id):
        return objection, "owner"
    if is_member(user, objection.bid.agency_id):
        return objection, "bidder"
    raise PermissionDenied


def bid_for_objection(job_id, bid_id, user):
    """The job and the user's own bid on it, for raising an objection; PermissionDenied when the
    bid is not the user's agency's bid on that job."""
    bid = get_object_or_404(Bid.objects.select_related("job__owner", "job__item", "agency"), pk=bid_id, job_id=job_id)
    if not is_member(user, bid.agency_id):
        raise PermissionDenied
    return bid.job, bid


def complaints_for_regulator(user, *, include_decided=True):
    """Escalated objections within the regulator's scope — what the regulator's department
    supervises (marketplace.selectors.scope) — PermissionDenied for non-regulators, newest first."""
    regulator = regulator_for(user)
    statuses = [Objection.Status.ESCALATED]
    if include_decided:
        statuses += [Objection.Status.UPHELD, Objection.Status.REJECTED]
    return regulator, (
        _objections()
        .filter(scope_of(regulator).q(category="job__item__category", region="job__owner__region__code"))
        .filter(status__in=statuses)
        .order_by("-escalated_at")
    )


def complaint_for_regulator(objection_id, user):
    """One escalated (or decided) objection within the regulator's scope, else PermissionDenied.
    (Deciding it is for a regulator supervising its category: objection_decide checks.)"""
    regulator = regulator_for(user)
    objection = get_object_or_404(
        _objections().filter(~Q(escalated_at=None)), pk=objection_id
    )
    job = objection.job
    if not scope_of(regulator).covers(category_id=job.item.category_id, region_code=job.owner.region_id):
        raise PermissionDenied
    return regulator, objection


def bids_with_objections(job):
    return closed_bids(job).prefetch_related(Prefetch("objections", queryset=Objection.objects.order_by("raised_at")))
