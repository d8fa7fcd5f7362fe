"""信用择优抽取 (credit-merit draw) from hand-computed tables: the ranking by credit at the close,
the cut (ties at the cut line kept), agencies at capacity left out, the short list drawn, the
owner's pick with a reason; exactly the minimum, all scores equal, a bid disqualified after the
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
    NotShortlisted,
    SelectionByOwnerOnly,
    SelectionNotOpen,
    ShortlistAlreadyDrawn,
    ShortlistNotDrawn,
    ShortlistReasonRequired,
    WrongSelectionMethod,
)
from bidding.models import Bid, Draw, Job
from bidding.selectors.credit_draw import rank
from bidding.services.credit_draw import select_shortlisted, shortlist_draw
from bidding.services.objections import objection_answer, objection_decide, objection_escalate, objection_raise
from core.models import Notice
from tests.factories import AgencyCapacityFactory, RegulatorFactory, UserFactory
from tests.factories.selection_methods import public_draws, public_soup, recomputed
from tests.writes import nothing_written

CD = Job.Method.CREDIT_DRAW
DEFAULT = {"cut_percent": 20, "shortlist_size": 3, "min_bidders": 5}


def bids_with_credits(scene, job, credits):
    start = timezone.now() - datetime.timedelta(days=1)
    return [scene.bid(job, credit_at_close=Decimal(credit), submitted_at=start + datetime.timedelta(minutes=index))
            for index, credit in enumerate(credits)]


def expected_shortlist(job, pool, size=3):
    """The short list by bidding.draw over the pool's random values (the published recipe)."""
    by_value = {bid.random_value: bid for bid in pool}
    ranking = draw.run(job.draw_seed, list(by_value), beacon=job.beacon.value).ranking
    return [by_value[value] for value in ranking[:size]]


def shortlisted_pks(job):
    return set(Bid.objects.filter(job=job, shortlisted=True).values_list("pk", flat=True))


# --- refusals: nothing written ------------------------------------------------------------------

def test_only_the_owner_members_may_draw_the_short_list(scene):
    job = scene.job(CD, DEFAULT)
    bids_with_credits(scene, job, [90, 85, 80, 75, 70])
    with pytest.raises(SelectionByOwnerOnly) as refused, nothing_written(Draw):
        shortlist_draw(actor=UserFactory(), job=job)
    assert str(refused.value) == "只有项目业主的成员可以进行选取。"
    assert not shortlisted_pks(job)


def test_a_job_of_another_method_is_refused(scene):
    job = scene.job(Job.Method.RANDOM)
    bids_with_credits(scene, job, [90, 85, 80, 75, 70])
    with pytest.raises(WrongSelectionMethod), nothing_written(Draw):
        shortlist_draw(actor=scene.owner_user, job=job)


def test_the_draw_waits_for_the_public_beacon_value_and_writes_nothing(scene):
    job = scene.job(CD, DEFAULT, beacon=False)
    bids_with_credits(scene, job, [90, 85, 80, 75, 70])
    with pytest.raises(BeaconPending) as refused, nothing_written(Draw):
        shortlist_draw(actor=scene.owner_user, job=job)
    assert str(refused.value).startswith("等待公共随机数")
    job.refresh_from_db()
    assert job.seed_revealed_at is None and not shortlisted_pks(job)


def test_the_short_list_is_drawn_once(scene):
    job = scene.job(CD, DEFAULT)
    bids_with_credits(scene, job, [90, 85, 80, 75, 70])
    shortlist_draw(actor=scene.owner_user, job=job)
    before = shortlisted_pks(job)
    with pytest.raises(ShortlistAlreadyDrawn) as refused, nothing_written(Draw, Bid):
        shortlist_draw(actor=scene.owner_user, job=job)
    assert str(refused.value) == "入围名单已经抽取，不能重复抽取；请从入围机构中选定中选机构。"
    assert shortlisted_pks(job) == before


