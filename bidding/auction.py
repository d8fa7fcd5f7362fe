"""The online reverse auction's schedule (网上竞价), as pure functions of the Auction row, its
moves and `now`: whose turn it is, each time box, the order of each round, what a box that ran
out means, and which price is allowed. No query, no write: the bidders' page, the owner's page,
the public record, the services and the clock all compute the same thing here.

The published rules:

1. Round 0 is the opening: each valid bid's sealed price (an OPENING move). Bidders are shown
   as 报价人 1…n in the opening order: from the highest price down, equal prices in the order
   the bids were first submitted. The labels never change.
2. After the pause, `rounds` rounds (three). In each round every bidder has one time box of
   `turn_seconds`, one after another, in the order of the prices as they stand at the start of
   the round, from the highest down; equal prices keep the previous round's order. The boxes
   are fixed: box t of round r opens at starts_at + ((r − 1) × n + (t − 1)) × turn_seconds,
   whatever anyone does, so the whole timetable is known in advance and the auction ends at
   starts_at + rounds × n × turn_seconds (or as soon as every bidder has moved in the last
   round).
3. In its box a bidder may lower its own price by at most `max_step_percent` of its current
   price (the lowest allowed price is rounded up to the fen, so no move lowers by more), or
   keep it. A price above its current price, a move outside its own box, a second move in the
   same round and a move by anyone but a bidder are refused.
4. A box that runs out without a move keeps the bidder's price (a TIMED_OUT move, stamped with
   the moment the box closed, written by whichever request or clock run first sees it passed).
5. After the last round the lowest price wins; equal prices are ordered by the verifiable draw
   (TIE_BREAK), as in the lowest-price method. Each bid's price becomes its final price; the
   opening price stays in its round-0 move.
"""
import datetime
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal(100)

TIMED_OUT_KIND = "timed_out"  # AuctionMove.Kind.TIMED_OUT

# The phases of an auction
PAUSE, RUNNING, FINISHED = "pause", "running", "finished"

# Why a move is refused (the services turn each into a named error with its message)
NOT_STARTED, OVER, NOT_A_BIDDER, LATE, NOT_YOUR_TURN, ALREADY_MOVED, HIGHER, TOO_LOW, NOT_POSITIVE = (
    "not_started", "over", "not_a_bidder", "late", "not_your_turn", "already_moved", "higher", "too_low",
    "not_positive")


def lowest_allowed(current, max_step_percent):
    """The lowest price one move may reach from `current`: current × (100 − step) / 100, rounded
    up to the fen."""
    limit = Decimal(current) * (HUNDRED - Decimal(max_step_percent)) / HUNDRED
    return limit.quantize(CENT, rounding=ROUND_CEILING)


@dataclass
class Turn:
    """One bidder's time box in one round."""

    round: int
    turn: int  # 1-based position in the round's order
    bid_id: int
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    price_before: Decimal
    move: object = None  # the recorded move (AuctionMove or alike), None while none is

    def passed(self, now):
        return self.closes_at <= now

    def is_open(self, now):
        return self.opens_at <= now < self.closes_at

    def timed_out(self, now):
        """Its box ran out and nothing was recorded: the price is kept."""
        return self.move is None and self.passed(now)

    def price_after(self, now):
        """The price after this turn, None while it may still move."""
        if self.move is not None:
            return Decimal(self.move.price)
        return self.price_before if self.passed(now) else None


