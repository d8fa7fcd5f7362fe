"""Oversight in a real browser: a member of the public files an anonymous complaint through the
form and gets a tracking number; the department's regulator finds it on the workspace home, takes
it and upholds it; the public follows the number to the published outcome, which never names the
complainant. Then a random-inspection campaign: the public reads its results and its draw proof,
and the proof's ranking is the one bidding/draw.py computes from the figures on the page.

Screenshots land in var/screenshots/oversight-*.png for a person to look at.
"""
import datetime

import pytest
from django.utils import timezone

from bidding import draw
from core.demo.site import ensure_page_tree
from oversight.models import CampaignEntry, Complaint, InspectionCampaign
from oversight.services import inspections as campaigns
from tests.factories import (
    AgencyFactory,
    AgencyServiceFactory,
    DepartmentFactory,
    RegionFactory,
    RegulatorFactory,
    ServiceCategoryFactory,
    ServiceItemFactory,
)

from .conftest import SCREENSHOTS
from .test_bidding_flow import click_and_wait, log_in_with_a_cookie

pytestmark = pytest.mark.browser

PHONE = "13912345678"
SUMMARY = "中介机构超出承诺时限未提交成果"
OUTCOME = "经调查，该机构超出承诺时限28个工作日未提交成果，投诉成立，责令限期改正并记入信用记录。"


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"oversight-{name}.png"), full_page=True)


def main_text(page):
    return page.locator("main").inner_text()


@pytest.fixture
def cast(page, transactional_db):
    ensure_page_tree()
    deyang = RegionFactory()
    category = ServiceCategoryFactory(code="env", name="环境评价")
    item = ServiceItemFactory(category=category, name="建设项目环境影响评价")
    department = DepartmentFactory(region=deyang, name="德阳市生态环境局")
    inspectors = [RegulatorFactory(department=department, user__full_name=name, categories=[category])
                  for name in ("赵志强", "钱晓燕", "孙立新", "李文博")]
    agencies = [AgencyFactory(region=deyang, name=f"德阳{name}环境咨询有限公司")
                for name in ("清源", "绿源", "蓝天", "碧水", "青山")]
    for agency in agencies:
        AgencyServiceFactory(agency=agency, item=item)
    return {"item": item, "category": category, "region": deyang, "inspectors": inspectors, "agencies": agencies}


def test_a_complaint_filed_anonymously_is_followed_to_its_published_outcome(page, live_server, cast):
    agency = cast["agencies"][0]
    page.goto("/complaints/")
    shot(page, "1-form")
    page.get_by_label("中介机构", exact=True).check()
    page.get_by_label("被投诉中介机构").fill(agency.name)
    page.get_by_label("所涉服务事项").select_option(cast["item"].code)
    page.get_by_label("投诉事由").fill(SUMMARY)
    page.get_by_label("投诉内容").fill("约定20个工作日提交成果，至今未交，多次催促无果。")
    page.get_by_label("匿名投诉").check()
    page.get_by_label("联系电话").fill(PHONE)
    click_and_wait(page, page.get_by_role("button", name="提交投诉"))
    complaint = Complaint.objects.get()
    assert complaint.anonymous and complaint.agency == agency
    assert complaint.number in main_text(page) and "已受理" in main_text(page)
    assert PHONE not in page.content()
    shot(page, "2-acknowledged")

    # The department's regulator: the queue on the workspace home, the case, take it, uphold it.
    log_in_with_a_cookie(page, live_server, cast["inspectors"][0].user)
    page.goto("/regulator/")
    assert "投诉举报" in main_text(page)
    shot(page, "3-workspace")
    page.goto(f"/regulator/oversight/complaints/{complaint.pk}/")
    assert PHONE in main_text(page)  # the answering department sees the contact
    click_and_wait(page, page.get_by_role("button", name="受理并承办"))
    page.get_by_label("投诉成立").check()
    page.get_by_label("处理结果及理由").fill(OUTCOME)
    page.get_by_label("责任主体").select_option(str(agency.pk))
    click_and_wait(page, page.get_by_role("button", name="办结并公开结果"))
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.UPHELD
    shot(page, "4-decided")

    # The public follows the number to the outcome: no contact, no identity.
    page.context.clear_cookies()
    page.goto("/complaints/")
    page.get_by_label("受理编号").first.fill(complaint.number.lower())
    click_and_wait(page, page.get_by_role("button", name="查询").first)
    text = main_text(page)
    assert complaint.number in text and "投诉成立" in text and OUTCOME in text
    assert PHONE not in page.content()
    shot(page, "5-outcome")


def test_the_public_reads_an_inspection_and_recomputes_its_draw(page, live_server, cast):
    lead, second, third = (regulator.user for regulator in cast["inspectors"][:3])
    campaign = campaigns.campaign_create(actor=lead, title="2026年环评机构双随机抽查", region=cast["region"],
                                         categories=[cast["category"]], agency_count=3, inspector_count=2,
                                         checks="资质、从业人员、报告质量")
    campaigns.campaign_announce(actor=lead, campaign=campaign, now=timezone.now() - datetime.timedelta(hours=2))
    campaigns.campaign_beacon_enter(actor=second, campaign=campaign, value="03 11 17",
                                    reference="福彩3D 第2026001期开奖号码")
    campaigns.campaign_beacon_confirm(actor=third, campaign=campaign, value="03 11 17")
    campaigns.campaign_draw(actor=lead, campaign=campaign)
    drawn = CampaignEntry.objects.filter(campaign=campaign, pool="agency", drawn=True).select_related("agency")
    for entry in drawn:
        campaigns.finding_record(actor=lead, campaign=campaign, agency=entry.agency, result="compliant",
                                 details="未发现问题", inspected_on=timezone.localdate())
    campaigns.campaign_publish(actor=lead, campaign=campaign, summary="本次抽查 3 家，均未发现问题。")
    campaign = InspectionCampaign.objects.get(pk=campaign.pk)

    page.goto("/inspections/")
    click_and_wait(page, page.get_by_role("link", name=campaign.title).first)
    assert "本次抽查 3 家，均未发现问题。" in main_text(page)
    shot(page, "6-inspection")
    page.goto(f"/inspections/{campaign.pk}/draw/")
    text = main_text(page)
    assert campaign.seed in text and campaign.commitment in text and "03 11 17" in text
    shot(page, "7-inspection-draw")
    # Recompute the agencies' ranking from the figures the page shows, and compare it with the
    # ranking the page gives (its first list is the agencies').
    values = [value for value in CampaignEntry.objects.filter(campaign=campaign, pool="agency")
              .values_list("value", flat=True) if value in text]
    assert len(values) == CampaignEntry.objects.filter(campaign=campaign, pool="agency").count()
    result = draw.run(campaign.seed, values, beacon=campaign.beacon_value)
    ranked = page.locator("ol.draw-ranking").first.locator("li[data-ranked-value]")
    assert [ranked.nth(n).get_attribute("data-ranked-value") for n in range(ranked.count())] == result.ranking
    shown = page.locator("ol.draw-ranking").first.locator("[data-drawn-agency]")
    by_value = dict(CampaignEntry.objects.filter(campaign=campaign, pool="agency")
                    .values_list("value", "agency__name"))
    assert [shown.nth(n).get_attribute("data-drawn-agency") for n in range(shown.count())] == [
        by_value[value] for value in result.ranking[:3]]
    assert [entry.agency.name for entry in drawn.order_by("rank")] == [by_value[v] for v in result.ranking[:3]]
