"""The auction's services: start, moves in turn with the clock moved between rounds, refusals
(each with its message, nothing written), a bidder who never moves, a late move, the finish by
the clock and by the last move, ties ordered by the verifiable draw, the final price on the bid.

The scene (conftest.py): a 100000 (报价人 1), c 95000 (报价人 2), b 90000 (报价人 3); the first
round at S = 10:05, boxes of 2 minutes, at most 10 % lower per move.
"""
import datetime
from decimal import Decimal

import pytest

from audit.actions import Action
from audit.models import AuditEntry
from bidding import draw, errors
from bidding.models import Auction, AuctionMove, Bid, Draw, Job
from bidding.services.auction import auction_advance_if_due, auction_move, auction_select, auction_start
from bidding.services.clock import advance_due_jobs
from core.models import Notice
from tests.factories import AgencyFactory, DrawBeaconFactory, MembershipFactory, UserFactory
from tests.writes import nothing_written

from .conftest import PARAMS, S, Scene, at

K = AuctionMove.Kind


def moves_of(job, round_number=None):
    rows = AuctionMove.objects.filter(auction__job=job).order_by("round", "turn")
    if round_number is not None:
        rows = rows.filter(round=round_number)
    return [(move.bid_id, move.round, move.turn, move.kind, move.price) for move in rows]


def started(scene):
    auction_start(actor=scene.owner_user, job=scene.job)
    return Auction.objects.get(job=scene.job)


# --- start ---------------------------------------------------------------------------------------

def test_only_the_owner_starts_it_and_a_refusal_writes_nothing(scene):
    for actor in (scene.a.member, UserFactory()):
        with pytest.raises(errors.SelectionByOwnerOnly) as refused, nothing_written(Auction, AuctionMove):
            auction_start(actor=actor, job=scene.job)
        assert str(refused.value) == "只有项目业主的成员可以进行选取。"


def test_start_opens_round_zero_with_the_sealed_prices_from_the_highest(scene):
    auction = started(scene)
    assert auction.starts_at == S and auction.turn_seconds == 120 and auction.max_step_percent == 10
    assert auction.rounds == 3
    assert moves_of(scene.job) == [(scene.a.pk, 0, 1, K.OPENING, 100000), (scene.c.pk, 0, 2, K.OPENING, 95000),
                                   (scene.b.pk, 0, 3, K.OPENING, 90000)]
    entry = AuditEntry.objects.get(action=Action.JOB_AUCTION_START)
    assert entry.after["opening"] == [[scene.a.pk, "100000.00"], [scene.c.pk, "95000.00"], [scene.b.pk, "90000.00"]]
    notice = Notice.objects.get(user=scene.a.member)
    assert "第一轮将于 2026-03-02 10:05:00 开始" in notice.body and f"/bids/{scene.a.pk}/auction/" in notice.link
    with pytest.raises(errors.AuctionAlreadyStarted), nothing_written(Auction, AuctionMove):
        auction_start(actor=scene.owner_user, job=scene.job)


def test_start_with_one_valid_bid_fails_the_job(db, clock):
    scene = Scene(clock, prices=(100000,))
    job = auction_start(actor=scene.owner_user, job=scene.job)
    assert job.status == Job.Status.FAILED and "少于“网上竞价”所需的 2 家" in job.end_reason
    assert not Auction.objects.exists()


def test_a_discount_rate_job_cannot_hold_an_auction(db, clock):
    scene = Scene(clock, price_mode=Job.PriceMode.DISCOUNT)
    with pytest.raises(errors.AuctionNeedsAmounts), nothing_written(Auction, AuctionMove):
        auction_start(actor=scene.owner_user, job=scene.job)


# --- moves, refusals --------------------------------------------------------------------------------

def refused(scene, bid, price, error, message, actor=None):
    with pytest.raises(error) as raised, nothing_written(AuctionMove, Bid):
        auction_move(actor=actor or bid.member, bid=bid, price=price)
    assert str(raised.value) == message


def test_refused_moves_say_why_and_write_nothing(scene):
    started(scene)
    refused(scene, scene.a, Decimal(95000), errors.AuctionNotOpenYet,
            "网上竞价第一轮将于 2026-03-02 10:05:00 开始，请届时出价。")
    scene.move_to(at(0, 30))
    refused(scene, scene.c, Decimal(94000), errors.AuctionNotYourTurn,
            "还没有轮到贵机构出价：贵机构本轮的出价时间为 2026-03-02 10:07:00 至 2026-03-02 10:09:00。")
    refused(scene, scene.a, Decimal("100000.01"), errors.AuctionPriceHigher,
            "报价不能高于贵机构当前的报价 100000.00 元；维持报价请点“维持报价”。")
    refused(scene, scene.a, Decimal("89999.99"), errors.AuctionStepTooLarge,
            "每次最多降价 10%：本轮报价不能低于 90000.00 元（当前报价 100000.00 元）。")
    # someone who is not a member of the bid's agency, and a member of an agency with an invalid bid
    refused(scene, scene.a, Decimal(95000), errors.AuctionNotABidder, "只有参加本次网上竞价的有效报名机构可以出价。",
            actor=MembershipFactory(organisation=AgencyFactory()).user)
    invalid = scene.bid(70000, status=Bid.Status.INVALID)
    refused(scene, invalid, Decimal(69000), errors.AuctionNotABidder, "只有参加本次网上竞价的有效报名机构可以出价。")


