"""Credit in a real browser, as regulators, an agency and the public click through it: one
regulator proposes a blacklisting with evidence and a named senior manager, the same regulator
finds no way to approve it, a second regulator approves it; the agency's next bid is refused with
the reason; the public reads the entry at /credit/blacklist/ with the ID numbers masked, the
agency's credit record on its page and the rules at /credit/.

Screenshots land in var/screenshots/credit-*.png for a person to look at.
"""
import datetime

import pytest
from django.utils import timezone

from bidding.models import Bid
from core.demo.site import ensure_page_tree
from providers.models import Membership
from reviews.models import BlacklistEntry
from tests.factories import (
    AgencyFactory,
    AgencyServiceFactory,
    JobFactory,
    MembershipFactory,
    RegulatorFactory,
    ServiceItemFactory,
)
from tests.factories.providers import valid_id_number

from .conftest import SCREENSHOTS
from .test_bidding_flow import click_and_wait, log_in_with_a_cookie

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MANAGER_ID = valid_id_number(7, region="510603")


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"credit-{name}.png"), full_page=True)


def main_text(page):
    return page.locator("main").inner_text()


@pytest.fixture
def cast(page, transactional_db, tmp_path):
    ensure_page_tree()
    item = ServiceItemFactory(name="建设项目环境影响报告表编制")
    agency = AgencyFactory(name="德阳清源环境咨询有限公司", legal_representative="赵明")
    AgencyServiceFactory(agency=agency, item=item)
    now = timezone.now()
    job = JobFactory(item=item, title="旌阳区岷江西路改建工程环境影响评价", status="published",
                     published_at=now - datetime.timedelta(days=1), closes_at=now + datetime.timedelta(days=5))
    evidence = tmp_path / "行政处罚决定书.pdf"
    evidence.write_bytes(PDF)
    return {
        "agency": agency, "job": job, "evidence": evidence,
        "bidder": MembershipFactory(organisation=agency, role=Membership.Role.ADMIN).user,
        "first": RegulatorFactory(user__full_name="李监管").user,
        "second": RegulatorFactory(user__full_name="王复核").user,
    }


def test_two_regulators_blacklist_an_agency_and_its_next_bid_is_refused(page, live_server, cast):
    agency = cast["agency"]
    # The first regulator finds the agency and proposes.
    log_in_with_a_cookie(page, live_server, cast["first"])
    page.goto(f"/regulator/credit/blacklist/?q={agency.uscc}")
    shot(page, "1-regulator-blacklist")
    click_and_wait(page, page.locator(f'main a[href*="agency={agency.pk}"]').first)
    page.fill('main [name="facts"]', "2026 年 9 月在某污水管网工程环境影响评价中伪造监测数据，出具虚假报告。")
    page.fill('main [name="legal_basis"]', "《中华人民共和国环境影响评价法》第三十二条")
    page.select_option('main [name="years"]', "2")
    page.fill('main [name="managers"]', f"钱副总 {MANAGER_ID}")
    page.set_input_files('main [name="files"]', str(cast["evidence"]))
    shot(page, "2-propose")
    click_and_wait(page, page.locator("main form").filter(has=page.locator('[name="facts"]')).locator(
        'button[type="submit"]').last)
    entry = BlacklistEntry.objects.get(agency=agency)
    assert entry.status == BlacklistEntry.Status.PROPOSED
    shot(page, "3-proposed")
    # The proposer is offered no decision.
    assert page.locator('main button[name="decision"]').count() == 0

    # The second regulator approves.
    log_in_with_a_cookie(page, live_server, cast["second"])
    page.goto(f"/regulator/credit/blacklist/{entry.pk}/")
    page.fill('main [name="note"]', "事实清楚，证据充分，同意列入。")
    click_and_wait(page, page.locator('main button[name="decision"][value="approve"]'))
    shot(page, "4-approved")
    entry.refresh_from_db()
    assert entry.status == BlacklistEntry.Status.APPROVED and entry.decided_by == cast["second"]

    # The agency's next bid is refused, with the reason, and nothing is written.
    log_in_with_a_cookie(page, live_server, cast["bidder"])
    page.goto(f"/workspace/opportunities/{cast['job'].pk}/bid/?org={agency.pk}")
    shot(page, "5-bid-refused")
    text = main_text(page)
    assert "黑名单" in text
    if page.locator('main [name="price"]').count():
        page.fill('main [name="price"]', "61000")
        page.fill('main [name="promised_days"]', "15")
        click_and_wait(page, page.locator("main form").filter(has=page.locator('[name="price"]')).locator(
            'button[type="submit"]').last)
        assert "黑名单" in main_text(page)
    assert not Bid.objects.filter(agency=agency).exists()

    # The public reads the entry, masked, and the agency's record.
    page.context.clear_cookies()
    page.goto("/credit/blacklist/")
    shot(page, "6-public-blacklist")
    html = page.content()
    assert agency.name in html and "《中华人民共和国环境影响评价法》第三十二条" in html
    assert MANAGER_ID not in html and MANAGER_ID[:4] + "*" * 10 + MANAGER_ID[-4:] in html
    page.goto(f"/agencies/{agency.uscc}/")
    shot(page, "7-agency-credit")
    assert "黑名单" in main_text(page)
    page.goto("/credit/")
    shot(page, "8-credit-rules")
    assert "暂无足够评价" in main_text(page) or "信用" in main_text(page)