def test_picking_before_the_draw_is_refused(scene):
    job = scene.job(CD, DEFAULT)
    bids = bids_with_credits(scene, job, [90, 85, 80, 75, 70])
    with pytest.raises(ShortlistNotDrawn) as refused, nothing_written(Draw):
        select_shortlisted(actor=scene.owner_user, job=job, bid=bids[0], reason="信用最好")
    assert str(refused.value) == "尚未抽取入围名单：请先抽取入围机构，再从中选定。"
    assert Job.objects.get(pk=job.pk).winner is None


def test_the_pick_needs_a_reason_and_a_short_listed_bid(scene):
    job = scene.job(CD, DEFAULT)
    bids = bids_with_credits(scene, job, [90, 85, 80, 75, 70])
    shortlist_draw(actor=scene.owner_user, job=job)
    chosen = Bid.objects.filter(job=job, shortlisted=True).first()
    outside = next(bid for bid in bids if bid.pk not in shortlisted_pks(job))
    with pytest.raises(ShortlistReasonRequired) as refused, nothing_written(Draw, Bid):
        select_shortlisted(actor=scene.owner_user, job=job, bid=chosen, reason="   ")
    assert str(refused.value) == "请写明从入围机构中选定该机构的理由，理由将随结果公示。"
    with pytest.raises(NotShortlisted) as refused, nothing_written(Draw, Bid):
        select_shortlisted(actor=scene.owner_user, job=job, bid=outside, reason="本地经验丰富")
    assert str(refused.value) == "只能从随机抽取的入围机构中选定中选机构。"
    with pytest.raises(SelectionByOwnerOnly), nothing_written(Draw, Bid):
        select_shortlisted(actor=bids[0].member, job=job, bid=chosen, reason="本地经验丰富")
    job.refresh_from_db()
    assert job.status == Job.Status.CLOSED and job.winner is None
    assert not Bid.objects.filter(job=job, rank__isnull=False).exists()


# --- hand-computed tables -----------------------------------------------------------------------

def test_six_bidders_the_lowest_score_is_cut_and_three_of_five_drawn(scene):
    """Credits 95 90 88 85 80 70; cut ⌊6 × 20 ÷ 100⌋ = 1: the line is the 5th score, 80; 70 is
    below it and cut. The short list: the first three of the draw among the other five."""
    job = scene.job(CD, DEFAULT)
    bids = bids_with_credits(scene, job, [95, 90, 88, 85, 80, 70])
    computation = rank(job, bids)
    assert (computation.quota, computation.line) == (1, Decimal("80"))
    assert [row.bid.pk for row in computation.cut_rows] == [bids[5].pk]
    shortlist_draw(actor=scene.owner_user, job=job)
    job.refresh_from_db()
    assert job.status == Job.Status.CLOSED
    drawn = Draw.objects.get(job=job, purpose=Draw.Purpose.SHORTLIST)
    assert drawn.values == sorted(bid.random_value for bid in bids[:5])
    expected = expected_shortlist(job, bids[:5])
    assert shortlisted_pks(job) == {bid.pk for bid in expected}
    entry = AuditEntry.objects.get(action=Action.JOB_SHORTLIST_DRAW)
    assert entry.after["cut"] == [bids[5].pk] and entry.after["cut_line"] == "80.00"
    assert Notice.objects.filter(user=bids[5].member, title__startswith="入围机构已抽取").exists()

    chosen = expected[1]
    job = select_shortlisted(actor=scene.owner_user, job=job, bid=chosen.pk, reason="承诺时限最短，曾承担同类项目")
    job.refresh_from_db()
    assert job.winner_id == chosen.pk and job.status == Job.Status.PUBLICITY
    assert "业主理由：承诺时限最短，曾承担同类项目" in job.selection_reason
    assert [Bid.objects.get(pk=bid.pk).rank for bid in expected] == [2, 1, 3]
    entry = AuditEntry.objects.get(action=Action.JOB_SELECT_SHORTLIST)
    assert entry.after["owner_reason"] == "承诺时限最短，曾承担同类项目"
    with pytest.raises(SelectionNotOpen), nothing_written(Draw, Bid):
        select_shortlisted(actor=scene.owner_user, job=job, bid=expected[0], reason="改选")


