"""The auction's pages: the owner starts it from the selection page; the bidder's live page
works without JavaScript (a timed refresh at the next change, the move form in its own box, a
refusal shown with the input kept) and feeds the small poller (JSON); the public notice shows
every round and move once it is over, anonymous labels while it runs."""
import json
from decimal import Decimal

import pytest

from bidding.models import Auction, AuctionMove, Job
from bidding.services.auction import auction_move, auction_start
from tests.pagecache import cached_text, fresh

from .conftest import at


def live(bid):
    return f"/workspace/bids/{bid.pk}/auction/"


def text(response):
    return response.content.decode()


def test_the_owner_starts_the_auction_from_the_selection_page(scene, client):
    client.force_login(scene.owner_user)
    page = text(client.get(f"/workspace/jobs/{scene.job.pk}/selection/"))
    assert "开始网上竞价" in page and "每家每轮限时" in page
    response = client.post(f"/workspace/jobs/{scene.job.pk}/selection/auction/start/")
    assert response.status_code == 302
    assert Auction.objects.filter(job=scene.job).exists()
    page = text(client.get(f"/workspace/jobs/{scene.job.pk}/selection/"))
    assert "开始网上竞价" not in page and "开标后暂停" in page and "报价人 1" in page
    # the owner sees labels, not names, while it runs
    assert scene.a.agency.name not in page.split("开标报价（第 0 轮）")[1]


def test_before_the_start_the_receipt_leads_to_a_live_page_that_waits(scene, client):
    client.force_login(scene.c.member)
    receipt = text(client.get(f"/workspace/bids/{scene.c.pk}/"))
    assert "进入网上竞价页面" in receipt and live(scene.c) in receipt
    page = text(client.get(live(scene.c)))
    assert "业主尚未开始网上竞价" in page and f'<meta http-equiv="refresh" content="60; url={live(scene.c)}">' in page
    assert json.loads(client.get(live(scene.c) + "state/").content)["phase"] == "not_started"
    response = client.post(live(scene.c) + "move/", {"action": "lower", "price": "90000"})
    assert response.status_code == 400 and "网上竞价尚未开始。" in text(response)


def test_the_live_page_refreshes_itself_at_the_next_change_without_javascript(scene, client):
    auction_start(actor=scene.owner_user, job=scene.job)
    client.force_login(scene.c.member)
    page = text(client.get(live(scene.c)))
    assert f'<meta http-equiv="refresh" content="300; url={live(scene.c)}">' in page  # the pause ends at 10:05:00
    assert "贵机构为“报价人 2”" in page and "第一轮将于 10:05:00 开始" in page
    assert "js/auction.js" in page and scene.a.agency.name not in page
    scene.move_to(at(0, 30))
    page = text(client.get(live(scene.c)))
    assert f'<meta http-equiv="refresh" content="90; url={live(scene.c)}">' in page  # a's box closes at 10:07:00
    assert "报价人 1 出价中" in page and 'name="price"' not in page
    scene.move_to(at(2, 15))
    page = text(client.get(live(scene.c)))
    assert "轮到贵机构出价。" in page and 'name="price"' in page and "不能低于 85500.00 元" in page
    assert f'<meta http-equiv="refresh" content="105; url={live(scene.c)}">' in page


def test_a_move_through_the_page_and_a_refusal_shown_with_the_input_kept(scene, client):
    auction_start(actor=scene.owner_user, job=scene.job)
    client.force_login(scene.a.member)
    scene.move_to(at(0, 10))
    response = client.post(live(scene.a) + "move/", {"action": "lower", "price": "85000"})
    assert response.status_code == 400
    page = text(response)
    assert "每次最多降价 10%：本轮报价不能低于 90000.00 元" in page and 'value="85000"' in page
    assert not AuctionMove.objects.filter(round=1).exists()
    response = client.post(live(scene.a) + "move/", {"action": "lower", "price": "abc"})
    assert response.status_code == 400 and "请填写大于 0、最多两位小数的报价金额。" in text(response)
    response = client.post(live(scene.a) + "move/", {"action": "lower", "price": "91000"})
    assert response.status_code == 302
    assert AuctionMove.objects.get(round=1).price == Decimal(91000)
    page = text(client.get(live(scene.a)))
    assert "已出价：91000.00 元。" in page and "91000.00" in page


def test_keeping_the_price_needs_no_price(scene, client):
    auction_start(actor=scene.owner_user, job=scene.job)
    client.force_login(scene.a.member)
    scene.move_to(at(0, 10))
    assert client.post(live(scene.a) + "move/", {"action": "keep"}).status_code == 302
    move = AuctionMove.objects.get(round=1)
    assert move.kind == AuctionMove.Kind.KEPT and move.price == Decimal(100000)


