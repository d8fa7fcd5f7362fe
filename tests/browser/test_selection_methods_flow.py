"""Issue 10's "done when" in a real browser: an owner runs a best-price selection (均价比选) and
an online reverse auction (网上竞价) through the site, and an agency sees the price benchmark
while bidding.

The scenes are set up with factories (tests/factories/selection_methods.py, capacity.py): a closed
job with its valid bids and its public beacon value fixed. The auction runs on a clock moved
with time_machine: the live server is a thread of this process, so its clock moves too, and no
step waits in real time.

Hand computations:
- best price, bids 50,000 60,000 62,000 64,000 80,000 (five: the highest and the lowest are left
  out of the mean): mean = (60,000 + 62,000 + 64,000) / 3 = 62,000.00; K drawn = 95 (the seed
  is chosen so); reference = 62,000 × 0.95 = 58,900.00; distances 8,900 1,100 3,100 5,100 21,100:
  60,000 wins.
- benchmark, awards 40,000 52,000 61,000 65,000 70,000 88,000 in the last 12 months under
  100,000 (tests/benchmarks/test_benchmarks.py): median 63,000.00, P25–P75 54,250.00 ～ 68,750.00,
  far below under 44,100.00.
- auction (pause 5 minutes, 120-second boxes, at most 10 % lower per move), openings
  甲 100,000, 乙 90,000, 丙 95,000 → 报价人 1 甲, 2 丙, 3 乙 (highest first):
    round 1 (甲 丙 乙): 甲 lowers to 91,000; 丙 keeps 95,000; 乙 never moves (keeps 90,000)
    round 2 (丙 95,000, 甲 91,000, 乙 90,000): 丙 → 88,000; 甲 → 87,000; 乙 → 85,000
    round 3 (丙 88,000, 甲 87,000, 乙 85,000): 丙 keeps; 甲 → 84,000; 乙 keeps 85,000
  every bidder has moved in the last round, so it ends at 乙's move: 甲 wins at 84,000.
"""
import datetime
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from bidding.models import Auction, AuctionMove, Bid, Job
from core.demo.site import ensure_page_tree
from tests.factories import (
    AgencyFactory,
    AgencyServiceFactory,
    JobFactory,
    MembershipFactory,
    MethodScene,
    ServiceItemFactory,
    won_job,
)

from .conftest import SCREENSHOTS
from .test_bidding_flow import click_and_wait, log_in_with_a_cookie, log_in_with_the_form

pytestmark = pytest.mark.browser

K_SET = {"k_set": ["95", "96", "97", "98"]}
AUCTION_PARAMS = {"pause_minutes": 5, "turn_seconds": 120, "max_step_percent": 10}
TURN = datetime.timedelta(seconds=120)


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"selection-methods-{name}.png"), full_page=True)


def main_text(page):
    return page.locator("main").inner_text()


@pytest.fixture
def scene(page, transactional_db):
    ensure_page_tree()
    return MethodScene()


# --- 均价比选 -----------------------------------------------------------------------------------

