"""均价比选 (best price) from hand-computed tables: the trimmed mean, the drawn K, the reference,
each distance, ties drawn, all bids equal, exactly the minimum, a bid disqualified after the
close; the refusals first, each writing nothing; every draw recomputed from the public page."""
import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from audit.actions import Action
from audit.models import AuditEntry
from bidding import draw
from bidding.errors import (
    BeaconPending,
    MethodParamsInvalid,
    SelectionByOwnerOnly,
    SelectionNotOpen,
    WrongSelectionMethod,
)
from bidding.models import Bid, Draw, Job
from bidding.selectors.best_price import compute
from bidding.services.best_price import select_best_price
from bidding.services.objections import objection_answer, objection_decide, objection_escalate, objection_raise
from core.models import Notice
from tests.factories import RegulatorFactory, UserFactory
from tests.factories.selection_methods import public_draws, public_soup, recomputed
from tests.writes import nothing_written

BP = Job.Method.BEST_PRICE
K_SET = {"k_set": ["95", "96", "97", "98"]}


def ranks(bids):
    return [Bid.objects.get(pk=bid.pk).rank for bid in bids]


# --- refusals: nothing written ------------------------------------------------------------------

def test_only_the_owner_members_may_select(scene):
    job = scene.job(BP, K_SET)
    scene.bids(job, [60000, 61000, 62000])
    with pytest.raises(SelectionByOwnerOnly) as refused, nothing_written(Draw):
        select_best_price(actor=UserFactory(), job=job)
    assert str(refused.value) == "只有项目业主的成员可以进行选取。"
    job.refresh_from_db()
    assert job.status == Job.Status.CLOSED and job.seed_revealed_at is None


def test_a_job_of_another_method_is_refused(scene):
    job = scene.job(Job.Method.LOWEST_PRICE)
    scene.bids(job, [60000, 61000, 62000])
    with pytest.raises(WrongSelectionMethod) as refused, nothing_written(Draw):
        select_best_price(actor=scene.owner_user, job=job)
    assert str(refused.value) == "该项目公告的选取方式不是此方式。"


def test_the_draw_waits_for_the_public_beacon_value_and_writes_nothing(scene):
    job = scene.job(BP, K_SET, beacon=False)
    bids = scene.bids(job, [60000, 61000, 62000])
    with pytest.raises(BeaconPending) as refused, nothing_written(Draw):
        select_best_price(actor=scene.owner_user, job=job)
    assert str(refused.value).startswith("等待公共随机数")
    job.refresh_from_db()
    assert job.status == Job.Status.CLOSED and job.seed_revealed_at is None and job.winner is None
    assert ranks(bids) == [None, None, None]


def test_a_k_set_out_of_range_is_refused_before_anything_is_drawn(scene):
    job = scene.job(BP, {"k_set": ["75", "96"]})
    scene.bids(job, [60000, 61000, 62000])
    with pytest.raises(MethodParamsInvalid) as refused, nothing_written(Draw):
        select_best_price(actor=scene.owner_user, job=job)
    assert "80%～100%" in str(refused.value)
    assert Job.objects.get(pk=job.pk).status == Job.Status.CLOSED


def test_a_selected_job_cannot_be_selected_again(scene):
    job = scene.job(BP, K_SET, k="95")
    scene.bids(job, [60000, 61000, 62000])
    select_best_price(actor=scene.owner_user, job=job)
    with pytest.raises(SelectionNotOpen), nothing_written(Draw, Bid):
        select_best_price(actor=scene.owner_user, job=job)


# --- hand-computed tables -----------------------------------------------------------------------

