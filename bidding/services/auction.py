"""The online reverse auction (网上竞价) after the close: start, move, finish.

- `auction_start`: the owner starts it; the valid bids' sealed prices open it (round-0 moves,
  in the opening order), the first round starts after the published pause.
- `auction_move`: a bidder, in its own time box, lowers its price (by at most the published
  step) or keeps it. The job row is locked, so two moves at the same instant are judged one
  after the other; the unique constraints on AuctionMove are the last guard.
- `auction_advance_if_due`: writes the TIMED_OUT rows of boxes that ran out, and at the end
  finishes the auction: each bid's price becomes its final price, the lowest wins, equal prices
  are ordered by the verifiable draw (services/selection.py spine). Called by the clock
  (advance_jobs) and by every auction service before it acts, so running late or twice gives
  the same rows. If the draw waits for the public beacon value, the auction stays finished and
  the job awaits its result; the next run (or the owner's `auction_select`) completes it.

The rules that judge (whose turn, the time boxes, the allowed price) are bidding/auction.py.
"""
import logging
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.actions import Action
from audit.services import audit_record
from core.clock import received_at
from core.notifications import notify
from providers.access import is_member, members_of

from .. import auction as rules
from .. import errors
from ..method_params import AUCTION_ROUNDS, params_of
from ..models import Auction, AuctionMove, Bid, Job
from .closing import fail_if_too_few
from .selection import _finish, _locked_job_for_selection, _order_groups, _set_ranks, _valid_bids_locked

logger = logging.getLogger(__name__)
Kind = AuctionMove.Kind


def _shown(moment):
    return date_format(timezone.localtime(moment), "Y-m-d H:i:s")


def _locked_auction(job_id):
    """The job row locked (every auction write holds it), and its auction with its moves."""
    job = Job.objects.select_for_update(of=("self",)).get(pk=job_id)
    auction = Auction.objects.filter(job=job).first()
    moves = list(AuctionMove.objects.filter(auction=auction).order_by("round", "turn")) if auction else []
    return job, auction, moves


def _write_timed_out(auction, schedule):
    """The TIMED_OUT rows of every box that ran out without a move, stamped with its close."""
    rows = [AuctionMove(auction=auction, bid_id=turn.bid_id, round=turn.round, turn=turn.turn, kind=Kind.TIMED_OUT,
                        price=turn.price_before, moved_at=turn.closes_at) for turn in schedule.timed_out()]
    AuctionMove.objects.bulk_create(rows)
    return rows


# --- start -------------------------------------------------------------------------------------

@transaction.atomic
def auction_start(*, actor, job, now=None):
    """Open the auction: round 0 = the valid bids' sealed prices, first round after the pause.
    Too few valid bids fails the job (returned failed). `now` for the demo data's past auctions."""
    now = now or timezone.now()
    job = _locked_job_for_selection(actor, job, Job.Method.AUCTION)
    if Auction.objects.filter(job=job).exists():
        raise errors.AuctionAlreadyStarted()
    if job.price_mode != Job.PriceMode.AMOUNT:
        raise errors.AuctionNeedsAmounts()
    bids = _valid_bids_locked(job)
    if fail_if_too_few(job, len(bids), actor=actor, now=now):
        return job
    params = params_of(job)
    auction = Auction.objects.create(
        job=job, started_by=actor, created_at=now,
        starts_at=now + timezone.timedelta(minutes=params["pause_minutes"]),
        turn_seconds=params["turn_seconds"], rounds=AUCTION_ROUNDS,
        max_step_percent=params["max_step_percent"],
    )
    order = rules.opening_order([(bid.pk, bid.price, bid.submitted_at) for bid in bids])
    AuctionMove.objects.bulk_create([
        AuctionMove(auction=auction, bid_id=bid_id, round=0, turn=position, kind=Kind.OPENING, price=price,
                    moved_at=now)
        for position, (bid_id, price, _at) in enumerate(order, start=1)])
    schedule = rules.schedule(auction, list(auction.moves.all()), now)
    audit_record(actor=actor, action=Action.JOB_AUCTION_START, obj=job, before=None, after={
        "starts_at": auction.starts_at, "ends_at": schedule.ends_at, "turn_seconds": auction.turn_seconds,
        "rounds": auction.rounds, "max_step_percent": str(auction.max_step_percent),
        "opening": [[bid_id, str(price)] for bid_id, price, _at in order]})
    starts = _shown(auction.starts_at)
    for bid in bids:
        notify(members_of([bid.agency_id]), title=_("网上竞价即将开始：%(title)s") % {"title": job.title},
               body=_("第一轮将于 %(starts)s 开始，共 %(rounds)s 轮，每家每轮限时 %(seconds)s 秒，"
                      "按当前报价由高到低依次出价。请按时进入竞价页面。") % {
                   "starts": starts, "rounds": auction.rounds, "seconds": auction.turn_seconds},
               link=reverse("bidding:auction_live", args=[bid.pk]))
    notify(members_of([job.owner_id]), title=_("网上竞价已开始：%(title)s") % {"title": job.title},
           body=_("第一轮将于 %(starts)s 开始，预计于 %(ends)s 结束，结束后平台自动确定最低报价的中选机构。") % {
               "starts": starts, "ends": _shown(schedule.ends_at)},
           link=reverse("bidding:selection", args=[job.pk]), email=False)
    return auction


