"""The auction's schedule as pure functions (bidding/auction.py), from hand-computed tables: no
database. Three bidders, 120-second boxes, three rounds, at most 10 % lower per move.

Opening (round 0), highest first, equal prices by first submission:
    报价人 1 = bid 11 (100000), 报价人 2 = bid 13 (95000), 报价人 3 = bid 12 (90000)
The first round starts at S = 10:05:00; a round is 3 × 120 s = 6 minutes; the end is S + 18 min.
"""
import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from bidding import auction as rules

S = datetime.datetime(2026, 3, 2, 2, 5, tzinfo=datetime.UTC)  # 10:05 in Shanghai


def at(minutes, seconds=0):
    return S + datetime.timedelta(minutes=minutes, seconds=seconds)


@dataclass
class FakeAuction:
    starts_at: datetime.datetime = S
    turn_seconds: int = 120
    rounds: int = 3
    max_step_percent: Decimal = Decimal("10")
    finished_at: datetime.datetime | None = None


@dataclass
class FakeMove:
    bid_id: int
    round: int
    turn: int
    kind: str
    price: Decimal
    moved_at: datetime.datetime


def opening():
    order = rules.opening_order([(11, Decimal(100000), at(-60)), (12, Decimal(90000), at(-50)),
                                 (13, Decimal(95000), at(-40))])
    return [FakeMove(bid_id, 0, position, "opening", price, at(-5))
            for position, (bid_id, price, _at) in enumerate(order, start=1)]


def move(bid_id, round_number, turn, price, minutes, seconds=0, kind="lowered"):
    return FakeMove(bid_id, round_number, turn, kind, Decimal(price), at(minutes, seconds))


@pytest.mark.parametrize("current, step, lowest", [
    ("100000", "10", "90000.00"),
    ("95000", "10", "85500.00"),
    ("99999.99", "10", "90000.00"),  # 89999.991 rounded up to the fen
    ("88000", "10", "79200.00"),
    ("1234.56", "7.5", "1141.97"),  # 1141.968 up
    ("0.05", "50", "0.03"),  # 0.025 up
])
def test_the_lowest_allowed_price_is_rounded_up_to_the_fen(current, step, lowest):
    assert rules.lowest_allowed(Decimal(current), Decimal(step)) == Decimal(lowest)


def test_opening_order_is_by_price_from_the_highest_then_by_first_submission():
    order = rules.opening_order([(5, Decimal(80000), at(-9)), (3, Decimal(90000), at(-8)),
                                 (4, Decimal(80000), at(-10))])
    assert [bid_id for bid_id, _price, _at in order] == [3, 4, 5]


def test_the_pause_then_the_timetable_of_round_one():
    schedule = rules.schedule(FakeAuction(), opening(), at(-1))
    assert schedule.phase == rules.PAUSE and schedule.labels == {11: 1, 13: 2, 12: 3}
    assert schedule.ends_at == at(18) and schedule.next_change() == S and schedule.turns == []

    schedule = rules.schedule(FakeAuction(), opening(), at(2, 30))
    rows = [(turn.turn, turn.bid_id, turn.opens_at, turn.closes_at, turn.price_before) for turn in schedule.turns]
    assert rows == [(1, 11, at(0), at(2), Decimal(100000)), (2, 13, at(2), at(4), Decimal(95000)),
                    (3, 12, at(4), at(6), Decimal(90000))]
    assert schedule.current.bid_id == 13 and schedule.next_change() == at(4)
    # Bid 11's box ran out without a move: shown as kept, to be written as TIMED_OUT.
    assert [turn.bid_id for turn in schedule.timed_out()] == [11]


# The full auction of the module docstring, move by move:
#   round 1 (order 11, 13, 12): 11 → 92000, 13 keeps 95000, 12 never moves (90000)
#   round 2 (order 13 95000, 11 92000, 12 90000): 13 → 85500, 11 → 88000, 12 never moves
#   round 3 (order 12 90000, 11 88000, 13 85500): 12 never moves, 11 → 85500, 13 keeps 85500
#   final: 11 85500, 13 85500 (tied: the draw orders them), 12 90000
FULL = [
    move(11, 1, 1, 92000, 1), move(13, 1, 2, 95000, 3, kind="kept"), move(12, 1, 3, 90000, 6, kind="timed_out"),
    move(13, 2, 1, 85500, 7), move(11, 2, 2, 88000, 9), move(12, 2, 3, 90000, 12, kind="timed_out"),
    move(12, 3, 1, 90000, 14, kind="timed_out"), move(11, 3, 2, 85500, 15), move(13, 3, 3, 85500, 16, 30, "kept"),
]


