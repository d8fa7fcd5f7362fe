"""Selection rules: direct, random draw, lowest price (ties, abnormally low), scoring."""
from decimal import Decimal

import pytest
from django.utils import timezone

from audit.actions import Action
from audit.models import AuditEntry
from bidding import draw
from bidding.errors import (
    BidNotValidForJob,
    DrawAlreadyRun,
    LowPriceJustificationRequired,
    PlanScoresIncomplete,
    SelectionByOwnerOnly,
    SelectionNotOpen,
    SelectionReasonRequired,
)
from bidding.models import Bid, Draw, Job
from bidding.selectors.selection import NEUTRAL_CREDIT, credit_score, score_rows
from bidding.services.selection import draw_run, scores_enter, select_direct, select_lowest, select_scoring
from core.models import Notice
from tests.factories import AgencyFactory, BidFactory, UserFactory
from tests.writes import nothing_written


def ranks(bids):
    return {bid.pk: Bid.objects.get(pk=bid.pk).rank for bid in bids}


# --- direct -----------------------------------------------------------------------------------

def test_direct_selection_needs_a_reason_and_writes_nothing_without_one(scene):
    job = scene.job(Job.Method.DIRECT)
    bid = scene.bid(job)
    with pytest.raises(SelectionReasonRequired), nothing_written(Draw):
        select_direct(actor=scene.owner_user, job=job, bid=bid, reason="  ")
    job.refresh_from_db()
    assert job.status == Job.Status.CLOSED and job.winner is None
    assert not AuditEntry.objects.filter(action=Action.JOB_SELECT_DIRECT).exists()


def test_direct_selection_refuses_an_invalid_bid_or_one_of_another_job(scene):
    elsewhere = scene.bid(scene.job(Job.Method.DIRECT))
    job = scene.job(Job.Method.DIRECT)
    scene.bid(job)
    invalid = scene.bid(job, status=Bid.Status.INVALID)
    for bid in (invalid, elsewhere):
        with pytest.raises(BidNotValidForJob), nothing_written(Draw):
            select_direct(actor=scene.owner_user, job=job, bid=bid, reason="熟悉本地地质条件")
    job.refresh_from_db()
    assert job.status == Job.Status.CLOSED and job.winner is None
    assert not Bid.objects.filter(job=job, rank__isnull=False).exists()


def test_direct_selection_picks_the_bid_records_the_reason_and_starts_publicity(scene):
    job = scene.job(Job.Method.DIRECT)
    bid = scene.bid(job)
    job = select_direct(actor=scene.owner_user, job=job, bid=bid, reason="熟悉本地地质条件")
    job.refresh_from_db()
    assert job.status == Job.Status.PUBLICITY
    assert job.winner == bid and job.selection_reason == "熟悉本地地质条件"
    assert job.selected_at is not None and job.publicity_ends_at > job.selected_at
    assert AuditEntry.objects.filter(action=Action.JOB_SELECT_DIRECT, object_id=str(job.pk)).exists()
    assert Notice.objects.filter(user=bid.member, title__startswith="结果公示").exists()
    assert Notice.objects.filter(user=scene.owner_user, title__startswith="结果公示").exists()


def test_only_a_member_of_the_owner_may_select(scene):
    job = scene.job(Job.Method.DIRECT)
    bid = scene.bid(job)
    for outsider in (UserFactory(), bid.member):
        with pytest.raises(SelectionByOwnerOnly) as caught, nothing_written(Draw):
            select_direct(actor=outsider, job=job, bid=bid, reason="理由")
        assert str(caught.value) == "只有项目业主的成员可以进行选取。"
    job.refresh_from_db()
    assert job.status == Job.Status.CLOSED and job.winner is None


def test_selection_needs_a_closed_job(scene):
    job = scene.job(Job.Method.DIRECT)
    bid = scene.bid(job)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.PUBLISHED, closes_at=job.closes_at.replace(year=2099))
    with pytest.raises(SelectionNotOpen) as caught, nothing_written(Draw):
        select_direct(actor=scene.owner_user, job=job, bid=bid, reason="理由")
    assert "报名截止后" in str(caught.value)
    job.refresh_from_db()
    assert job.status == Job.Status.PUBLISHED and job.winner is None


# --- random draw ------------------------------------------------------------------------------