def test_a_late_move_through_the_page(scene, client):
    auction_start(actor=scene.owner_user, job=scene.job)
    client.force_login(scene.a.member)
    scene.move_to(at(2, 0))
    response = client.post(live(scene.a) + "move/", {"action": "lower", "price": "95000"})
    assert response.status_code == 400
    assert "您本轮的出价时间已于 2026-03-02 10:07:00 结束" in text(response)
    assert not AuctionMove.objects.filter(round=1).exists()


def test_the_poller_reads_the_state_as_json(scene, client):
    auction_start(actor=scene.owner_user, job=scene.job)
    client.force_login(scene.c.member)
    scene.move_to(at(2, 15))
    state = json.loads(client.get(live(scene.c) + "state/").content)
    assert state["phase"] == "running" and state["your_turn"] is True and state["seconds_left"] == 105
    assert state["round"] == 1 and state["turn_label"] == 2
    assert state["prices"] == [{"label": 1, "price": "100000.00", "own": False},
                               {"label": 2, "price": "95000.00", "own": True},
                               {"label": 3, "price": "90000.00", "own": False}]
    before = state["stamp"]
    auction_move(actor=scene.c.member, bid=scene.c, price=Decimal(94000))
    assert json.loads(client.get(live(scene.c) + "state/").content)["stamp"] != before


@pytest.fixture
def site(db):
    from core.demo.site import ensure_page_tree

    return ensure_page_tree()


def test_the_public_notice_shows_labels_while_it_runs_and_every_move_with_names_after(scene, client, site):
    auction_start(actor=scene.owner_user, job=scene.job)
    scene.move_to(at(1))
    auction_move(actor=scene.a.member, bid=scene.a, price=Decimal(92000))
    page = text(client.get(f"/notices/{scene.job.pk}/"))
    assert "网上竞价记录" in page and "竞价进行中：报价人以编号显示" in page
    listed, record = page.split("网上竞价记录")
    assert "92000.00" in record and scene.a.agency.name not in record
    # the list of valid bids names the agencies but shows no price while it runs
    # (the price as the page writes it: a bare "100000" may be part of a random USCC in a link)
    assert scene.a.agency.name in listed and "100000.00" not in listed and "竞价中" in listed
    scene.move_to(at(18))
    from bidding.services.clock import advance_due_jobs

    advance_due_jobs()
    assert Job.objects.get(pk=scene.job.pk).status == Job.Status.PUBLICITY
    listed, record = text(client.get(f"/notices/{scene.job.pk}/")).split("网上竞价记录")
    assert "92000.00" in listed and "95000.00" in listed and "90000.00" in listed  # final prices
    for bid in scene.bids:
        assert bid.agency.name in record
    assert record.count("限时内未出价（维持报价）") == 8 and "降价" in record


@pytest.mark.usefixtures("page_cache_on")
def test_the_cached_public_record_is_kept_only_until_the_next_box(scene, client, site):
    """The clock alone changes a running auction's record (a box runs out, nothing is written):
    the page cache keeps the notice until then, not until the next write."""
    auction_start(actor=scene.owner_user, job=scene.job)
    scene.move_to(at(0, 30))
    assert "限时内未出价（维持报价）" not in cached_text(client, f"/notices/{scene.job.pk}/")
    scene.move_to(at(2, 1))  # a's box ran out at 10:07:00
    assert "限时内未出价（维持报价）" in fresh(client, f"/notices/{scene.job.pk}/")


def test_an_ended_auction_with_a_tie_shows_the_owner_what_the_draw_waits_for(db, clock, client):
    from .conftest import Scene
    from .test_services import tie

    scene = Scene(clock, beacon=False)
    tie(scene)
    client.force_login(scene.owner_user)
    page = text(client.get(f"/workspace/jobs/{scene.job.pk}/selection/"))
    assert "竞价已结束。最低报价相同，须在公共随机数确定后抽签排序。" in page
    assert "通知监管人员录入公共随机数" in page and "确定竞价结果" in page
    response = client.post(f"/workspace/jobs/{scene.job.pk}/selection/beacon/")
    assert response.status_code == 302
    assert scene.job.__class__.objects.get(pk=scene.job.pk).status == Job.Status.CLOSED
    page = text(client.get(f"/workspace/jobs/{scene.job.pk}/selection/"))
    assert "已于" in page and "通知监管人员" in page
    response = client.post(f"/workspace/jobs/{scene.job.pk}/selection/auction/result/")
    assert response.status_code == 302
    assert "等待公共随机数" in text(client.get(f"/workspace/jobs/{scene.job.pk}/selection/"))