def test_five_bids_leave_out_the_highest_and_the_lowest_and_the_closest_to_mean_times_k_wins(scene):
    """50000 60000 62000 64000 80000; without 80000 and 50000 the mean is 186000 ÷ 3 = 62000.00;
    K = 95 → reference 58900.00; distances 8900, 1100, 3100, 5100, 21100 → 60000 wins."""
    job = scene.job(BP, K_SET, k="95")
    low, winner, second, third, high = scene.bids(job, [50000, 60000, 62000, 64000, 80000])
    job = select_best_price(actor=scene.owner_user, job=job)
    job.refresh_from_db()
    assert job.winner_id == winner.pk and job.status == Job.Status.PUBLICITY
    assert ranks([winner, second, third, low, high]) == [1, 2, 3, 4, 5]
    assert "平均值 62000.00 元" in job.selection_reason and "K = 95%" in job.selection_reason
    assert "参考价 58900.00 元" in job.selection_reason and "差 1100.00" in job.selection_reason
    k_draw = Draw.objects.get(job=job, purpose=Draw.Purpose.COEFFICIENT)
    assert k_draw.values == ["95", "96", "97", "98"] and k_draw.ranking[0] == "95"
    assert not Draw.objects.filter(job=job, purpose=Draw.Purpose.TIE_BREAK).exists()
    entry = AuditEntry.objects.get(action=Action.JOB_SELECT_BEST_PRICE)
    assert entry.after["k"] == "95" and entry.after["mean"] == "62000.00" and entry.after["reference"] == "58900.00"
    assert sorted(entry.after["left_out"]) == sorted([low.pk, high.pk])
    assert Notice.objects.filter(user=winner.member, title__startswith="结果公示").exists()


def test_fewer_than_five_bids_count_every_price_in_the_mean(scene):
    """60000 61000 70000 73000: mean 264000 ÷ 4 = 66000.00; K = 96 → 63360.00; distances 3360,
    2360, 6640, 9640 → 61000 wins."""
    job = scene.job(BP, K_SET, k="96")
    bids = scene.bids(job, [60000, 61000, 70000, 73000])
    select_best_price(actor=scene.owner_user, job=job)
    assert ranks(bids) == [2, 1, 3, 4]
    computation = compute(job, Bid.objects.filter(job=job), k="96")
    assert not computation.trimmed and computation.mean == Decimal("66000.00")
    assert computation.reference == Decimal("63360.00")
    assert [row.distance for row in computation.rows] == [Decimal("2360"), Decimal("3360"), Decimal("6640"),
                                                         Decimal("9640")]


def test_the_mean_and_the_reference_are_rounded_half_up_to_cents(scene):
    """10000.00 10000.01 10000.03: mean 30000.04 ÷ 3 = 10000.01333 → 10000.01; K = 97.5 →
    9750.009750 → 9750.01; distances 249.99, 250.00, 250.02 → 10000.00 wins."""
    job = scene.job(BP, {"k_set": ["97.5", "99"]}, k="97.5")
    bids = scene.bids(job, [Decimal("10000.00"), Decimal("10000.01"), Decimal("10000.03")])
    select_best_price(actor=scene.owner_user, job=job)
    job.refresh_from_db()
    assert ranks(bids) == [1, 2, 3]
    assert "平均值 10000.01 元" in job.selection_reason and "参考价 9750.01 元" in job.selection_reason
    assert "差 249.99" in job.selection_reason


def test_two_bids_at_the_same_distance_are_ordered_by_a_tie_break_draw(scene):
    """Exactly the minimum of three: 94000 96000 110000, mean 100000.00; K = 95 → 95000.00;
    94000 and 96000 are both 1000.00 away (below and above alike): the draw orders them."""
    job = scene.job(BP, K_SET, k="95")
    below, above, far = scene.bids(job, [94000, 96000, 110000])
    job = select_best_price(actor=scene.owner_user, job=job)
    job.refresh_from_db()
    tie = Draw.objects.get(job=job, purpose=Draw.Purpose.TIE_BREAK)
    expected = draw.run(job.draw_seed, [below.random_value, above.random_value], beacon=job.beacon.value).ranking
    assert tie.ranking == expected
    first = below if expected[0] == below.random_value else above
    assert job.winner_id == first.pk
    assert Bid.objects.get(pk=far.pk).rank == 3
    assert "差距相同的报价由公开抽取确定先后" in job.selection_reason


def test_all_bids_equal_one_highest_and_one_lowest_left_out_and_all_five_drawn(scene):
    """Five bids of 80000: the first submitted is left out as the highest, the second as the
    lowest; mean 80000.00; K = 98 → 78400.00; all five are 1600.00 away: one draw orders all."""
    job = scene.job(BP, K_SET, k="98")
    bids = scene.bids(job, [80000] * 5)
    computation = compute(job, bids, k="98")
    assert [row.left_out for row in sorted(computation.rows, key=lambda row: row.bid.submitted_at)] == [
        "highest", "lowest", "", "", ""]
    assert computation.mean == Decimal("80000.00") and computation.reference == Decimal("78400.00")
    assert {row.distance for row in computation.rows} == {Decimal("1600.00")}
    job = select_best_price(actor=scene.owner_user, job=job)
    job.refresh_from_db()
    tie = Draw.objects.get(job=job, purpose=Draw.Purpose.TIE_BREAK)
    assert sorted(tie.values) == sorted(bid.random_value for bid in bids)
    by_value = {bid.random_value: bid for bid in bids}
    assert [by_value[value].pk for value in tie.ranking] == [
        bid.pk for bid in sorted(Bid.objects.filter(job=job), key=lambda bid: bid.rank)]
    assert job.winner.random_value == tie.ranking[0]