def test_a_tie_at_the_cut_line_keeps_every_bidder_with_that_score(scene):
    """Credits 95 90 88 85 80 80; the cut of one would fall between the two 80s: both stay,
    nobody is cut, all six are drawn among."""
    job = scene.job(CD, DEFAULT)
    bids = bids_with_credits(scene, job, [95, 90, 88, 85, 80, 80])
    computation = rank(job, bids)
    assert (computation.quota, computation.line, computation.cut_rows) == (1, Decimal("80"), [])
    assert computation.kept_by_tie == 1
    shortlist_draw(actor=scene.owner_user, job=job)
    drawn = Draw.objects.get(job=job, purpose=Draw.Purpose.SHORTLIST)
    assert len(drawn.values) == 6
    assert shortlisted_pks(job) == {bid.pk for bid in expected_shortlist(job, bids)}


def test_a_larger_cut_stops_at_a_tie_above_the_line(scene):
    """Cut 40 % of five: ⌊5 × 40 ÷ 100⌋ = 2; the line is the 3rd score, 85, shared by three:
    only 70 is cut; three of the four others are drawn."""
    job = scene.job(CD, {"cut_percent": 40, "shortlist_size": 3, "min_bidders": 5})
    bids = bids_with_credits(scene, job, [90, 85, 85, 85, 70])
    computation = rank(job, bids)
    assert (computation.quota, computation.line) == (2, Decimal("85"))
    assert [row.bid.pk for row in computation.cut_rows] == [bids[4].pk]
    assert [row.position for row in computation.rows] == [1, 2, 2, 2, 5]
    shortlist_draw(actor=scene.owner_user, job=job)
    assert shortlisted_pks(job) == {bid.pk for bid in expected_shortlist(job, bids[:4])}


def test_exactly_the_minimum_all_scores_equal_nobody_is_cut(scene):
    """Five bidders, all 100: the cut of one would take one of five equal scores: nobody is cut."""
    job = scene.job(CD, DEFAULT)
    bids = bids_with_credits(scene, job, [100] * 5)
    shortlist_draw(actor=scene.owner_user, job=job)
    drawn = Draw.objects.get(job=job, purpose=Draw.Purpose.SHORTLIST)
    assert drawn.values == sorted(bid.random_value for bid in bids)
    assert shortlisted_pks(job) == {bid.pk for bid in expected_shortlist(job, bids)}


def test_an_agency_at_capacity_is_left_out_of_the_draw(scene):
    """Credits 95 90 88 85 80 70: 70 is cut; the agency with 90 declared a capacity of 0 and is
    left out: the draw is among the four others."""
    job = scene.job(CD, DEFAULT)
    bids = bids_with_credits(scene, job, [95, 90, 88, 85, 80, 70])
    AgencyCapacityFactory(agency=bids[1].agency, item=job.item, limit=0)
    shortlist_draw(actor=scene.owner_user, job=job)
    drawn = Draw.objects.get(job=job, purpose=Draw.Purpose.SHORTLIST)
    pool = [bids[0], *bids[2:5]]
    assert drawn.values == sorted(bid.random_value for bid in pool)
    assert shortlisted_pks(job) == {bid.pk for bid in expected_shortlist(job, pool)}
    assert AuditEntry.objects.get(action=Action.JOB_SHORTLIST_DRAW).after["at_capacity"] == [bids[1].pk]


