"""A visitor walks the public site as a person would, clicking links: home → notice → draw proof;
catalogue → item → service guide and the fee calculator (filled and submitted); directory →
agency → credit. Screenshots of each step land in var/screenshots/public-site--*.png."""
import pytest

from core.demo.guides import ensure_guides
from core.demo.site import ensure_page_tree
from tests.factories import AgencyFactory, AgencyServiceFactory, FeeRuleFactory, OwnerFactory
from tests.factories.draws import drawn_job

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.browser


@pytest.fixture
def scene(transactional_db):
    ensure_page_tree(english=True)
    item = FeeRuleFactory(item__code="ZJ-WALK-01", item__name="建设项目环境影响报告书编制").item
    ensure_guides()
    agencies = [AgencyFactory(name=f"德阳蓝天环境科技有限公司{n}") for n in range(1, 4)]
    for agency in agencies:
        AgencyServiceFactory(agency=agency, item=item)
    owner = OwnerFactory(name="德阳市交通建设投资有限公司")
    job = drawn_job(owner, item, agencies, title="旌阳区道路改建工程环境影响评价")
    return {"item": item, "agencies": agencies, "job": job}


def shoot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"public-site--{name}.png"), full_page=True)


def test_home_to_a_notice_and_its_draw_proof(page, scene):
    page.goto("/")
    shoot(page, "1-home")
    page.get_by_role("link", name="旌阳区道路改建工程环境影响评价").first.click()
    page.wait_for_url(f"**/notices/{scene['job'].pk}/")
    assert page.get_by_role("heading", name="旌阳区道路改建工程环境影响评价").is_visible()
    shoot(page, "2-notice")
    page.get_by_role("link", name="抽取验证", exact=True).first.click()
    page.wait_for_url(f"**/notices/{scene['job'].pk}/draw/")
    assert page.locator("[data-seed]").count() >= 1   # the proof anyone can recompute
    shoot(page, "3-draw-proof")


def test_catalogue_to_an_item_its_guide_and_the_calculator(page, scene):
    page.goto("/")
    page.locator(".main-nav").get_by_role("link", name="服务事项清单").click()
    page.get_by_role("link", name="建设项目环境影响报告书编制").click()
    page.wait_for_url("**/catalogue/ZJ-WALK-01/")
    assert page.get_by_role("heading", name="服务指南").is_visible()
    page.get_by_label("项目总投资（万元）").fill("3000")
    page.get_by_role("button", name="计算").click()
    page.wait_for_url("**fee-quantity=3000**")
    assert "20,000.00 元" in page.locator(".fee-result").inner_text()   # 1000 × 10 + 2000 × 5
    shoot(page, "4-item-calculated")
    page.get_by_role("link", name="打印版（一页）").click()
    page.wait_for_url("**/catalogue/ZJ-WALK-01/guide/")
    page.emulate_media(media="print")
    assert not page.locator(".main-nav").is_visible()   # the print style keeps the guide alone
    shoot(page, "5-guide-print")


def test_fees_page_calculates_without_javascript_too(browser, live_server, django_db_serialized_rollback, scene):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    page.goto("/fees/")
    page.get_by_label("服务事项", exact=True).select_option("ZJ-WALK-01")
    page.get_by_role("button", name="查看收费标准").click()
    page.get_by_label("项目总投资（万元）").fill("3000")
    page.get_by_role("button", name="计算").click()
    assert "20,000.00 元" in page.locator(".fee-result").inner_text()
    shoot(page, "6-fees-no-js")
    context.close()


def test_directory_to_an_agency_and_its_credit(page, scene):
    agency = scene["agencies"][0]
    page.goto("/")
    page.locator(".main-nav").get_by_role("link", name="中介机构名录").click()
    page.get_by_role("link", name=agency.name, exact=True).first.click()
    page.wait_for_url(f"**/agencies/{agency.uscc}/")
    assert page.get_by_role("heading", name=agency.name).first.is_visible()
    assert page.get_by_text("信用").first.is_visible()
    shoot(page, "7-agency-credit")