def test_a_late_move_is_refused_and_the_box_counts_as_kept(scene):
    started(scene)
    scene.move_to(at(2, 1))  # a's box closed at 10:07:00
    refused(scene, scene.a, Decimal(95000), errors.AuctionMoveLate,
            "您本轮的出价时间已于 2026-03-02 10:07:00 结束，本轮按维持报价处理。")
    # c moves in its box: the box that ran out is written as kept first
    auction_move(actor=scene.c.member, bid=scene.c, price=Decimal(94000))
    assert moves_of(scene.job, 1) == [(scene.a.pk, 1, 1, K.TIMED_OUT, 100000), (scene.c.pk, 1, 2, K.LOWERED, 94000)]
    assert AuctionMove.objects.get(bid=scene.a, round=1).moved_at == at(2)
    refused(scene, scene.c, Decimal(93000), errors.AuctionAlreadyMoved, "贵机构本轮已经出价，每轮只能出价一次。")


def test_the_three_rounds_with_the_clock_moved_between_them_and_a_bidder_who_never_moves(scene):
    """round 1 (a, c, b): a → 92000, c keeps, b never moves
    round 2 (c 95000, a 92000, b 90000): c → 85500, a → 88000 (after 82000 was refused), b never
    round 3 (b 90000, a 88000, c 85500): b never, a → 85000, c keeps 85500
    final: a 85000 wins; c 85500; b 90000 (its opening price). No tie, no draw."""
    a, b, c = scene.a, scene.b, scene.c
    started(scene)
    scene.move_to(at(1))
    auction_move(actor=a.member, bid=a, price=Decimal(92000))
    scene.move_to(at(3))
    auction_move(actor=c.member, bid=c, price=None)  # 维持报价
    scene.move_to(at(7))  # round 2 — nobody wrote b's round-1 box yet
    auction_move(actor=c.member, bid=c, price=Decimal(85500))
    scene.move_to(at(9))
    refused(scene, a, Decimal(82000), errors.AuctionStepTooLarge,
            "每次最多降价 10%：本轮报价不能低于 82800.00 元（当前报价 92000.00 元）。")
    auction_move(actor=a.member, bid=a, price=Decimal(88000))
    scene.move_to(at(15))  # round 3: b's box (12–14) ran out
    auction_move(actor=a.member, bid=a, price=Decimal(85000))
    scene.move_to(at(17))
    auction_move(actor=c.member, bid=c, price=Decimal(85500))  # keeps: the last move ends it
    assert moves_of(scene.job)[3:] == [
        (a.pk, 1, 1, K.LOWERED, 92000), (c.pk, 1, 2, K.KEPT, 95000), (b.pk, 1, 3, K.TIMED_OUT, 90000),
        (c.pk, 2, 1, K.LOWERED, 85500), (a.pk, 2, 2, K.LOWERED, 88000), (b.pk, 2, 3, K.TIMED_OUT, 90000),
        (b.pk, 3, 1, K.TIMED_OUT, 90000), (a.pk, 3, 2, K.LOWERED, 85000), (c.pk, 3, 3, K.KEPT, 85500),
    ]
    job = Job.objects.get(pk=scene.job.pk)
    assert job.status == Job.Status.PUBLICITY and job.winner_id == a.pk
    assert "网上竞价：3 轮竞价后最低报价中选（85000.00 元）。" == job.selection_reason
    prices = {bid.pk: (bid.price, bid.rank) for bid in Bid.objects.filter(job=job)}
    assert prices == {a.pk: (Decimal(85000), 1), c.pk: (Decimal(85500), 2), b.pk: (Decimal(90000), 3)}
    assert Auction.objects.get(job=job).finished_at == at(17)
    assert not Draw.objects.filter(job=job).exists()
    finish = AuditEntry.objects.filter(action=Action.JOB_AUCTION_FINISH).order_by("pk")
    assert finish.count() == 2  # the auction's final prices, then the result
    assert finish[0].before["prices"][str(a.pk)] == "100000.00"
    assert AuditEntry.objects.filter(action=Action.JOB_AUCTION_MOVE).count() == 6