def test_when_every_bidder_left_is_at_capacity_the_job_fails(scene):
    job = scene.job(CD, {"cut_percent": 0, "shortlist_size": 3, "min_bidders": 5})
    bids = bids_with_credits(scene, job, [95, 90, 88, 85, 80])
    for bid in bids:
        AgencyCapacityFactory(agency=bid.agency, item=job.item, limit=0)
    job = shortlist_draw(actor=scene.owner_user, job=job)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "均已达到申报的承接能力" in job.end_reason and bids[0].agency.name in job.end_reason
    assert not Draw.objects.filter(job=job).exists()


def test_fewer_valid_bids_than_the_published_minimum_fail_the_job(scene):
    """Five bids, one judged invalid at the close: four valid, fewer than five → 流标."""
    job = scene.job(CD, DEFAULT)
    bids_with_credits(scene, job, [95, 90, 88, 85])
    scene.bid(job, status=Bid.Status.INVALID, credit_at_close=None, invalid_reason="资质证书已过期")
    job = shortlist_draw(actor=scene.owner_user, job=job)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "有效报名 4 家" in job.end_reason and "5 家" in job.end_reason
    assert not Draw.objects.filter(job=job).exists()


def test_a_bidder_disqualified_after_the_close_leaves_too_few_and_the_job_fails(scene):
    """Exactly five (credits 95 90 88 85 80: 80 is cut, the short list is drawn among four) and
    the owner's pick in publicity; a complaint finds the winner's bid invalid: four valid bids
    are fewer than five, the new round fails."""
    job = scene.job(CD, DEFAULT)
    bids = bids_with_credits(scene, job, [95, 90, 88, 85, 80])
    shortlist_draw(actor=scene.owner_user, job=job)
    chosen = expected_shortlist(job, bids[:4])[0]
    assert Bid.objects.get(pk=chosen.pk).shortlisted
    select_shortlisted(actor=scene.owner_user, job=job, bid=chosen, reason="信用分最高")
    job.refresh_from_db()
    objector = next(bid for bid in bids if bid.pk != chosen.pk)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5)):
        objection = objection_raise(actor=objector.member, job=job, bid=objector, reasons="中选机构资质证书已过期")
        objection_answer(actor=scene.owner_user, objection=objection, answer="证书在有效期内")
        objection_escalate(actor=objector.member, objection=objection, reasons="答复未附证书原件")
        objection_decide(actor=RegulatorFactory(categories=[job.item.category]).user, objection=objection,
                         upheld=True, decision="中选机构证书已过期，报名无效", invalidate=[chosen.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.CLOSED
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=10)):
        job = shortlist_draw(actor=scene.owner_user, job=job)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "有效报名 4 家" in job.end_reason


def test_a_bidder_disqualified_after_the_close_the_new_short_list_is_drawn_among_the_rest(scene):
    """Six bidders (credits 95 90 88 85 80 70); after the first round the chosen bid is found
    invalid: five valid bids, cut ⌊5 × 20 ÷ 100⌋ = 1, a new draw among the four others."""
    job = scene.job(CD, DEFAULT)
    bids = bids_with_credits(scene, job, [95, 90, 88, 85, 80, 70])
    shortlist_draw(actor=scene.owner_user, job=job)
    chosen = expected_shortlist(job, bids[:5])[0]
    select_shortlisted(actor=scene.owner_user, job=job, bid=chosen, reason="信用分较高")
    job.refresh_from_db()
    objector = next(bid for bid in bids if bid.pk != chosen.pk)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5)):
        objection = objection_raise(actor=objector.member, job=job, bid=objector, reasons="中选机构资质证书已过期")
        objection_answer(actor=scene.owner_user, objection=objection, answer="证书在有效期内")
        objection_escalate(actor=objector.member, objection=objection, reasons="答复未附证书原件")
        objection_decide(actor=RegulatorFactory(categories=[job.item.category]).user, objection=objection,
                         upheld=True, decision="中选机构证书已过期，报名无效", invalidate=[chosen.pk])
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=10)):
        shortlist_draw(actor=scene.owner_user, job=job)
    job.refresh_from_db()
    remaining = [bid for bid in bids if bid.pk != chosen.pk]
    computation = rank(job, remaining)
    assert [row.bid.pk for row in computation.cut_rows] == [bids[5].pk]
    pool = remaining[:-1]
    current = Draw.objects.get(job=job, purpose=Draw.Purpose.SHORTLIST, superseded_at__isnull=True)
    assert current.values == sorted(bid.random_value for bid in pool)
    assert shortlisted_pks(job) == {bid.pk for bid in expected_shortlist(job, pool)}
    assert chosen.pk not in shortlisted_pks(job)


