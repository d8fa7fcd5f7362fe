"""Reads and pure computations of the "auction" selection method (网上竞价): the auction of a
job with its moves, the schedule they imply at a moment (bidding/auction.py), the bidder's and
the owner's view of it, and the public record of every round and move.

Reads never write: a box that ran out shows as kept (限时内未出价) here before the clock or the
next move writes its TIMED_OUT row."""
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import auction as rules
from .. import states
from ..models import Auction, AuctionMove, Bid, Job
from .bids import bid_for_agency_member

# The template the public result (cms notices_job.html) includes with "computation".
PUBLIC_TEMPLATE = "cms/includes/result_auction.html"


def auction_of(job):
    """The job's auction with its moves (their bids and agencies) prefetched, or None."""
    if job.selection_method != Job.Method.AUCTION:
        return None
    return (
        Auction.objects.filter(job_id=job.pk)
        .prefetch_related(_moves_prefetch())
        .first()
    )


def _moves_prefetch():
    return Prefetch("moves", queryset=AuctionMove.objects.select_related("bid__agency").order_by("round", "turn"))


def schedule_of(auction, now=None):
    """The schedule of a loaded auction (auction_of) at `now`."""
    return rules.schedule(auction, list(auction.moves.all()), now or timezone.now())


@dataclass
class Row:
    """One turn as the pages show it: anonymous label, the price before and after, what
    happened (a recorded move, a box that ran out, the box open now, or still to come)."""

    round: int
    turn: int
    label: int
    bid_id: int
    agency_name: str
    opens_at: object
    closes_at: object
    price_before: Decimal
    price_after: Decimal | None
    kind: str  # opening, lowered, kept, timed_out, open, waiting
    kind_label: str
    moved_at: object = None
    own: bool = False


KIND_LABELS = dict(AuctionMove.Kind.choices)


def _row(schedule, turn, names, own_ids):
    now = schedule.now
    if turn.move is not None:
        kind, moved_at = turn.move.kind, turn.move.moved_at
    elif turn.passed(now):
        kind, moved_at = AuctionMove.Kind.TIMED_OUT, turn.closes_at
    else:
        kind, moved_at = ("open" if turn.is_open(now) else "waiting"), None
    label = KIND_LABELS.get(kind) or {"open": _("出价中"), "waiting": _("等待")}[kind]
    return Row(turn.round, turn.turn, schedule.labels[turn.bid_id], turn.bid_id, names.get(turn.bid_id, ""),
               turn.opens_at, turn.closes_at, turn.price_before, turn.price_after(now), str(kind), str(label),
               moved_at, turn.bid_id in own_ids)


@dataclass
class AuctionView:
    """Everything a page shows of one auction at one moment."""

    auction: Auction
    schedule: rules.Schedule
    opening: list  # Rows of round 0
    rounds: list  # [(round number, [Rows])]
    standings: list  # [(label, current price, own, agency name)] by label
    names_shown: bool
    own_bid_id: int | None = None
    current: object = None  # the open Turn
    own_turn: object = None  # the open Turn when it is the viewer's
    lowest_allowed: Decimal | None = None
    seconds_left: int | None = None  # of the open box
    refresh_in: int | None = None  # seconds to the next change (the page's timed refresh)
    stamp: str = ""  # changes whenever the page would show something else
    extra: dict = field(default_factory=dict)

    @property
    def phase(self):
        return self.schedule.phase

    @property
    def current_label(self):
        return self.schedule.labels.get(self.current.bid_id) if self.current else None

    @property
    def own_label(self):
        return self.schedule.labels.get(self.own_bid_id)