@dataclass
class Schedule:
    starts_at: datetime.datetime
    ends_at: datetime.datetime  # the scheduled end (the last box's close)
    turn_seconds: int
    rounds: int
    max_step_percent: Decimal
    opening: list  # the round-0 moves, in the opening order
    labels: dict  # bid id -> 1..n
    turns: list  # the Turns of every round whose order is fixed (started by `now`), in time order
    prices: dict  # bid id -> the price as it stands at `now`
    now: datetime.datetime
    finished_at: datetime.datetime | None = None  # when it ended (None while it runs)
    round_orders: dict = field(default_factory=dict)  # round -> [bid ids]

    @property
    def phase(self):
        if self.finished_at is not None:
            return FINISHED
        return PAUSE if self.now < self.starts_at else RUNNING

    @property
    def finished(self):
        return self.finished_at is not None

    @property
    def current(self):
        """The turn whose box is open now (None in the pause, between … and after the end)."""
        if self.finished:
            return None
        return next((turn for turn in self.turns if turn.is_open(self.now)), None)

    @property
    def current_round(self):
        current = self.current
        return current.round if current else None

    def turn_of(self, bid_id, round_number):
        return next((turn for turn in self.turns if turn.round == round_number and turn.bid_id == bid_id), None)

    def timed_out(self):
        """The turns whose box ran out without a recorded move: what a service writes as
        TIMED_OUT rows."""
        return [turn for turn in self.turns if turn.timed_out(self.now)]

    def next_change(self):
        """The next moment after `now` at which the schedule changes by itself (a box opens or
        closes, the pause ends), or None when it is over: a page holds until then."""
        if self.finished:
            return None
        if self.now < self.starts_at:
            return self.starts_at
        current = self.current
        if current is not None:
            return current.closes_at
        moments = [turn.opens_at for turn in self.turns if turn.opens_at > self.now]
        return min(moments, default=self.ends_at if self.ends_at > self.now else None)

    def round_rows(self, round_number):
        return [turn for turn in self.turns if turn.round == round_number]

    def ranking_groups(self):
        """After the end: the bid ids by final price ascending, as groups of equal prices (each
        group of two or more goes to the tie-break draw), inside a group in opening order."""
        order = {move.bid_id: position for position, move in enumerate(self.opening)}
        groups = []
        for bid_id in sorted(self.prices, key=lambda bid_id: (self.prices[bid_id], order[bid_id])):
            if groups and self.prices[groups[-1][0]] == self.prices[bid_id]:
                groups[-1].append(bid_id)
            else:
                groups.append([bid_id])
        return groups

    @property
    def tied(self):
        return any(len(group) > 1 for group in self.ranking_groups())

    def refusal(self, bid_id, price):
        """Why `bid_id` may not move to `price` now (one of the codes above), or None."""
        if bid_id not in self.labels:
            return NOT_A_BIDDER
        if self.finished:
            return OVER
        if self.now < self.starts_at:
            return NOT_STARTED
        current = self.current
        if current is None or current.bid_id != bid_id:
            own = self.turn_of(bid_id, current.round if current else None) if current else None
            if own is None:  # between rounds: the last passed box, if it was this bidder's
                passed = [turn for turn in self.turns if turn.passed(self.now)]
                own = passed[-1] if passed and passed[-1].bid_id == bid_id else None
            if own is not None and own.passed(self.now):
                moved = own.move is not None and own.move.kind != TIMED_OUT_KIND
                return ALREADY_MOVED if moved else LATE
            return NOT_YOUR_TURN
        if current.move is not None:
            return ALREADY_MOVED
        price = Decimal(price)
        if price <= 0:
            return NOT_POSITIVE
        if price > current.price_before:
            return HIGHER
        if price < lowest_allowed(current.price_before, self.max_step_percent):
            return TOO_LOW
        return None


def schedule(auction, moves, now):
    """The auction's schedule at `now`. `auction` has starts_at, turn_seconds, rounds,
    max_step_percent, finished_at; `moves` are its recorded moves (bid_id, round, turn, kind,
    price, moved_at), round 0 included."""
    opening = sorted((move for move in moves if move.round == 0), key=lambda move: move.turn)
    count = len(opening)
    box = datetime.timedelta(seconds=auction.turn_seconds)
    round_length = box * count
    ends_at = auction.starts_at + round_length * auction.rounds
    recorded = {(move.round, move.bid_id): move for move in moves if move.round > 0}
    prices = {move.bid_id: Decimal(move.price) for move in opening}
    order = [move.bid_id for move in opening]
    turns, round_orders = [], {0: list(order)}
    last_round_done = False
    for round_number in range(1, auction.rounds + 1):
        round_start = auction.starts_at + round_length * (round_number - 1)
        if round_start > now or count == 0:
            break
        previous = {bid_id: position for position, bid_id in enumerate(order)}
        order = sorted(order, key=lambda bid_id, prices=prices, previous=previous: (-prices[bid_id], previous[bid_id]))
        round_orders[round_number] = list(order)
        these = []
        for position, bid_id in enumerate(order, start=1):
            opens = round_start + box * (position - 1)
            these.append(Turn(round_number, position, bid_id, opens, opens + box, prices[bid_id],
                              recorded.get((round_number, bid_id))))
        for turn in these:
            if turn.move is not None:
                prices[turn.bid_id] = Decimal(turn.move.price)
        turns += these
        last_round_done = round_number == auction.rounds and all(turn.move is not None for turn in these)
    finished_at = auction.finished_at
    if finished_at is None and count:
        if last_round_done:
            finished_at = min(max(turn.move.moved_at for turn in turns if turn.round == auction.rounds), ends_at)
        elif now >= ends_at:
            finished_at = ends_at
    return Schedule(
        starts_at=auction.starts_at, ends_at=ends_at, turn_seconds=auction.turn_seconds, rounds=auction.rounds,
        max_step_percent=Decimal(auction.max_step_percent), opening=opening,
        labels={move.bid_id: position for position, move in enumerate(opening, start=1)},
        turns=turns, prices=prices, now=now, finished_at=finished_at, round_orders=round_orders,
    )


def opening_order(bids):
    """The opening order of (bid id, price, submitted_at) triples: highest price first, equal
    prices by first submission (then id)."""
    return sorted(bids, key=lambda row: (-Decimal(row[1]), row[2], row[0]))
