"""The demo's online reverse auction (core/demo/jobs.py, Story.auction): its moves never leave
two final prices equal, whatever the bids' ids (they come from the database's sequences, which
other tests advance) and the seeded generator's draws; and were the lowest prices equal, the
scene would still end with a winner, drawn with the public beacon value the regulators fix."""
import datetime
import random
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from bidding import auction as rules
from bidding.models import AuctionMove, Bid, Draw, DrawBeacon, Job
from core.demo import jobs as demo_jobs
from core.demo.jobs import SHANGHAI, Scene, Stage, Story, _auction_price, _play
from tests.factories import AgencyFactory, BidFactory, JobFactory, MembershipFactory, RegulatorFactory

START = datetime.datetime(2026, 3, 3, 10, 10, tzinfo=SHANGHAI)


def play(opening, bid_ids, rnd, price=_auction_price):
    """Story.auction's moves on the pure schedule (10 % step, three rounds, 180-second boxes):
    each bidder moves 20 seconds into its box, the last of the opening order never moves.
    Every move must be one the rules allow. Returns the finished schedule."""
    auction = SimpleNamespace(starts_at=START, turn_seconds=180, rounds=3, max_step_percent=Decimal(10),
                              finished_at=None)
    order = rules.opening_order([(bid_id, amount, START - datetime.timedelta(days=1, minutes=n))
                                 for n, (bid_id, amount) in enumerate(zip(bid_ids, opening))])
    moves = [SimpleNamespace(bid_id=bid_id, round=0, turn=position, kind="opening", price=amount, moved_at=START)
             for position, (bid_id, amount, _at) in enumerate(order, start=1)]
    silent, moment = order[-1][0], START + datetime.timedelta(seconds=20)
    while True:
        board = rules.schedule(auction, moves, moment)
        if board.finished or board.current is None:
            break
        turn = board.current
        if turn.bid_id != silent:
            chosen = price(rnd, turn, board)
            chosen = turn.price_before if chosen is None else Decimal(chosen).quantize(rules.CENT)
            assert board.refusal(turn.bid_id, chosen) is None
            moves.append(SimpleNamespace(bid_id=turn.bid_id, round=turn.round, turn=turn.turn, kind="moved",
                                         price=chosen, moved_at=moment))
        moment = turn.closes_at + datetime.timedelta(seconds=20)
    board = rules.schedule(auction, moves, moment + datetime.timedelta(hours=1))
    assert board.finished
    return board


@pytest.mark.parametrize("first_id", [1, 40, 3000, 8000, 50000])
def test_every_final_price_differs_whatever_the_ids_and_draws(first_id):
    rnd = random.Random(first_id)
    for _auction in range(300):
        count = rnd.randint(2, 6)
        # sealed prices in whole hundreds, often equal (five of fourteen values), as the demo's quotes
        opening = [Decimal(int(72000 * rnd.randint(86, 99) / 100 / 100) * 100) for _n in range(count)]
        ids = sorted(rnd.sample(range(first_id, first_id + 40), count))
        board = play(opening, ids, rnd)
        assert all(len(group) == 1 for group in board.ranking_groups()), board.prices


def test_even_equal_sealed_prices_end_apart():
    board = play([Decimal(62600)] * 5, [101, 102, 103, 104, 105], random.Random(3))
    assert len(set(board.prices.values())) == 5


@pytest.mark.django_db
def test_equal_lowest_prices_still_give_a_winner_drawn_with_the_fixed_beacon_value(monkeypatch):
    """Every bidder keeps its price (the moves patched), two share the lowest: the auction ends
    without a result, the regulators fix the beacon value, the owner asks for the result."""
    closes = datetime.datetime(2026, 3, 2, 17, 0, tzinfo=SHANGHAI)
    job = JobFactory(selection_method=Job.Method.AUCTION, status=Job.Status.CLOSED, budget=72000,
                     ceiling_price=72000, published_at=closes - datetime.timedelta(days=7), closes_at=closes,
                     closed_at=closes)
    MembershipFactory(organisation=job.owner)
    for number, price in enumerate([66000, 62600, 62600]):
        agency = AgencyFactory()
        member = MembershipFactory(organisation=agency).user
        moment = closes - datetime.timedelta(hours=3 - number)
        BidFactory(job=job, agency=agency, status=Bid.Status.VALID, submitted_by=member, price=price,
                   submitted_at=moment, updated_at=moment)
    RegulatorFactory(), RegulatorFactory()
    monkeypatch.setattr(demo_jobs, "_auction_price", lambda rnd, turn, board: None)
    stage = Stage(SimpleNamespace(rnd=random.Random(1), owners=[job.owner], agencies=[]))
    scene = Scene("999999", 0, "测试项目", "510603", "46", job.item.code, Job.Method.AUCTION, Job.Status.COMPLETED,
                  ago=10, budget=72000, bidders=3)
    _play([Story(stage, scene).auction(job, datetime.date(2026, 3, 3))], timezone.now())

    job.refresh_from_db()
    assert job.status == Job.Status.PUBLICITY and job.winner.price == Decimal(62600)
    assert not AuctionMove.objects.filter(auction__job=job, kind=AuctionMove.Kind.LOWERED).exists()
    tie = Draw.objects.get(job=job, purpose=Draw.Purpose.TIE_BREAK)
    assert len(tie.values) == 2 and job.winner.random_value == tie.ranking[0]
    beacon = DrawBeacon.objects.get(job=job)
    assert beacon.fixed_at and beacon.entered_by != beacon.confirmed_by and tie.beacon == beacon.value
    assert job.auction.finished_at < beacon.requested_at < beacon.fixed_at < job.selected_at