# --- the public page: every step shown, every draw recomputed --------------------------------

def _recompute_from_page(client, job):
    """The public page's rows and draw, recomputed by the published rule and bidding.draw:
    returns (the short-listed random values, the page's rows)."""
    soup = public_soup(client, f"/notices/{job.pk}/")
    box = soup.select_one(".credit-draw-computation")
    rows = [{"value": row["data-random-value"], "credit": Decimal(row["data-credit"]),
             "outcome": row["data-outcome"], "agency": row["data-agency"]} for row in soup.select("tr.cd-row")]
    count, quota, size = int(box["data-count"]), int(box["data-quota"]), int(box["data-shortlist-size"])
    assert count == len(rows) and quota == (count * DEFAULT["cut_percent"]) // 100
    credits = sorted((row["credit"] for row in rows), reverse=True)
    line = credits[count - quota - 1]
    assert {row["value"] for row in rows if row["outcome"] == "cut"} == {
        row["value"] for row in rows if row["credit"] < line}
    pool = [row["value"] for row in rows if row["credit"] >= line and row["outcome"] != "at_capacity"]
    published = next(d for d in public_draws(client, job) if d["purpose"] == "shortlist" and not d["superseded"])
    assert sorted(published["values"]) == sorted(pool)
    return recomputed(published)[:size], rows, soup


def test_the_public_page_shows_every_step_and_anyone_recomputes_the_short_list(client, home, scene):
    job = scene.job(CD, DEFAULT)
    bids = bids_with_credits(scene, job, [95, 90, 88, 85, 80, 70])
    AgencyCapacityFactory(agency=bids[2].agency, item=job.item, limit=0)
    shortlist_draw(actor=scene.owner_user, job=job)
    shortlist, rows, soup = _recompute_from_page(client, job)
    assert set(shortlist) == {row["value"] for row in rows if row["outcome"] == "shortlisted"}
    assert {row["value"] for row in rows if row["outcome"] == "at_capacity"} == {bids[2].random_value}
    text = soup.get_text()
    assert "信用择优抽取过程" in text and "⌊6 × 20 ÷ 100⌋ = 1" in text and "等待业主从入围机构中选定" in text
    assert "已达到申报的承接能力，未参加抽取" in text

    chosen = Bid.objects.get(job=job, random_value=shortlist[2])
    select_shortlisted(actor=scene.owner_user, job=job, bid=chosen, reason="方案最切合本项目")
    shortlist_after, rows, soup = _recompute_from_page(client, job)
    assert shortlist_after == shortlist
    assert [row["value"] for row in rows if row["outcome"] == "chosen"] == [chosen.random_value]
    assert "业主理由：方案最切合本项目" in soup.get_text()
    draw_page = public_soup(client, f"/notices/{job.pk}/draw/").get_text()
    assert "随机抽取入围机构" in draw_page and "重算一致" in draw_page and "重算不一致" not in draw_page


def test_all_scores_equal_on_the_public_page_nobody_is_cut(client, home, scene):
    job = scene.job(CD, DEFAULT)
    bids_with_credits(scene, job, [100] * 5)
    shortlist_draw(actor=scene.owner_user, job=job)
    shortlist, rows, soup = _recompute_from_page(client, job)
    assert not [row for row in rows if row["outcome"] == "cut"] and len(shortlist) == 3
    assert "与该分相同的不淘汰" in soup.get_text()