def test_nobody_moves_the_clock_finishes_it_and_the_lowest_opening_price_wins(scene):
    started(scene)
    scene.move_to(at(17, 59))
    assert advance_due_jobs()["auctions"] == [scene.job.pk]  # boxes that ran out written
    assert len(moves_of(scene.job)) == 3 + 8
    assert Job.objects.get(pk=scene.job.pk).status == Job.Status.CLOSED
    scene.move_to(at(18))
    assert advance_due_jobs()["auctions"] == [scene.job.pk]
    job = Job.objects.get(pk=scene.job.pk)
    assert job.status == Job.Status.PUBLICITY and job.winner_id == scene.b.pk
    assert len(moves_of(scene.job)) == 12 and Auction.objects.get(job=job).finished_at == at(18)
    # late, twice: nothing more
    scene.move_to(at(30))
    assert advance_due_jobs()["auctions"] == []
    assert AuditEntry.objects.filter(action=Action.JOB_AUCTION_FINISH).count() == 2


def test_a_move_after_the_end_is_refused(scene):
    started(scene)
    scene.move_to(at(18, 5))
    refused(scene, scene.b, Decimal(85000), errors.AuctionOver, "网上竞价已经结束，不能再出价。")


def tie(scene):
    """round 1 (a, c, b): a → 90000; round 2 (c 95000, a 90000, b 90000): c → 85500, a → 85500;
    round 3 (b 90000, c 85500, a 85500 — c before a as in round 2): b never moves, c and a keep.
    Final: a and c at 85500 (tied), b 90000."""
    a, c = scene.a, scene.c
    started(scene)
    scene.move_to(at(1))
    auction_move(actor=a.member, bid=a, price=Decimal(90000))
    scene.move_to(at(7))
    auction_move(actor=c.member, bid=c, price=Decimal(85500))
    scene.move_to(at(9))
    auction_move(actor=a.member, bid=a, price=Decimal(85500))
    scene.move_to(at(15))
    auction_move(actor=c.member, bid=c, price=None)
    scene.move_to(at(17))
    auction_move(actor=a.member, bid=a, price=None)


def test_equal_final_prices_are_ordered_by_the_verifiable_draw(scene):
    tie(scene)
    job = Job.objects.get(pk=scene.job.pk)
    assert job.status == Job.Status.PUBLICITY
    tie_break = Draw.objects.get(job=job, purpose=Draw.Purpose.TIE_BREAK)
    a, c = Bid.objects.get(pk=scene.a.pk), Bid.objects.get(pk=scene.c.pk)
    assert sorted(tie_break.values) == sorted([a.random_value, c.random_value])
    # Recomputed from what the public draw page shows: seed, beacon, the two random values.
    assert draw.commitment(tie_break.seed) == job.draw_commitment
    expected = draw.run(tie_break.seed, [a.random_value, c.random_value], beacon=tie_break.beacon).ranking
    first = a if expected[0] == a.random_value else c
    assert job.winner_id == first.pk and first.rank == 1 and {a.rank, c.rank} == {1, 2}
    assert Bid.objects.get(pk=scene.b.pk).rank == 3
    assert "最低报价相同的 2 家由可验证随机抽取排序。" in job.selection_reason


def test_a_tie_waits_for_the_public_beacon_value_then_the_clock_gives_the_result(db, clock):
    scene = Scene(clock, beacon=False)
    tie(scene)
    job = Job.objects.get(pk=scene.job.pk)
    assert job.status == Job.Status.CLOSED and Auction.objects.get(job=job).finished_at == at(17)
    assert Bid.objects.get(pk=scene.a.pk).price == Decimal(85500)  # the final prices are kept
    told = Notice.objects.get(user=scene.owner_user, title__startswith="网上竞价已结束，等待抽签")
    assert told.body.startswith("最低报价相同，须由可验证随机抽取排序。等待公共随机数：")
    with pytest.raises(errors.BeaconPending), nothing_written(Draw):
        auction_select(actor=scene.owner_user, job=job)
    DrawBeaconFactory(job=job, entered_at=job.closes_at + datetime.timedelta(minutes=20))
    scene.move_to(at(20))
    assert auction_advance_if_due(job.pk) is True
    job.refresh_from_db()
    assert job.status == Job.Status.PUBLICITY and job.winner_id in (scene.a.pk, scene.c.pk)


def test_the_owner_cannot_ask_for_the_result_while_it_runs(scene):
    started(scene)
    scene.move_to(at(3))
    with pytest.raises(errors.AuctionResultPending), nothing_written(Draw, AuctionMove):
        auction_select(actor=scene.owner_user, job=scene.job)


def test_parameters_published_are_the_ones_used(db, clock):
    scene = Scene(clock, method_params={**PARAMS, "turn_seconds": 300, "max_step_percent": 5})
    auction = started(scene)
    assert auction.turn_seconds == 300 and auction.max_step_percent == 5
    scene.move_to(at(1))
    refused(scene, scene.a, Decimal(94999), errors.AuctionStepTooLarge,
            "每次最多降价 5%：本轮报价不能低于 95000.00 元（当前报价 100000.00 元）。")