# --- move --------------------------------------------------------------------------------------

REFUSALS = {
    rules.NOT_A_BIDDER: errors.AuctionNotABidder,
    rules.OVER: errors.AuctionOver,
    rules.ALREADY_MOVED: errors.AuctionAlreadyMoved,
    rules.NOT_POSITIVE: errors.AuctionPriceInvalid,
}


def _refusal(code, schedule, bid_id):
    turn = schedule.current
    own = schedule.turn_of(bid_id, turn.round) if turn else None
    if code == rules.NOT_STARTED:
        return errors.AuctionNotOpenYet(
            _("网上竞价第一轮将于 %(at)s 开始，请届时出价。") % {"at": _shown(schedule.starts_at)})
    if code == rules.LATE:
        closed = own.closes_at if own else schedule.now
        return errors.AuctionMoveLate(
            _("您本轮的出价时间已于 %(at)s 结束，本轮按维持报价处理。") % {"at": _shown(closed)})
    if code == rules.NOT_YOUR_TURN:
        if own is not None:
            return errors.AuctionNotYourTurn(
                _("还没有轮到贵机构出价：贵机构本轮的出价时间为 %(opens)s 至 %(closes)s。") % {
                    "opens": _shown(own.opens_at), "closes": _shown(own.closes_at)})
        return errors.AuctionNotYourTurn()
    if code == rules.HIGHER:
        return errors.AuctionPriceHigher(
            _("报价不能高于贵机构当前的报价 %(price)s 元；维持报价请点“维持报价”。") % {"price": turn.price_before},
            field="price")
    if code == rules.TOO_LOW:
        return errors.AuctionStepTooLarge(
            _("每次最多降价 %(step)s%%：本轮报价不能低于 %(lowest)s 元（当前报价 %(price)s 元）。") % {
                "step": f"{schedule.max_step_percent.normalize():f}", "price": turn.price_before,
                "lowest": rules.lowest_allowed(turn.price_before, schedule.max_step_percent)},
            field="price")
    error = REFUSALS[code]
    return error(field="price") if code == rules.NOT_POSITIVE else error()


@transaction.atomic
def auction_move(*, actor, bid, price=None, now=None):
    """The bidder's move in its open time box: a lower `price` (at most the published step
    below its current price) or None / its current price to keep it. The moment that counts is
    when the server received the request (core.clock.received_at)."""
    now = now or received_at()
    job_id = getattr(bid, "job_id", None)
    if not is_member(actor, getattr(bid, "agency_id", None)):
        raise errors.AuctionNotABidder()
    job, auction, moves = _locked_auction(job_id)
    if auction is None:
        raise errors.AuctionNotStarted()
    if job.status != Job.Status.CLOSED:  # the result is out, or the job was cancelled
        raise errors.AuctionOver()
    schedule = rules.schedule(auction, moves, now)
    current = schedule.current
    if price is None:  # keep: its current price, when it is its turn
        price = current.price_before if current is not None and current.bid_id == bid.pk else Decimal(1)
    code = schedule.refusal(bid.pk, price)
    if code is not None:
        raise _refusal(code, schedule, bid.pk)
    _write_timed_out(auction, schedule)
    price = Decimal(price).quantize(rules.CENT)
    kind = Kind.KEPT if price == current.price_before else Kind.LOWERED
    try:
        with transaction.atomic():
            move = AuctionMove.objects.create(auction=auction, bid_id=bid.pk, round=current.round, turn=current.turn,
                                              kind=kind, price=price, moved_at=now, moved_by=actor)
    except IntegrityError:  # a move of the same turn got in first (only without the row lock)
        raise errors.AuctionAlreadyMoved() from None
    audit_record(actor=actor, action=Action.JOB_AUCTION_MOVE, obj=job,
                 before={"bid": bid.pk, "round": current.round, "price": str(current.price_before)},
                 after={"bid": bid.pk, "round": current.round, "turn": current.turn, "kind": move.kind,
                        "price": str(price), "moved_at": now})
    if current.round == auction.rounds:  # the last move of the last round ends the auction
        _complete(job, auction, now)
    return move


# --- the clock: boxes that ran out, the end ----------------------------------------------------