def test_the_owner_runs_a_best_price_selection_and_the_public_notice_shows_the_computation(page, scene):
    job = scene.job(Job.Method.BEST_PRICE, K_SET, k="95", title="旌阳区天山南路排水管网改造工程水土保持方案编制")
    names = ["德阳甲方环境咨询有限公司", "四川乙元工程咨询有限公司", "成都丙川规划设计有限公司",
             "绵阳丁诚技术服务有限公司", "德阳戊信环境科技有限公司"]
    bids = [scene.bid(job, name=name, price=price, submitted_at=timezone.now() - datetime.timedelta(hours=30 - i))
            for i, (name, price) in enumerate(zip(names, [50000, 60000, 62000, 64000, 80000], strict=True))]

    log_in_with_the_form(page, scene.owner_user)
    page.goto(f"/workspace/jobs/{job.pk}/")
    click_and_wait(page, page.get_by_role("link", name="选取与结果"))
    assert page.url.endswith(f"/workspace/jobs/{job.pk}/selection/")
    text = main_text(page)
    assert "均价比选" in text and "去掉（最高价）" in text and "去掉（最低价）" in text
    assert page.locator("[data-mean]").first.get_attribute("data-mean") == "62000.00"
    assert "K = 95%：58900.00" in text and "K = 98%：60760.00" in text
    shot(page, "1-best-price-owner-preview")

    click_and_wait(page, page.get_by_role("button", name="抽取 K 并确定中选机构"))
    text = main_text(page)
    assert "已确定中选机构" in text and "参考价 58900.00 元" in text
    shot(page, "2-best-price-selected")
    job.refresh_from_db()
    assert job.status == Job.Status.PUBLICITY and job.winner_id == bids[1].pk

    page.context.clear_cookies()
    page.goto(f"/notices/{job.pk}/")
    computation = page.locator(".best-price-computation")
    assert computation.get_attribute("data-mean") == "62000.00"
    assert computation.get_attribute("data-k") == "95"
    assert computation.get_attribute("data-reference") == "58900.00"
    assert page.locator("[data-winner-agency]").get_attribute("data-winner-agency") == names[1]
    distances = {row.get_attribute("data-agency"): row.get_attribute("data-distance")
                 for row in page.locator("tr.bp-row").all()}
    assert distances == dict(zip(names, ["8900.00", "1100.00", "3100.00", "5100.00", "21100.00"], strict=True))
    text = main_text(page)
    assert "均价比选计算过程" in text and "K = 95%" in text
    assert "(60000.00 + 62000.00 + 64000.00) ÷ 3" in text
    shot(page, "3-best-price-public-notice")

    # The K draw is proved on the public draw page.
    click_and_wait(page, page.get_by_role("link", name="核对这次抽取"))
    assert f"/notices/{job.pk}/draw/" in page.url
    shot(page, "4-best-price-public-draw")


# --- 价格基准 -----------------------------------------------------------------------------------

def test_an_agency_sees_the_benchmark_on_the_bid_form_and_must_explain_a_price_far_below(page, live_server, scene):
    item = ServiceItemFactory(name="建设项目环境影响报告表编制")
    for price in (65000, 40000, 88000, 52000, 70000, 61000):
        won_job(item=item, price=price)
    job = JobFactory(item=item, ceiling_price=Decimal("80000"), budget=Decimal("80000"),
                     title="旌阳区岷江西路改建工程环境影响评价",
                     closes_at=timezone.now() + datetime.timedelta(days=5))
    agency = AgencyFactory(name="德阳清源环境咨询有限公司")
    agency_user = MembershipFactory(organisation=agency).user
    AgencyServiceFactory(agency=agency, item=item)

    log_in_with_a_cookie(page, live_server, agency_user)
    page.goto(f"/workspace/opportunities/{job.pk}/bid/?org={agency.pk}")
    benchmark = page.locator("#benchmark")
    text = benchmark.inner_text()
    assert "价格基准" in text and "6 个中选价格" in text
    assert "63000.00" in text and "54250.00" in text and "68750.00" in text and "44100.00" in text
    shot(page, "5-bid-form-benchmark")

    page.fill('main [name="price"]', "44000")
    page.fill('main [name="promised_days"]', "15")
    page.fill('main [name="plan"]', "利用已有现状监测数据，缩短编制周期。")
    submit = page.locator("main form").filter(has=page.locator('[name="price"]')).locator('button[type="submit"]').last
    click_and_wait(page, submit)
    text = main_text(page)
    assert "属于远低于价格基准，请在“低于价格基准的说明”中写明理由。" in text
    assert page.input_value('main [name="price"]') == "44000"
    assert not Bid.objects.filter(job=job).exists()
    shot(page, "6-bid-far-below-refused")

    page.fill('main [name="benchmark_justification"]', "本机构已有该区域近一年的现状监测数据，无需重复监测。")
    click_and_wait(page, submit)
    bid = Bid.objects.get(job=job, agency=agency)
    assert bid.price == Decimal("44000") and bid.benchmark_justification.startswith("本机构已有")
    assert bid.receipt_number in main_text(page)
    shot(page, "7-bid-far-below-receipt")


# --- 网上竞价 -----------------------------------------------------------------------------------

class Bidder:
    """One agency's browser (its own context, its session cookie), on its live auction page."""

    def __init__(self, browser, live_server, bid, short):
        self.bid, self.short = bid, short
        self.context = browser.new_context(base_url=live_server.url, locale="zh-CN",
                                           viewport={"width": 1280, "height": 900})
        self.context.set_default_timeout(20_000)
        client = Client()
        client.force_login(bid.member)
        self.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                                   "url": live_server.url}])
        self.page = self.context.new_page()

    def open(self):
        self.page.goto(f"/workspace/bids/{self.bid.pk}/auction/")
        return main_text(self.page)

    def lower(self, price):
        self.page.fill('main [name="price"]', str(price))
        click_and_wait(self.page, self.page.get_by_role("button", name="降价出价"))
        return main_text(self.page)

    def keep(self):
        click_and_wait(self.page, self.page.get_by_role("button", name="维持报价"))
        return main_text(self.page)


