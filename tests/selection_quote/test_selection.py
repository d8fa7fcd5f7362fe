"""Quote comparison after the close: the owner's scores per published criterion, the weighted
total, the ranking and the tie-break draw — from hand-computed tables."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from audit.actions import Action
from audit.models import AuditEntry
from bidding import draw
from bidding.errors import (
    BeaconPending,
    BidNotValidForJob,
    QuoteScoreInvalid,
    QuoteScoresIncomplete,
    SelectionByOwnerOnly,
    SelectionNotOpen,
)
from bidding.models import Bid, Draw, Job
from bidding.selectors.quote import quote_rows, quote_total
from bidding.services.quote import quote_scores_enter, select_quote

from .conftest import everything

# Criteria 报价 40, 服务方案 40, 服务时限 20 (conftest.CRITERIA); totals by hand:
#   A: (40×90 + 40×80 + 20×70) / 100     = (3600 + 3200 + 1400) / 100 = 82.00
#   B: (40×80 + 40×85 + 20×90) / 100     = (3200 + 3400 + 1800) / 100 = 84.00
#   C: (40×85.5 + 40×77.25 + 20×100)/100 = (3420 + 3090 + 2000) / 100 = 85.10
TABLE = [("A", [90, 80, 70], Decimal("82.00")), ("B", [80, 85, 90], Decimal("84.00")),
         ("C", ["85.5", "77.25", 100], Decimal("85.10"))]


def test_the_highest_total_wins_and_every_bid_is_ranked(quote):
    job = quote.closed_job()
    bids = {name: quote.bid(job, scores) for name, scores, _total in TABLE}

    job = select_quote(actor=quote.owner_user, job=job)

    assert job.status == Job.Status.PUBLICITY and job.winner_id == bids["C"].pk
    for name, _scores, total in TABLE:
        bids[name].refresh_from_db()
        assert bids[name].total_score == total
    assert [bids[name].rank for name in "CBA"] == [1, 2, 3]
    assert not Draw.objects.filter(job=job).exists()  # no tie, no draw
    assert "85.10" in job.selection_reason
    entry = AuditEntry.objects.get(action=Action.JOB_SELECT_QUOTE)
    assert entry.after["ranking"] == [[bids["C"].pk, "85.10"], [bids["B"].pk, "84.00"], [bids["A"].pk, "82.00"]]


@pytest.mark.parametrize("weights, scores, expected", [
    # 50 × 0.01 / 100 = 0.005 → 0.01 (half up)
    ([50, 50], ["0.01", "0"], Decimal("0.01")),
    # (33 × 33.33 + 33 × 66.67 + 34 × 50.01) / 100 = (1099.89 + 2200.11 + 1700.34) / 100 = 50.0034 → 50.00
    ([33, 33, 34], ["33.33", "66.67", "50.01"], Decimal("50.00")),
    # a weight of 0 counts nothing: (0 × 100 + 100 × 61.5) / 100 = 61.50
    ([0, 100], ["100", "61.5"], Decimal("61.50")),
    # a missing score: no total
    ([50, 50], ["70", None], None),
])
def test_the_total_by_hand(quote, weights, scores, expected):
    criteria = [{"name": f"因素{index}", "weight": weight} for index, weight in enumerate(weights)]
    job = quote.open_job(criteria=criteria)
    given = {f"因素{index}": score for index, score in enumerate(scores) if score is not None}
    assert quote_total(job, given) == expected


def test_equal_totals_are_ordered_by_the_draw_recomputed_from_its_values(quote):
    """A and B both 84.00: A (40×90 + 40×75 + 20×90)/100 = (3600 + 3000 + 1800)/100, B as in
    TABLE; C 80.00 last."""
    job = quote.closed_job()
    a, b = quote.bid(job, [90, 75, 90]), quote.bid(job, [80, 85, 90])
    c = quote.bid(job, [80, 80, 80])

    select_quote(actor=quote.owner_user, job=job)

    tie = Draw.objects.get(job=job, purpose=Draw.Purpose.TIE_BREAK)
    expected = draw.run(job.draw_seed, [a.random_value, b.random_value], beacon=job.beacon.value)
    assert tie.ranking == expected.ranking and tie.beacon == job.beacon.value
    first = a if expected.ranking[0] == a.random_value else b
    second = b if first is a else a
    for bid in (a, b, c):
        bid.refresh_from_db()
    assert (first.rank, second.rank, c.rank) == (1, 2, 3)
    job.refresh_from_db()
    assert job.winner_id == first.pk


def test_all_totals_equal_the_draw_orders_everyone(quote):
    job = quote.closed_job()
    bids = [quote.bid(job, [70, 70, 70]) for _ in range(3)]

    select_quote(actor=quote.owner_user, job=job)

    expected = draw.run(job.draw_seed, [bid.random_value for bid in bids], beacon=job.beacon.value).ranking
    by_value = {bid.random_value: bid for bid in bids}
    for position, value in enumerate(expected, start=1):
        bid = by_value[value]
        bid.refresh_from_db()
        assert bid.rank == position and bid.total_score == Decimal("70.00")


def test_a_tie_waits_for_the_public_beacon_value_and_writes_nothing(quote):
    job = quote.closed_job(beacon=False)
    quote.bid(job, [70, 70, 70])
    quote.bid(job, [70, 70, 70])
    before = everything()
    with pytest.raises(BeaconPending) as refused:
        select_quote(actor=quote.owner_user, job=job)
    assert "等待公共随机数" in str(refused.value)
    assert everything() == before


def test_exactly_the_minimum_of_two_valid_quotes_selects(quote):
    job = quote.closed_job()
    low, high = quote.bid(job, [60, 60, 60]), quote.bid(job, [61, 60, 60])
    job = select_quote(actor=quote.owner_user, job=job)
    assert job.status == Job.Status.PUBLICITY and job.winner_id == high.pk
    low.refresh_from_db()
    assert low.rank == 2


def test_one_valid_quote_fails_the_job(quote):
    job = quote.closed_job()
    quote.bid(job, [90, 90, 90])
    quote.bid(job, [95, 95, 95], status=Bid.Status.INVALID, invalid_reason="资质证书过期")
    job = select_quote(actor=quote.owner_user, job=job)
    assert job.status == Job.Status.FAILED
    assert "有效报名 1 家" in job.end_reason


def test_a_bid_found_invalid_at_the_close_is_neither_scored_nor_ranked(quote):
    job = quote.closed_job()
    a, _b = quote.bid(job, [80, 80, 80]), quote.bid(job, [70, 70, 70])
    invalid = quote.bid(job, status=Bid.Status.INVALID, invalid_reason="资质证书过期")
    before = everything()
    with pytest.raises(BidNotValidForJob):
        quote_scores_enter(actor=quote.owner_user, job=job, scores={invalid.pk: {"报价": 100, "服务方案": 100,
                                                                                 "服务时限": 100}})
    assert everything() == before

    select_quote(actor=quote.owner_user, job=job)
    invalid.refresh_from_db()
    a.refresh_from_db()
    assert invalid.rank is None and invalid.total_score is None and a.rank == 1


def test_scores_are_entered_and_audited(quote):
    job = quote.closed_job()
    a, b = quote.bid(job), quote.bid(job)
    quote_scores_enter(actor=quote.owner_user, job=job, scores={
        a.pk: {"报价": "90", "服务方案": "80.5", "服务时限": "70"}})
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.criteria_scores == {"报价": "90.00", "服务方案": "80.50", "服务时限": "70.00"}
    assert b.criteria_scores == {}
    entry = AuditEntry.objects.get(action=Action.JOB_CRITERIA_SCORES)
    assert entry.after["criteria_scores"] == {str(a.pk): a.criteria_scores}
    rows = quote_rows(job, [a, b])
    assert rows[0].total == Decimal("82.20") and rows[0].position == 1  # (3600 + 3220 + 1400) / 100
    assert rows[1].total is None and rows[1].position is None


@pytest.mark.parametrize("given, message", [
    ({"报价": "101", "服务方案": "80", "服务时限": "70"}, "“%s”的“报价”得分须为 0～100 之间的数"),
    ({"报价": "90", "服务方案": "-1", "服务时限": "70"}, "“%s”的“服务方案”得分须为 0～100 之间的数"),
    ({"报价": "90", "服务方案": "80.125", "服务时限": "70"}, "“%s”的“服务方案”得分须为 0～100 之间的数，最多两位小数"),
    ({"报价": "90", "服务方案": "80"}, "“%s”的“服务时限”得分须为 0～100 之间的数"),
    ({"报价": "九十", "服务方案": "80", "服务时限": "70"}, "“%s”的“报价”得分"),
])
def test_a_bad_score_is_refused_and_nothing_is_written(quote, given, message):
    job = quote.closed_job()
    bid = quote.bid(job)
    before = everything()
    with pytest.raises(QuoteScoreInvalid) as refused:
        quote_scores_enter(actor=quote.owner_user, job=job, scores={bid.pk: given})
    assert message % bid.agency.name in str(refused.value)
    assert everything() == before


def test_selection_with_a_quote_not_fully_scored_is_refused_and_nothing_is_written(quote):
    job = quote.closed_job()
    quote.bid(job, [80, 80, 80])
    unscored = quote.bid(job)
    before = everything()
    with pytest.raises(QuoteScoresIncomplete) as refused:
        select_quote(actor=quote.owner_user, job=job)
    assert str(refused.value) == f"以下有效报价尚未录入全部评审因素的得分：{unscored.agency.name}。"
    assert everything() == before


def test_only_the_owner_selects_and_only_after_the_close(quote):
    job = quote.closed_job()
    bid = quote.bid(job, [80, 80, 80])
    quote.bid(job, [70, 70, 70])
    open_job = quote.open_job(closes_at=timezone.now() + datetime.timedelta(days=2))
    before = everything()
    with pytest.raises(SelectionByOwnerOnly):
        select_quote(actor=bid.member, job=job)
    with pytest.raises(SelectionByOwnerOnly):
        quote_scores_enter(actor=bid.member, job=job, scores={bid.pk: {"报价": 0, "服务方案": 0, "服务时限": 0}})
    with pytest.raises(SelectionNotOpen):
        select_quote(actor=quote.owner_user, job=open_job)
    assert everything() == before


def test_the_public_notice_shows_the_computation_that_ranked_the_quotes(quote, client):
    from core.demo.site import ensure_page_tree

    ensure_page_tree()
    job = quote.closed_job()
    bids = {name: quote.bid(job, scores) for name, scores, _total in TABLE}
    select_quote(actor=quote.owner_user, job=job)

    body = client.get(f"/notices/{job.pk}/").content.decode()

    assert "询比计算过程" in body and "报价 40；服务方案 40；服务时限 20" in body
    rows = body.split('class="quote-row"')[1:]
    assert [row.split('data-total="')[1].split('"')[0] for row in rows] == ["85.10", "84.00", "82.00"]
    assert all(bids[name].agency.name in rows[index] for index, name in enumerate("CBA"))
    assert "85.50" in rows[0] and "77.25" in rows[0]  # each score, so anyone can recompute the total