def _finish_if_over(job, auction, now):
    moves = list(AuctionMove.objects.filter(auction=auction).order_by("round", "turn"))
    schedule = rules.schedule(auction, moves, now)
    written = _write_timed_out(auction, schedule)
    if not schedule.finished:
        return bool(written)
    if written:
        schedule = rules.schedule(auction, moves + written, now)
    auction.finished_at = schedule.finished_at
    auction.save(update_fields=["finished_at"])
    final = schedule.prices
    bids = list(Bid.objects.select_for_update(of=("self",)).filter(pk__in=list(final)))
    before = {bid.pk: str(bid.price) for bid in bids}
    for bid in bids:
        bid.price = final[bid.pk]
    Bid.objects.bulk_update(bids, ["price"])
    audit_record(actor=None, action=Action.JOB_AUCTION_FINISH, obj=job, before={"prices": before},
                 after={"finished_at": auction.finished_at,
                        "prices": {bid_id: str(price) for bid_id, price in final.items()}})
    return True


def _select(actor, job, auction, now):
    """The result of a finished auction (job locked, CLOSED): lowest final price wins, ties by
    the draw. BeaconPending / BeaconUnavailable propagate (the caller decides)."""
    bids = _valid_bids_locked(job)
    in_auction = {move.bid_id for move in auction.moves.all() if move.round == 0}
    bids = [bid for bid in bids if bid.pk in in_auction]
    if fail_if_too_few(job, len(bids), actor=actor, now=now):
        return job
    by_id = {bid.pk: bid for bid in bids}
    schedule = rules.schedule(auction, list(auction.moves.all()), now)
    groups = [[by_id[bid_id] for bid_id in group if bid_id in by_id] for group in schedule.ranking_groups()]
    ranked = _order_groups(actor, job, [group for group in groups if group], now)
    _set_ranks(ranked)
    winner = ranked[0]
    reason = _("网上竞价：%(rounds)s 轮竞价后最低报价中选（%(price)s 元）。") % {
        "rounds": auction.rounds, "price": winner.price}
    if len(groups[0]) > 1:
        reason += _("最低报价相同的 %(n)s 家由可验证随机抽取排序。") % {"n": len(groups[0])}
    return _finish(actor, job, winner, reason, Action.JOB_AUCTION_FINISH,
                   {"ranking": [[bid.pk, str(bid.price)] for bid in ranked],
                    "tie_break": any(len(group) > 1 for group in groups)}, now)


def _complete(job, auction, now):
    """Finish the auction if it is over and give its result; a result whose draw waits for the
    public beacon value is left for the next run (the finish is kept). True when written."""
    changed = False
    if auction.finished_at is None:
        changed = _finish_if_over(job, auction, now)
    if auction.finished_at is None:
        return changed
    try:
        with transaction.atomic():
            _select(None, job, Auction.objects.prefetch_related("moves").get(pk=auction.pk), now)
    except (errors.BeaconPending, errors.BeaconUnavailable) as waiting:
        if changed:  # it has just ended: the owner learns what the result waits for
            notify(members_of([job.owner_id]), title=_("网上竞价已结束，等待抽签：%(title)s") % {"title": job.title},
                   body=_("最低报价相同，须由可验证随机抽取排序。%(why)s") % {"why": waiting},
                   link=reverse("bidding:selection", args=[job.pk]))
        return changed
    return True


@transaction.atomic
def auction_advance_if_due(job_id, *, now=None) -> bool:
    """Apply what the clock implies for the job's auction: TIMED_OUT rows for boxes that ran
    out, the finish at the end, then the result (unless its draw waits for the beacon value:
    then the job stays closed and the next run tries again). True when something was written."""
    now = now or timezone.now()
    job, auction, _moves = _locked_auction(job_id)
    if auction is None or job.status != Job.Status.CLOSED or job.selection_method != Job.Method.AUCTION:
        return False
    return _complete(job, auction, now)


@transaction.atomic
def auction_select(*, actor, job):
    """The owner asks for the result of a finished auction now (e.g. once the public beacon
    value its tie-break draw waited for is fixed): the finish and the draw, or the refusal
    (AuctionResultPending while it runs, BeaconPending while the draw waits)."""
    now = timezone.now()
    job = _locked_job_for_selection(actor, job, Job.Method.AUCTION)
    auction = Auction.objects.filter(job=job).first()
    if auction is None:
        raise errors.AuctionNotStarted()
    if auction.finished_at is None:
        _finish_if_over(job, auction, now)
    if auction.finished_at is None:
        raise errors.AuctionResultPending()
    return _select(actor, job, Auction.objects.prefetch_related("moves").get(pk=auction.pk), now)


def advance_auctions(now=None):
    """The clock's part (services/clock.py advance_due_jobs): every running auction, and every
    finished one whose job still awaits its result. Returns the job ids moved, and the failures."""
    now = now or timezone.now()
    done, failed = [], []
    job_ids = (Auction.objects.filter(job__status=Job.Status.CLOSED, job__selection_method=Job.Method.AUCTION)
               .order_by("starts_at", "pk").values_list("job_id", flat=True))
    for job_id in job_ids:
        try:
            if auction_advance_if_due(job_id, now=now):
                done.append(job_id)
        except Exception:
            logger.exception("advancing the auction of job %s failed", job_id)
            failed.append(job_id)
    return done, failed