def test_discount_rate_jobs_compare_the_payable_share(scene):
    """Rates 10 12 15 20 30 → shares 90 88 85 80 70; without 90 and 70 the mean is 253 ÷ 3 =
    84.333… → 84.3333; K = 98 → 82.646634 → 82.6466; distances 7.3534 5.3534 2.3534 2.6466
    12.6466 → the rate 15 wins."""
    job = scene.job(BP, K_SET, k="98", price_mode=Job.PriceMode.DISCOUNT)
    bids = [scene.bid(job, price=None, discount_rate=Decimal(rate),
                      submitted_at=timezone.now() - datetime.timedelta(minutes=60 - index))
            for index, rate in enumerate([10, 12, 15, 20, 30])]
    select_best_price(actor=scene.owner_user, job=job)
    job.refresh_from_db()
    assert ranks(bids) == [4, 3, 1, 2, 5]
    assert "应付比例 84.3333%" in job.selection_reason and "应付比例 82.6466%" in job.selection_reason


def test_too_few_valid_bids_fail_the_job_without_a_draw(scene):
    """Three bids, one judged invalid at the close: two valid, fewer than three → 流标."""
    job = scene.job(BP, K_SET)
    scene.bids(job, [60000, 61000])
    scene.bid(job, status=Bid.Status.INVALID, price=50000, invalid_reason="资质证书已过期")
    job = select_best_price(actor=scene.owner_user, job=job)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "有效报名 2 家" in job.end_reason
    assert not Draw.objects.filter(job=job).exists()


def test_a_bid_disqualified_after_the_close_the_selection_runs_again_over_four_bids(scene):
    """The five bids of the first table; the winner (60000) is found invalid on a complaint and
    the job goes back to selection. The same seed, beacon value and K set give K = 95 again;
    four bids, none left out: mean 256000 ÷ 4 = 64000.00 → reference 60800.00; distances 10800,
    1200, 3200, 19200 → 62000 wins."""
    job = scene.job(BP, K_SET, k="95")
    low, first_winner, second, third, high = scene.bids(job, [50000, 60000, 62000, 64000, 80000])
    select_best_price(actor=scene.owner_user, job=job)
    job.refresh_from_db()
    assert job.winner_id == first_winner.pk
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5)):
        objection = objection_raise(actor=second.member, job=job, bid=second, reasons="中选机构资质证书已过期")
        objection_answer(actor=scene.owner_user, objection=objection, answer="证书在有效期内")
        objection_escalate(actor=second.member, objection=objection, reasons="答复未附证书原件")
        objection_decide(actor=RegulatorFactory(categories=[job.item.category]).user, objection=objection,
                         upheld=True, decision="中选机构证书已过期，报名无效", invalidate=[first_winner.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.CLOSED
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=10)):
        select_best_price(actor=scene.owner_user, job=job)
    job.refresh_from_db()
    assert job.winner_id == second.pk
    assert ranks([second, third, low, high]) == [1, 2, 3, 4]
    assert "有效报价 4 家，平均值 64000.00 元" in job.selection_reason and "参考价 60800.00 元" in job.selection_reason
    draws = Draw.objects.filter(job=job, purpose=Draw.Purpose.COEFFICIENT).order_by("performed_at")
    assert [d.superseded_at is not None for d in draws] == [True, False]
    assert draws[0].ranking == draws[1].ranking


# --- the public page: every step shown, every draw recomputed --------------------------------

def _public_rows(soup):
    return [{"agency": row["data-agency"], "measure": Decimal(row["data-measure"]),
             "left_out": row.get("data-left-out", ""), "distance": Decimal(row["data-distance"])}
            for row in soup.select("tr.bp-row")]