def test_a_draw_with_two_valid_bids_fails_the_job(scene):
    job = scene.job(Job.Method.RANDOM)
    bids = scene.bids(job, [50000, 60000]) + [scene.bid(job, status=Bid.Status.INVALID)]
    job = draw_run(actor=scene.owner_user, job=job)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    # The same reason, audit entry and recipients as a failure at the close (test_close.py).
    assert job.end_reason == "有效报名 2 家，少于“随机抽取”所需的 3 家，本次采购流标。"
    assert not Draw.objects.filter(job=job).exists()
    entry = AuditEntry.objects.get(action=Action.JOB_FAIL, object_id=str(job.pk))
    assert entry.actor_id == scene.owner_user.pk and entry.after["valid_bids"] == 2
    assert Notice.objects.filter(user=scene.owner_user, title__startswith="项目流标").exists()
    for bid in bids:
        assert Notice.objects.filter(user=bid.member, title__startswith="项目流标").count() == 1


def test_the_draw_result_is_draw_run_of_the_seed_and_the_valid_values(scene):
    job = scene.job(Job.Method.RANDOM)
    bids = scene.bids(job, [50000, 60000, 70000, 65000])
    scene.bid(job, status=Bid.Status.INVALID)  # not counted
    draw_run(actor=scene.owner_user, job=job)
    job.refresh_from_db()
    expected = draw.run(job.draw_seed, [bid.random_value for bid in bids], beacon=job.beacon.value)
    row = Draw.objects.get(job=job)
    assert row.purpose == Draw.Purpose.WINNER and row.version == 2 and row.beacon == job.beacon.value
    assert row.seed == job.draw_seed and draw.seed_matches(row.seed, job.draw_commitment)
    assert row.pool == expected.pool
    assert row.values == sorted(bid.random_value for bid in bids)
    assert row.ranking == expected.ranking
    by_value = {bid.random_value: bid for bid in bids}
    assert job.winner == by_value[expected.ranking[0]]
    assert [ranks(bids)[by_value[value].pk] for value in expected.ranking] == [1, 2, 3, 4]
    assert job.seed_revealed_at is not None and job.status == Job.Status.PUBLICITY
    assert AuditEntry.objects.filter(action=Action.JOB_DRAW_RUN, object_id=str(job.pk)).exists()


def test_the_draw_cannot_run_twice(scene):
    job = scene.job(Job.Method.RANDOM)
    scene.bids(job, [50000, 60000, 70000])
    draw_run(actor=scene.owner_user, job=job)
    with pytest.raises(SelectionNotOpen), nothing_written(Draw):
        draw_run(actor=scene.owner_user, job=job)
    assert Draw.objects.filter(job=job).count() == 1


def test_the_draw_cannot_run_twice_even_if_the_job_were_closed_again_by_hand(scene):
    job = scene.job(Job.Method.RANDOM)
    scene.bids(job, [50000, 60000, 70000])
    draw_run(actor=scene.owner_user, job=job)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.CLOSED)
    with pytest.raises(DrawAlreadyRun), nothing_written(Draw):
        draw_run(actor=scene.owner_user, job=job)
    assert Draw.objects.filter(job=job).count() == 1


# --- lowest price -----------------------------------------------------------------------------

def test_lowest_price_picks_the_lowest_not_the_highest(scene):
    job = scene.job(Job.Method.LOWEST_PRICE)
    mid, low, high = scene.bids(job, [60000, 55000, 70000])
    select_lowest(actor=scene.owner_user, job=job)
    job.refresh_from_db()
    assert job.winner == low
    assert ranks([mid, low, high]) == {low.pk: 1, mid.pk: 2, high.pk: 3}


def test_lowest_price_picks_the_lowest_when_it_is_the_last_bid_entered(scene):
    job = scene.job(Job.Method.LOWEST_PRICE)
    bids = scene.bids(job, [70000, 65000, 60000, 58000])
    select_lowest(actor=scene.owner_user, job=job)
    job.refresh_from_db()
    assert job.winner == bids[-1]
    assert [ranks(bids)[bid.pk] for bid in bids] == [4, 3, 2, 1]


def test_lowest_discount_rate_job_compares_payable_shares(scene):
    job = scene.job(Job.Method.LOWEST_PRICE, price_mode=Job.PriceMode.DISCOUNT)
    small, big, mid = [scene.bid(job, price=None, discount_rate=rate) for rate in (5, 20, 10)]
    select_lowest(actor=scene.owner_user, job=job)
    job.refresh_from_db()
    # The highest discount is the lowest price.
    assert job.winner == big
    assert ranks([small, big, mid]) == {big.pk: 1, mid.pk: 2, small.pk: 3}


