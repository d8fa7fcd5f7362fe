"""Two moves at the same instant, on PostgreSQL: two members of the same bidder press at once in
its box (and, in a second test, the bidder and another bidder whose box it is not). Each thread
has its own connection; both are started while another transaction holds the job's row and are
released together. Only one move counts; the other is refused and leaves nothing."""
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from bidding import errors
from bidding.models import Auction, AuctionMove, Job
from bidding.services.auction import auction_move, auction_start
from tests.concurrency import row_locked
from tests.factories import MembershipFactory

from .conftest import Scene, at

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def race(job, calls):
    """Run `calls` (name → function) in threads while the job row is locked; release them together."""
    outcomes = {}

    def run(name, call):
        try:
            outcomes[name] = call()
        except errors.DomainError as refusal:
            outcomes[name] = refusal
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in calls.items()]
    with row_locked(Job, job.pk):
        for thread in threads:
            thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_two_members_of_the_same_bidder_move_at_the_same_instant_only_one_counts(clock):
    scene = Scene(clock)
    auction_start(actor=scene.owner_user, job=scene.job)
    second = MembershipFactory(organisation=scene.a.agency).user
    now = at(0, 30)  # a's box in round 1 (current price 100000)
    outcomes = race(scene.job, {
        "first": lambda: auction_move(actor=scene.a.member, bid=scene.a, price=Decimal(95000), now=now),
        "second": lambda: auction_move(actor=second, bid=scene.a, price=Decimal(94000), now=now),
    })
    moves = list(AuctionMove.objects.filter(auction__job=scene.job, round=1))
    assert len(moves) == 1
    winner = "first" if moves[0].price == Decimal(95000) else "second"
    loser = "second" if winner == "first" else "first"
    assert isinstance(outcomes[winner], AuctionMove)
    assert isinstance(outcomes[loser], errors.AuctionAlreadyMoved)
    assert str(outcomes[loser]) == "贵机构本轮已经出价，每轮只能出价一次。"
    assert Auction.objects.get(job=scene.job).finished_at is None


def test_the_bidder_whose_box_it_is_and_another_at_the_same_instant(clock):
    scene = Scene(clock)
    auction_start(actor=scene.owner_user, job=scene.job)
    now = at(0, 30)
    outcomes = race(scene.job, {
        "a": lambda: auction_move(actor=scene.a.member, bid=scene.a, price=Decimal(95000), now=now),
        "c": lambda: auction_move(actor=scene.c.member, bid=scene.c, price=Decimal(90000), now=now),
    })
    assert isinstance(outcomes["a"], AuctionMove)
    assert isinstance(outcomes["c"], errors.AuctionNotYourTurn)
    assert [(move.bid_id, move.price) for move in AuctionMove.objects.filter(auction__job=scene.job, round=1)] == [
        (scene.a.pk, Decimal(95000))]