def box(starts_at, round_number, turn, seconds=10):
    """A moment `seconds` into box `turn` of round `round_number` (three bidders)."""
    return starts_at + ((round_number - 1) * 3 + (turn - 1)) * TURN + datetime.timedelta(seconds=seconds)


def test_the_owner_starts_an_auction_the_bidders_move_in_turn_and_the_record_is_public(
        page, browser, live_server, scene):
    t0 = timezone.now().replace(second=0, microsecond=0)
    bidders = {}
    with time_machine.travel(t0, tick=False) as clock:
        job = scene.job(Job.Method.AUCTION, AUCTION_PARAMS, title="旌阳区东湖山公园提升工程可行性研究报告编制",
                        closed_at=t0 - datetime.timedelta(hours=2))
        names = {"甲": "德阳甲方环境咨询有限公司", "乙": "四川乙元工程咨询有限公司", "丙": "成都丙川规划设计有限公司"}
        bids = {short: scene.bid(job, name=names[short], price=price,
                                 submitted_at=t0 - datetime.timedelta(hours=5 - index))
                for index, (short, price) in enumerate([("甲", 100000), ("乙", 90000), ("丙", 95000)])}
        try:
            # The owner starts the auction from the selection page.
            log_in_with_a_cookie(page, live_server, scene.owner_user)
            page.goto(f"/workspace/jobs/{job.pk}/selection/")
            assert "每家每轮限时" in main_text(page)
            shot(page, "8-auction-owner-before-start")
            click_and_wait(page, page.get_by_role("button", name="开始网上竞价"))
            text = main_text(page)
            assert "网上竞价已开始" in text and "开标后暂停" in text and "报价人 1" in text
            assert names["甲"] not in text.split("开标报价（第 0 轮）")[1]
            shot(page, "9-auction-owner-started")
            starts_at = Auction.objects.get(job=job).starts_at
            assert starts_at == t0 + datetime.timedelta(minutes=5)

            bidders = {short: Bidder(browser, live_server, bid, short) for short, bid in bids.items()}
            # 乙 finds the auction from its receipt and waits for the pause to end.
            yi = bidders["乙"]
            yi.page.goto(f"/workspace/bids/{yi.bid.pk}/")
            click_and_wait(yi.page, yi.page.get_by_role("link", name="进入网上竞价页面"))
            text = main_text(yi.page)
            assert "贵机构为“报价人 3”" in text and "第一轮将于" in text
            assert names["甲"] not in text and names["丙"] not in text
            shot(yi.page, "10-auction-bidder-pause")

            # Round 1: 甲 (报价人 1) lowers, 丙 keeps, 乙 never moves.
            clock.move_to(box(starts_at, 1, 1))
            assert "轮到贵机构出价。" not in bidders["丙"].open()
            text = bidders["甲"].open()
            assert "轮到贵机构出价。" in text and "不能低于 90000.00 元" in text
            shot(bidders["甲"].page, "11-auction-bidder-turn")
            text = bidders["甲"].lower(85000)  # more than 10 % lower: refused, input kept
            assert "每次最多降价 10%" in text
            assert bidders["甲"].page.input_value('main [name="price"]') == "85000"
            shot(bidders["甲"].page, "12-auction-bidder-refused")
            assert "已出价：91000.00 元。" in bidders["甲"].lower(91000)
            shot(bidders["甲"].page, "13-auction-bidder-moved")
            clock.move_to(box(starts_at, 1, 2))
            assert "已维持报价。" in (bidders["丙"].open(), bidders["丙"].keep())[1]
            clock.move_to(box(starts_at, 1, 3, seconds=100))
            assert "轮到贵机构出价。" in yi.open()

            # Round 2, from the highest price down: 丙 95,000, 甲 91,000, 乙 90,000.
            for turn, (short, price) in enumerate([("丙", 88000), ("甲", 87000), ("乙", 85000)], start=1):
                clock.move_to(box(starts_at, 2, turn))
                assert "轮到贵机构出价。" in bidders[short].open(), short
                assert f"已出价：{price}.00 元。" in bidders[short].lower(price)
            shot(yi.page, "14-auction-bidder-round-2")

            # Round 3: 丙 88,000, 甲 87,000, 乙 85,000; 乙's move is the last one: it ends there.
            clock.move_to(box(starts_at, 3, 1))
            bidders["丙"].open()
            bidders["丙"].keep()
            clock.move_to(box(starts_at, 3, 2))
            bidders["甲"].open()
            assert "已出价：84000.00 元。" in bidders["甲"].lower(84000)
            clock.move_to(box(starts_at, 3, 3))
            bidders["乙"].open()
            text = bidders["乙"].keep()
            assert "网上竞价已结束。" in text and "结果已公示。" in text
            shot(yi.page, "15-auction-bidder-finished")

            job.refresh_from_db()
            assert job.status == Job.Status.PUBLICITY and job.winner_id == bids["甲"].pk
            assert Bid.objects.get(pk=bids["甲"].pk).price == Decimal("84000")
            moves = AuctionMove.objects.filter(auction__job=job)
            assert moves.filter(round=0).count() == 3 and moves.filter(round__gte=1).count() == 9
            assert moves.get(round=1, bid=bids["乙"]).kind == AuctionMove.Kind.TIMED_OUT

            page.goto(f"/workspace/jobs/{job.pk}/selection/")
            shot(page, "16-auction-owner-result")

            # The public record: the winner, and every round and move with the agencies' names.
            page.context.clear_cookies()
            page.goto(f"/notices/{job.pk}/")
            assert page.locator("[data-winner-agency]").get_attribute("data-winner-agency") == names["甲"]
            text = main_text(page)
            record = text.split("网上竞价记录")[1]
            for name in names.values():
                assert name in record
            for number in (1, 2, 3):
                assert f"第 {number} 轮" in record
            tables = page.locator("table.auction-rounds")
            assert tables.count() == 4  # the opening and three rounds
            # Each round's rows in its order, from the highest price at the round's start down.
            for number, order in ((1, "甲丙乙"), (2, "丙甲乙"), (3, "丙甲乙")):
                rows = tables.nth(number).locator("tbody tr").all()
                assert [names[short] in row.inner_text() for short, row in zip(order, rows, strict=True)] == [True] * 3
            for price in ("91000.00", "88000.00", "87000.00", "85000.00", "84000.00"):
                assert price in record
            assert record.count("限时内未出价（维持报价）") == 1
            assert "中选价 84000.00 元" in text
            shot(page, "17-auction-public-record")
        finally:
            for bidder in bidders.values():
                bidder.context.close()