@pytest.mark.parametrize("tied", [2, 3])
def test_a_tie_for_lowest_is_broken_by_the_draw_among_the_tied_bids_only(scene, tied):
    job = scene.job(Job.Method.LOWEST_PRICE)
    higher = scene.bids(job, [65000, 66000])
    tied_bids = scene.bids(job, [60000] * tied)  # entered last, so a sort that drops the tail would miss them
    select_lowest(actor=scene.owner_user, job=job)
    job.refresh_from_db()
    expected = draw.run(job.draw_seed, [bid.random_value for bid in tied_bids], beacon=job.beacon.value)
    row = Draw.objects.get(job=job)
    assert row.purpose == Draw.Purpose.TIE_BREAK
    assert row.values == sorted(bid.random_value for bid in tied_bids)
    assert row.ranking == expected.ranking
    by_value = {bid.random_value: bid for bid in tied_bids}
    assert job.winner == by_value[expected.ranking[0]]
    got = ranks(tied_bids + higher)
    # Every tied bidder is ranked, in the draw's order, none skipped; then the higher prices.
    assert [got[by_value[value].pk] for value in expected.ranking] == list(range(1, tied + 1))
    assert [got[bid.pk] for bid in higher] == [tied + 1, tied + 2]
    assert job.seed_revealed_at is not None


def test_two_separate_ties_get_two_draws_and_every_bid_a_rank(scene):
    job = scene.job(Job.Method.LOWEST_PRICE)
    bids = scene.bids(job, [60000, 60000, 70000, 70000, 70000])
    select_lowest(actor=scene.owner_user, job=job)
    assert Draw.objects.filter(job=job, purpose=Draw.Purpose.TIE_BREAK).count() == 2
    assert sorted(ranks(bids).values()) == [1, 2, 3, 4, 5]


def test_an_abnormally_low_winner_is_flagged_and_refused_without_justification(scene):
    job = scene.job(Job.Method.LOWEST_PRICE)
    low, *others = scene.bids(job, [30000, 60000, 62000, 64000])  # 30000 < 0.7 × 62000
    with pytest.raises(LowPriceJustificationRequired) as caught, nothing_written(Draw):
        select_lowest(actor=scene.owner_user, job=job)
    assert caught.value.field == f"justification_{low.pk}"
    job.refresh_from_db()
    assert job.status == Job.Status.CLOSED and job.winner is None
    assert not AuditEntry.objects.filter(action=Action.JOB_SELECT_LOWEST).exists()


def test_an_abnormally_low_winner_is_accepted_with_a_written_justification(scene):
    job = scene.job(Job.Method.LOWEST_PRICE)
    low, *others = scene.bids(job, [30000, 60000, 62000, 64000])
    select_lowest(actor=scene.owner_user, job=job, justifications={low.pk: "该机构已有同区域成果可复用"})
    job.refresh_from_db()
    low.refresh_from_db()
    assert job.winner == low
    assert low.abnormally_low and low.low_price_justification == "该机构已有同区域成果可复用"
    assert "异常低价" in job.selection_reason
    assert not any(Bid.objects.get(pk=bid.pk).abnormally_low for bid in others)


def test_a_price_just_at_the_ratio_of_the_others_mean_is_not_abnormal(scene):
    job = scene.job(Job.Method.LOWEST_PRICE)
    low, *_others = scene.bids(job, [42000, 60000, 60000])  # exactly 0.7 × 60000
    select_lowest(actor=scene.owner_user, job=job)
    low.refresh_from_db()
    assert not low.abnormally_low


def test_lowest_price_with_two_valid_bids_fails(scene):
    job = scene.job(Job.Method.LOWEST_PRICE)
    scene.bids(job, [60000, 65000])
    select_lowest(actor=scene.owner_user, job=job)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED


# --- comprehensive scoring --------------------------------------------------------------------

WEIGHTS = {"price": 40, "credit": 20, "rating": 10, "plan": 30}


def test_scoring_ranks_by_the_hand_computed_totals(scene):
    job = scene.job(Job.Method.SCORING, weights=WEIGHTS)
    a, b, c = scene.bids(job, [50000, 40000, 80000])
    for bid, credit in ((a, 90), (b, 60), (c, 120)):
        bid.agency.credit_score, bid.agency.credit_rated_at = credit, timezone.now()
        bid.agency.save()
    scores_enter(actor=scene.owner_user, job=job, plan_scores={a.pk: 90, b.pk: 70, c.pk: 100})
    select_scoring(actor=scene.owner_user, job=job)
    # a: price 40000/50000×100=80 → 0.4×80 + 0.2×90 + 0.1×100 + 0.3×90  = 32+18+10+27 = 87.00
    # b: price 100              → 0.4×100 + 0.2×60 + 0.1×100 + 0.3×70 = 40+12+10+21 = 83.00
    # c: price 50, credit capped 100 → 20 + 20 + 10 + 30                        = 80.00
    totals = {bid.pk: Bid.objects.get(pk=bid.pk).total_score for bid in (a, b, c)}
    assert totals == {a.pk: Decimal("87.00"), b.pk: Decimal("83.00"), c.pk: Decimal("80.00")}
    assert ranks([a, b, c]) == {a.pk: 1, b.pk: 2, c.pk: 3}
    job.refresh_from_db()
    assert job.winner == a and job.status == Job.Status.PUBLICITY


