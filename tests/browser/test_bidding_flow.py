"""The bidding flow in a real browser: the owner publishes a job through the form, an agency bids
through the form and reads its random value on the receipt, the window closes, the owner draws,
and the public draw page carries the proof that recomputes with hashlib alone.

Two more bids are put in the database beforehand (a draw needs three valid bids). Time is moved
with time_machine: the live server runs in a thread of this process, so its clock moves too.
"""
import datetime
import hashlib
import re
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from bidding.models import Bid, Job
from core.demo.site import ensure_page_tree
from providers.models import Membership
from tests.factories import (
    AgencyFactory,
    AgencyServiceFactory,
    BidFactory,
    DrawBeaconFactory,
    MembershipFactory,
    OwnerFactory,
    ServiceItemFactory,
)

pytestmark = pytest.mark.browser

TITLE = "旌阳区岷江西路改建工程环境影响评价"
PASSWORD = "pass-Word-123"  # UserFactory's


def log_in_with_the_form(page, user):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill('main [name="login"]', user.email)
    page.fill('main [name="password"]', PASSWORD)
    with page.expect_navigation():
        page.locator("main form").filter(has=page.locator('[name="password"]')).locator(
            'button[type="submit"]').last.click()
    assert "/accounts/login/" not in page.url


def log_in_with_a_cookie(page, live_server, user):
    """Django's force_login, then the session cookie handed to the browser."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])


def click_and_wait(page, locator):
    with page.expect_navigation():
        locator.click()


def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.fixture
def cast(page, transactional_db):
    ensure_page_tree()
    item = ServiceItemFactory(name="建设项目环境影响报告表编制")
    owner = OwnerFactory(name="德阳市旌阳区住房和城乡建设局")
    agency = AgencyFactory(name="德阳清源环境咨询有限公司")
    AgencyServiceFactory(agency=agency, item=item)
    return {
        "item": item, "owner": owner, "agency": agency,
        "owner_user": MembershipFactory(organisation=owner, role=Membership.Role.ADMIN).user,
        "bidder": MembershipFactory(organisation=agency).user,
    }


def publish_through_the_form(page, cast, screenshot):
    log_in_with_the_form(page, cast["owner_user"])
    page.goto("/workspace/jobs/")
    screenshot("1-owner-jobs")
    page.goto(f"/workspace/jobs/new/?org={cast['owner'].pk}")
    closes = timezone.localdate() + datetime.timedelta(days=10)
    page.fill('main [name="title"]', TITLE)
    page.select_option('main [name="item"]', str(cast["item"].pk))
    page.fill('main [name="budget"]', "80000")
    page.fill('main [name="ceiling_price"]', "80000")
    page.select_option('main [name="selection_method"]', "random")
    page.select_option('main [name="price_mode"]', "amount")
    page.fill('main [name="closes_on"]', closes.isoformat())
    page.fill('main [name="closes_time"]', "17:00")
    page.fill('main [name="service_days"]', "20")
    page.fill('main [name="description"]', "编制建设项目环境影响报告表并取得批复。")
    screenshot("2-job-form")
    click_and_wait(page, page.locator("main form").filter(has=page.locator('[name="title"]')).locator(
        'button[type="submit"]:not([name])').last)
    assert re.search(r"/workspace/jobs/\d+/$", page.url), page.url
    screenshot("3-draft")
    click_and_wait(page, page.get_by_role("button", name="发布公告"))
    screenshot("4-published")
    job = Job.objects.get(title=TITLE)
    assert job.status == Job.Status.PUBLISHED
    return job


def bid_through_the_form(page, live_server, cast, job, screenshot):
    log_in_with_a_cookie(page, live_server, cast["bidder"])
    page.goto(f"/workspace/opportunities/?org={cast['agency'].pk}")
    screenshot("6-opportunities")
    click_and_wait(page, page.locator(f'a[href="/workspace/opportunities/{job.pk}/bid/?org={cast["agency"].pk}"]'))
    page.fill('main [name="price"]', "61000")
    page.fill('main [name="promised_days"]', "15")
    page.fill('main [name="plan"]', "组建专项技术组，现场踏勘后编制报告表。")
    screenshot("7-bid-form")
    click_and_wait(page, page.locator("main form").filter(has=page.locator('[name="price"]')).locator(
        'button[type="submit"]').last)
    screenshot("8-receipt")
    bid = Bid.objects.get(job=job, agency=cast["agency"])
    assert bid.random_value in page.locator("main").inner_text()
    assert bid.receipt_number in page.locator("main").inner_text()
    return bid


def test_owner_publishes_agency_bids_owner_draws_and_the_public_checks_the_proof(
        page, screenshot, live_server, cast):
    job = publish_through_the_form(page, cast, screenshot)
    click_and_wait(page, page.get_by_role("link", name="查看公开公告"))
    assert page.url.endswith(f"/notices/{job.pk}/")
    screenshot("5-public-announcement")
    assert job.draw_commitment in page.content()

    bid = bid_through_the_form(page, live_server, cast, job, screenshot)
    others = [BidFactory(job=job, agency=AgencyFactory(), price=Decimal(price)) for price in ("52000", "70500")]
    # The public beacon value the draw takes, as two regulators enter and confirm it after the
    # close (their pages are tested in tests/bidding_selection/test_beacon.py).
    DrawBeaconFactory(job=job)

    # The window closes: the owner's page shows it closed at once (pages never write); the owner
    # has the bids judged now rather than wait for the scheduled command, and draws.
    with time_machine.travel(job.closes_at + datetime.timedelta(minutes=5), tick=False):
        log_in_with_a_cookie(page, live_server, cast["owner_user"])
        page.goto(f"/workspace/jobs/{job.pk}/")
        screenshot("9-closed-job")
        click_and_wait(page, page.get_by_role("link", name="选取与结果"))
        assert cast["agency"].name not in page.locator("main").inner_text()
        click_and_wait(page, page.get_by_role("button", name="判定报名并开始选取"))
        screenshot("10-selection")
        assert cast["agency"].name in page.locator("main").inner_text()
        click_and_wait(page, page.get_by_role("button", name="开始抽取"))
        screenshot("11-drawn")
        job.refresh_from_db()
        assert job.status == Job.Status.PUBLICITY

        page.context.clear_cookies()
        page.goto(f"/notices/{job.pk}/draw/")
        screenshot("12-public-draw")
        html = page.content()
        assert job.draw_seed in html

    # The proof, from the page alone.
    seed = re.search(r'data-seed="([0-9a-f]{64})"', html).group(1)
    commitment = re.search(r'data-commitment="([0-9a-f]{64})"', html).group(1)
    values = sorted(set(re.findall(r'data-value="([0-9a-f]{32})"', html)))
    winner_value = re.search(r'data-winner-value="([0-9a-f]{32})"', html).group(1)
    assert sha256(seed) == commitment
    assert values == sorted([bid.random_value, *(other.random_value for other in others)])
    beacon = re.search(r'data-beacon="([^"]+)"', html).group(1)
    assert re.search(r'data-version="([^"]+)"', html).group(1) == "zjcs-draw-v2"
    pool = sha256("|".join(["zjcs-draw-v2", seed, beacon, *values]))
    assert min(values, key=lambda value: (sha256(pool + "|" + value), value)) == winner_value
    assert job.winner.random_value == winner_value