def test_each_round_is_ordered_by_the_prices_at_its_start_from_the_highest():
    schedule = rules.schedule(FakeAuction(), opening() + FULL, at(17))
    assert schedule.round_orders == {0: [11, 13, 12], 1: [11, 13, 12], 2: [13, 11, 12], 3: [12, 11, 13]}
    assert [(turn.round, turn.bid_id, turn.opens_at) for turn in schedule.turns if turn.round == 3] == [
        (3, 12, at(12)), (3, 11, at(14)), (3, 13, at(16))]


def test_every_bidder_moved_in_the_last_round_so_it_ends_at_the_last_move():
    schedule = rules.schedule(FakeAuction(), opening() + FULL, at(16, 31))
    assert schedule.finished and schedule.finished_at == at(16, 30)
    assert schedule.prices == {11: Decimal(85500), 13: Decimal(85500), 12: Decimal(90000)}
    assert schedule.ranking_groups() == [[11, 13], [12]] and schedule.tied
    assert schedule.refusal(13, Decimal(80000)) == rules.OVER


def test_a_bidder_who_never_moves_keeps_its_opening_price_to_the_end():
    schedule = rules.schedule(FakeAuction(), opening(), at(18))
    assert schedule.finished and schedule.finished_at == at(18)
    assert schedule.prices == {11: Decimal(100000), 13: Decimal(95000), 12: Decimal(90000)}
    assert len(schedule.timed_out()) == 9
    assert schedule.ranking_groups() == [[12], [13], [11]] and not schedule.tied


def test_rounds_keep_the_previous_order_when_prices_are_equal():
    moves = opening() + [move(11, 1, 1, 95000, 1)]  # 11 comes down to 13's price
    schedule = rules.schedule(FakeAuction(), moves, at(6))
    assert schedule.round_orders[2] == [11, 13, 12]  # 11 was before 13 in round 1


# who, price, at (minutes from S), expected refusal — against the moves of FULL made before that moment
REFUSALS = [
    (11, "95000", (-1, 0), rules.NOT_STARTED),
    (13, "94000", (1, 0), rules.NOT_YOUR_TURN),  # 11's box
    (11, "91000", (2, 1), rules.ALREADY_MOVED),  # 11 lowered at 1:00, its box closed at 2:00
    (12, "85000", (14, 30), rules.LATE),  # 12's round-3 box closed at 14:00 without a move (written or not)
    (12, "85000", (6, 30), rules.NOT_YOUR_TURN),  # round 2 has begun: its box is 10:00–12:00
    (11, "100001", (0, 30), rules.HIGHER),
    (11, "89999.99", (0, 30), rules.TOO_LOW),  # lowest allowed 90000.00
    (11, "0", (0, 30), rules.NOT_POSITIVE),
    (99, "80000", (0, 30), rules.NOT_A_BIDDER),
    (11, "90000", (0, 30), None),  # exactly 10 % lower
    (11, "100000", (0, 30), None),  # keep
]


@pytest.mark.parametrize("bid_id, price, moment, expected", REFUSALS)
def test_refusals_of_a_move(bid_id, price, moment, expected):
    now = at(*moment)
    moves = [m for m in FULL if m.moved_at < now]
    assert rules.schedule(FakeAuction(), opening() + moves, now).refusal(bid_id, Decimal(price)) == expected
    moves = [m for m in moves if m.kind != "timed_out"]  # the same before anyone wrote the boxes that ran out
    assert rules.schedule(FakeAuction(), opening() + moves, now).refusal(bid_id, Decimal(price)) == expected


def test_in_round_two_the_step_counts_from_the_price_after_round_one():
    now = at(8, 30)  # 11's box in round 2; its price is 92000 → lowest 82800
    schedule = rules.schedule(FakeAuction(), opening() + [m for m in FULL if m.moved_at < now], now)
    assert schedule.current.bid_id == 11 and schedule.current.price_before == Decimal(92000)
    assert schedule.refusal(11, Decimal("82799.99")) == rules.TOO_LOW
    assert schedule.refusal(11, Decimal("82800")) is None
    assert schedule.refusal(11, Decimal("92000.01")) == rules.HIGHER


def test_a_second_move_in_the_same_box_is_refused():
    now = at(1, 30)
    schedule = rules.schedule(FakeAuction(), opening() + [FULL[0]], now)
    assert schedule.refusal(11, Decimal(91000)) == rules.ALREADY_MOVED