def auction_view(auction, *, now=None, own_bid_id=None, names=None):
    """The auction as a page shows it at `now`. Agencies' names only when `names` is True or the
    auction is over (then the record is public); the viewer's own bid marked."""
    now = now or timezone.now()
    schedule = schedule_of(auction, now)
    shown = schedule.finished if names is None else names
    agency_names = {move.bid_id: move.bid.agency.name for move in schedule.opening} if shown else {}
    own_ids = {own_bid_id} if own_bid_id else set()
    opening = [Row(0, move.turn, schedule.labels[move.bid_id], move.bid_id, agency_names.get(move.bid_id, ""),
                   None, None, Decimal(move.price), Decimal(move.price), AuctionMove.Kind.OPENING,
                   str(KIND_LABELS[AuctionMove.Kind.OPENING]), move.moved_at, move.bid_id in own_ids)
               for move in schedule.opening]
    rounds = []
    for round_number in range(1, schedule.rounds + 1):
        rows = [_row(schedule, turn, agency_names, own_ids) for turn in schedule.round_rows(round_number)]
        if rows:
            rounds.append((round_number, rows))
    standings = sorted(
        ((schedule.labels[bid_id], price, bid_id in own_ids, agency_names.get(bid_id, ""))
         for bid_id, price in schedule.prices.items()), key=lambda row: row[0])
    current = schedule.current
    own_turn = current if current is not None and current.bid_id == own_bid_id and current.move is None else None
    next_change = schedule.next_change()
    refresh_in = None
    if next_change is not None:
        refresh_in = max(1, int((next_change - now).total_seconds() + 0.999))
    moved = sum(1 for turn in schedule.turns if turn.move is not None)
    return AuctionView(
        auction=auction, schedule=schedule, opening=opening, rounds=rounds, standings=standings,
        names_shown=shown, own_bid_id=own_bid_id, current=current, own_turn=own_turn,
        lowest_allowed=rules.lowest_allowed(own_turn.price_before, schedule.max_step_percent) if own_turn else None,
        seconds_left=max(0, int((current.closes_at - now).total_seconds())) if current else None,
        refresh_in=refresh_in,
        stamp=f"{schedule.phase}:{current.round if current else 0}:{current.turn if current else 0}:{moved}",
    )


# --- the bidders' page ---------------------------------------------------------------------------

def bid_in_auction(bid_id, user):
    """(bid, auction or None) for the bidder's live page: a valid bid of one of `user`'s
    agencies (404 for anyone else, as bid_for_agency_member) on an auction job after its close;
    the auction is None until the owner starts it. 404 for a bid that takes no part (not valid,
    another method, or — once started — not in the opening)."""
    bid = bid_for_agency_member(bid_id, user)
    if bid.job.selection_method != Job.Method.AUCTION or bid.status != Bid.Status.VALID:
        raise Http404
    auction = auction_of(bid.job)
    if auction is not None and not any(move.bid_id == bid.pk for move in auction.moves.all() if move.round == 0):
        raise Http404
    return bid, auction


def taking_part(bid):
    """The bid's agency may follow the auction on its live page (the receipt links to it)."""
    return (bid.job.selection_method == Job.Method.AUCTION and bid.status == Bid.Status.VALID
            and not states.bids_sealed(bid.job))


WAITING_STATE = {"phase": "not_started", "stamp": "not_started", "round": None, "turn": None, "turn_label": None,
                 "your_turn": False, "seconds_left": None, "refresh_in": 60, "prices": []}


def state_json(view):
    """What the small poller (static/js/auction.js) reads: enough to redraw the countdown and to
    know when the page shows something else (`stamp`). None: the owner has not started it."""
    if view is None:
        return dict(WAITING_STATE)
    current = view.current
    return {
        "phase": view.phase,
        "stamp": view.stamp,
        "round": current.round if current else None,
        "turn": current.turn if current else None,
        "turn_label": view.schedule.labels[current.bid_id] if current else None,
        "your_turn": view.own_turn is not None,
        "seconds_left": view.seconds_left,
        "refresh_in": view.refresh_in,
        "prices": [{"label": label, "price": str(price), "own": own} for label, price, own, _name in view.standings],
    }


# --- the owner's page and the public record --------------------------------------------------------

def may_start(job, auction):
    """The owner may start the auction: the job awaits selection and has none yet."""
    return job.selection_method == Job.Method.AUCTION and job.status == Job.Status.CLOSED and auction is None


def awaiting_result(job, schedule):
    """The auction is over but the job still awaits its result (the tie-break draw waits for the
    public beacon value, or the clock has not run yet)."""
    return job.status == Job.Status.CLOSED and schedule is not None and schedule.finished


@dataclass
class PublicAuction:
    view: AuctionView
    finished: bool

    @property
    def next_change(self):
        """When the record changes by itself (a box opens or runs out): the public page's cache
        keeps it until then (cms/caching.py)."""
        return self.view.schedule.next_change()

    @property
    def prices_hidden(self):
        """While it runs, the public list of valid bids shows no price: the bidders see each
        other only as 报价人 1…n, and a named price would tell who is who."""
        return not self.finished


def public_computation(job, bids):
    """The auction for the public result: the timetable and, once over, every round and move
    with the agencies' names (anonymous labels while it runs); None before it starts."""
    if states.bids_sealed(job):
        return None
    auction = auction_of(job)
    if auction is None:
        return None
    view = auction_view(auction)
    return PublicAuction(view=view, finished=view.schedule.finished)