def test_scoring_rounds_to_two_decimals(scene):
    job = scene.job(Job.Method.SCORING, weights=WEIGHTS)
    a, b, c = scene.bids(job, [30000, 70000, 90000])
    scores_enter(actor=scene.owner_user, job=job, plan_scores={a.pk: 50, b.pk: 50, c.pk: 50})
    select_scoring(actor=scene.owner_user, job=job)
    # b: price 30000/70000×100 = 42.857… → 42.86; total 0.4×42.86 + 20 + 10 + 15 = 62.144 → 62.14
    assert Bid.objects.get(pk=b.pk).total_score == Decimal("62.14")


def test_scoring_needs_every_plan_score(scene):
    job = scene.job(Job.Method.SCORING, weights=WEIGHTS)
    a, b, c = scene.bids(job, [50000, 40000, 80000])
    scores_enter(actor=scene.owner_user, job=job, plan_scores={a.pk: 90, b.pk: 70})
    with pytest.raises(PlanScoresIncomplete), nothing_written(Draw):
        select_scoring(actor=scene.owner_user, job=job)
    job.refresh_from_db()
    assert job.status == Job.Status.CLOSED and job.winner is None
    assert not Bid.objects.filter(job=job, total_score__isnull=False).exists()


def test_plan_scores_outside_0_to_100_are_refused(scene):
    job = scene.job(Job.Method.SCORING, weights=WEIGHTS)
    a, *_ = scene.bids(job, [50000, 40000, 80000])
    with pytest.raises(PlanScoresIncomplete), nothing_written(Draw):
        scores_enter(actor=scene.owner_user, job=job, plan_scores={a.pk: 101})
    assert Bid.objects.get(pk=a.pk).plan_score is None


def test_equal_totals_are_ordered_by_the_draw_and_all_ranked(scene):
    job = scene.job(Job.Method.SCORING, weights=WEIGHTS)
    bids = scene.bids(job, [50000, 50000, 50000])
    scores_enter(actor=scene.owner_user, job=job, plan_scores={bid.pk: 80 for bid in bids})
    select_scoring(actor=scene.owner_user, job=job)
    job.refresh_from_db()
    expected = draw.run(job.draw_seed, [bid.random_value for bid in bids], beacon=job.beacon.value).ranking
    by_value = {bid.random_value: bid for bid in bids}
    assert job.winner == by_value[expected[0]]
    assert [ranks(bids)[by_value[value].pk] for value in expected] == [1, 2, 3]
    assert AuditEntry.objects.filter(action=Action.JOB_SCORES_ENTER).exists()
    assert AuditEntry.objects.filter(action=Action.JOB_SELECT_SCORING).exists()


def test_a_bid_closed_before_scores_were_fixed_counts_the_stored_score_only_once_rated(scene):
    """A bid without the score fixed at its close (closed before the close fixed them; the
    credit rules' own use is in tests/credit/test_scoring.py) counts as it did then: an unrated
    agency's stored score is a default, not a record, so every unrated agency counts the same
    neutral credit and the defaults never move the ranking."""
    unrated_low = BidFactory(agency=AgencyFactory(credit_score=10))
    unrated_high = BidFactory(agency=AgencyFactory(credit_score=99))
    rated = BidFactory(agency=AgencyFactory(credit_score=Decimal("82.5"), credit_rated_at=timezone.now()))
    assert credit_score(unrated_low) == credit_score(unrated_high) == NEUTRAL_CREDIT == Decimal("100")
    assert credit_score(rated) == Decimal("82.50")

    job = scene.job(Job.Method.SCORING, weights=WEIGHTS)
    a, b = scene.bids(job, [50000, 50000])
    for bid, agency_score in ((a, 10), (b, 99)):
        bid.agency.credit_score = agency_score
        bid.agency.save()
        bid.plan_score = Decimal("80")
    rows = score_rows(job, [a, b])
    assert [row.credit for row in rows] == [NEUTRAL_CREDIT, NEUTRAL_CREDIT]
    assert rows[0].total == rows[1].total