@pytest.mark.parametrize("javascript", [False, True], ids=["timed-refresh", "poller"])
def test_after_a_refused_move_the_page_goes_back_to_the_live_page(browser, live_server, scene, javascript):
    t0 = timezone.now().replace(second=0, microsecond=0)
    with time_machine.travel(t0, tick=False) as clock:
        job = scene.job(Job.Method.AUCTION, AUCTION_PARAMS, closed_at=t0 - datetime.timedelta(hours=2))
        first, *_others = [scene.bid(job, price=price) for price in (100000, 90000, 95000)]
        from bidding.services.auction import auction_start

        auction_start(actor=scene.owner_user, job=job)
        starts_at = Auction.objects.get(job=job).starts_at
        bidder = Bidder(browser, live_server, first, "甲")
        try:
            if not javascript:
                bidder.context.close()
                bidder.context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
                client = Client()
                client.force_login(first.member)
                bidder.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                                             "url": live_server.url}])
                bidder.page = bidder.context.new_page()
            # Without JavaScript: 2 seconds before its box closes, so the page refreshes itself in 2 s.
            clock.move_to(box(starts_at, 1, 1, seconds=118 if not javascript else 10))
            bidder.open()
            assert "每次最多降价 10%" in bidder.lower(85000)
            if javascript:
                clock.move_to(box(starts_at, 1, 2))  # its box ran out: the state changes, the poller reloads
            with bidder.page.expect_request(lambda request: request.is_navigation_request(), timeout=10_000) as nav:
                pass
            assert (nav.value.method, nav.value.url) == ("GET", f"{live_server.url}/workspace/bids/{first.pk}/auction/")
        finally:
            bidder.context.close()