def _recompute_from_page(client, job):
    """Everything the public pages show, recomputed by the published rule and bidding.draw:
    returns (K, mean, reference, the agencies closest to the reference)."""
    soup = public_soup(client, f"/notices/{job.pk}/")
    rows = _public_rows(soup)
    draws = [d for d in public_draws(client, job) if not d["superseded"]]
    k_draw = next(d for d in draws if d["purpose"] == "coefficient")
    k = Decimal(recomputed(k_draw)[0])
    counted = [row["measure"] for row in rows if not row["left_out"]]
    if len(rows) >= 5:
        assert len(counted) == len(rows) - 2
        assert max(row["measure"] for row in rows if row["left_out"] == "highest") == max(r["measure"] for r in rows)
        assert min(row["measure"] for row in rows if row["left_out"] == "lowest") == min(r["measure"] for r in rows)
    mean = (sum(counted) / len(counted)).quantize(Decimal("0.01"), "ROUND_HALF_UP")
    reference = (mean * k / 100).quantize(Decimal("0.01"), "ROUND_HALF_UP")
    box = soup.select_one(".best-price-computation")
    assert Decimal(box["data-k"]) == k and Decimal(box["data-mean"]) == mean
    assert Decimal(box["data-reference"]) == reference
    for row in rows:
        assert row["distance"] == abs(row["measure"] - reference)
    best = min(row["distance"] for row in rows)
    return k, mean, reference, [row["agency"] for row in rows if row["distance"] == best], soup, draws


def test_the_public_page_shows_every_step_and_anyone_recomputes_the_winner(client, home, scene):
    job = scene.job(BP, K_SET, k="95")
    scene.bids(job, [50000, 60000, 62000, 64000, 80000])
    select_best_price(actor=scene.owner_user, job=job)
    job.refresh_from_db()
    k, mean, reference, closest, soup, _draws = _recompute_from_page(client, job)
    assert (k, mean, reference) == (Decimal("95"), Decimal("62000.00"), Decimal("58900.00"))
    assert closest == [job.winner.agency.name]
    text = soup.get_text()
    assert "均价比选计算过程" in text and "去掉（最高价）" in text and "去掉（最低价）" in text
    assert "(60000.00 + 62000.00 + 64000.00) ÷ 3" in text
    draw_page = public_soup(client, f"/notices/{job.pk}/draw/").get_text()
    assert "下浮系数 K = 95%" in draw_page and "重算一致" in draw_page and "重算不一致" not in draw_page


def test_a_tie_on_the_public_page_is_settled_by_the_recomputed_tie_break_draw(client, home, scene):
    job = scene.job(BP, K_SET, k="98")
    bids = scene.bids(job, [80000] * 5)
    select_best_price(actor=scene.owner_user, job=job)
    job.refresh_from_db()
    _k, _mean, _reference, closest, _soup, draws = _recompute_from_page(client, job)
    assert len(closest) == 5
    tie = next(d for d in draws if d["purpose"] == "tie_break")
    by_value = {bid.random_value: bid for bid in bids}
    assert sorted(tie["values"]) == sorted(by_value)
    assert by_value[recomputed(tie)[0]].pk == job.winner_id


def test_after_a_disqualification_the_public_page_recomputes_the_current_round(client, home, scene):
    job = scene.job(BP, K_SET, k="96")
    bids = scene.bids(job, [60000, 61000, 70000, 73000])
    Bid.objects.filter(pk=bids[1].pk).update(status=Bid.Status.INVALID, invalid_reason="资质证书已过期")
    select_best_price(actor=scene.owner_user, job=job)
    job.refresh_from_db()
    k, mean, reference, closest, soup, _draws = _recompute_from_page(client, job)
    # 60000 70000 73000: mean 67666.67; K = 96 → 64960.00; 60000 is 4960.00 away, 70000 5040.00.
    assert (k, mean, reference) == (Decimal("96"), Decimal("67666.67"), Decimal("64960.00"))
    assert closest == [bids[0].agency.name] == [job.winner.agency.name]
    assert "资质证书已过期" in soup.get_text()


def test_before_the_selection_the_public_page_shows_the_mean_and_each_k_reference(client, home, scene):
    job = scene.job(BP, K_SET)
    scene.bids(job, [60000, 61000, 70000, 73000])
    text = public_soup(client, f"/notices/{job.pk}/").get_text()
    assert "下浮系数 K 尚未抽取" in text
    assert "K = 95% → 62700.00" in text and "K = 98% → 64680.00" in text
