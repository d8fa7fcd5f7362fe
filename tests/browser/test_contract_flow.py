"""The life after the award in a real browser, as the parties click through it: the owner generates
the contract, fills in the marked fields and a two-milestone plan (once with amounts that do not
add up), offers it; the agency sends it back once with comments; the owner offers again; the
agency signs (once with a wrong password), the owner signs; the sealed PDF downloads and checks,
and the public verify page accepts it. Then the owner pays the first milestone with Stripe's test
card (against the run's localstripe server), the agency delivers, the owner sends it back once,
the agency delivers again, the owner accepts and the money is released.

A second test reads the public model contracts.

Screenshots land in var/screenshots/contract-*.png for a person to look at.
"""
import datetime
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.utils import timezone

from contracts.models import Contract, Delivery, Milestone, Payment, Signature
from contracts.pdf_check import check_pdf
from core.demo.site import ensure_page_tree
from tests.contracts.conftest import PASSWORD, publish_template
from tests.factories import BidFactory, JobFactory, MembershipFactory, OwnerFactory, UserFactory

from .conftest import SCREENSHOTS
from .test_bidding_flow import click_and_wait, log_in_with_the_form

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("localstripe")]

TITLE = "旌阳区岷江西路改建工程环境影响评价"
PRICE = Decimal("60000")
UPLOAD = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"contract-{name}.png"), full_page=True)


def main_text(page):
    return page.locator("main").inner_text()


@pytest.fixture
def cast(page, transactional_db, settings):
    """tests/contracts/conftest.py's scene, with names a person reading the screenshots would
    expect: a job awarded to a winner, a runner-up, a published general model contract."""
    settings.CONTRACT_SIGN_WORKING_DAYS = 5
    ensure_page_tree()
    template = publish_template()
    now = timezone.now()
    owner = OwnerFactory(name="德阳市旌阳区住房和城乡建设局")
    job = JobFactory(owner=owner, title=TITLE, status="awarded", closes_at=now - datetime.timedelta(days=10),
                     closed_at=now - datetime.timedelta(days=10), awarded_at=now - datetime.timedelta(hours=1))
    winner = BidFactory(job=job, price=PRICE, status="valid", rank=1, promised_days=15,
                        agency__name="德阳清源环境咨询有限公司")
    BidFactory(job=job, price=62000, status="valid", rank=2, promised_days=18)
    job.winner = winner
    job.save(update_fields=["winner"])
    owner_user = UserFactory(full_name="王建国")
    agency_user = UserFactory(full_name="李清源")
    MembershipFactory(user=owner_user, organisation=owner)
    MembershipFactory(user=agency_user, organisation=winner.agency)
    return {"job": job, "template": template, "owner": owner, "agency": winner.agency,
            "owner_user": owner_user, "agency_user": agency_user}


def fill_terms(page, *, special_terms="无"):
    today = timezone.localdate()
    page.fill('main [name="scope"]', "编制建设项目环境影响报告表，配合审批部门完成技术审查。")
    page.fill('main [name="start_date"]', today.isoformat())
    page.fill('main [name="end_date"]', (today + datetime.timedelta(days=40)).isoformat())
    page.fill('main [name="acceptance_days"]', "10")
    page.fill('main [name="deliverables"]', "环境影响报告表（纸质 8 份及电子版）")
    page.fill('main [name="acceptance_criteria"]', "报告表通过生态环境局组织的技术审查并取得批复。")
    page.fill('main [name="special_terms"]', special_terms)


def fill_plan(page, *amounts):
    today = timezone.localdate()
    titles = ["提交报告表送审稿", "取得批复并提交全部成果"]
    for n, amount in enumerate(amounts):
        page.fill(f'main [name="m-{n}-title"]', titles[n])
        page.fill(f'main [name="m-{n}-amount"]', amount)
        page.fill(f'main [name="m-{n}-due_date"]', (today + datetime.timedelta(days=20 * (n + 1))).isoformat())
    for n in range(len(amounts), int(page.locator('main [name="m-TOTAL_FORMS"]').input_value())):
        for field in ("title", "amount", "due_date"):
            page.fill(f'main [name="m-{n}-{field}"]', "")


def save_draft(page):
    click_and_wait(page, page.locator("main").get_by_role("button", name="保存草稿"))


def open_contract(page, contract):
    page.goto("/workspace/contracts/")
    click_and_wait(page, page.locator("main").get_by_role("link", name=contract.number))


def draft_and_offer(page, cast):
    """Step 1: the owner generates the contract, fills it in (once with a plan that does not add
    up) and offers it."""
    log_in_with_the_form(page, cast["owner_user"])
    page.goto("/workspace/contracts/")
    shot(page, "01-owner-list")
    assert TITLE in main_text(page)
    click_and_wait(page, page.locator("main").get_by_role("button", name="生成合同"))
    contract = Contract.objects.get(job=cast["job"])
    assert page.url.endswith(f"/workspace/contracts/{contract.pk}/edit/")
    shot(page, "02-edit")

    before = (contract.values, contract.milestone_plan)
    fill_terms(page)
    fill_plan(page, "30000", "20000")
    save_draft(page)
    text = main_text(page)
    assert "付款节点金额合计 50,000.00 元" in text or "付款节点金额合计 50000" in text, text
    assert "与合同价款" in text and "不符" in text
    shot(page, "03-plan-does-not-add-up")
    contract.refresh_from_db()
    assert (contract.values, contract.milestone_plan) == before

    fill_plan(page, "36000", "24000")
    save_draft(page)
    assert page.url.endswith(f"/workspace/contracts/{contract.pk}/"), page.url
    assert "合同草稿已保存" in main_text(page)
    contract.refresh_from_db()
    assert [row["amount"] for row in contract.milestone_plan] == ["36000.00", "24000.00"]
    shot(page, "04-draft")
    click_and_wait(page, page.locator("main").get_by_role("button", name="送签"))
    contract.refresh_from_db()
    assert contract.status == Contract.Status.OFFERED
    shot(page, "05-offered")
    return contract


def return_and_offer_again(page, cast, contract):
    """Step 2, first half: the agency reads the contract and sends it back; the owner edits and
    offers again."""
    log_in_with_the_form(page, cast["agency_user"])
    open_contract(page, contract)
    assert "36000" in main_text(page) and contract.text_hash in main_text(page)
    shot(page, "06-agency-reads")
    page.locator("main summary", has_text="提出修改意见并退回").click()
    page.fill('main [name="comments"]', "请将成果份数改为纸质 10 份，并写明电子版格式。")
    click_and_wait(page, page.locator("main").get_by_role("button", name="退回合同"))
    assert "已退回合同" in main_text(page)
    shot(page, "07-returned")
    contract.refresh_from_db()
    assert contract.status == Contract.Status.DRAFT

    log_in_with_the_form(page, cast["owner_user"])
    open_contract(page, contract)
    assert "请将成果份数改为纸质 10 份" in main_text(page)
    click_and_wait(page, page.locator("main").get_by_role("link", name="填写约定事项"))
    page.fill('main [name="deliverables"]', "环境影响报告表（纸质 10 份，电子版 PDF 及 Word 各一份）")
    save_draft(page)
    click_and_wait(page, page.locator("main").get_by_role("button", name="送签"))
    contract.refresh_from_db()
    assert contract.status == Contract.Status.OFFERED and contract.rounds.count() == 2
    assert "纸质 10 份" in contract.text


def sign(page, password):
    page.fill('main [name="secret"]', password)
    click_and_wait(page, page.locator("main").get_by_role("button", name="确认签署"))


def sign_both(page, cast, contract):
    """Step 2, second half: the agency signs (a wrong password first), then the owner."""
    log_in_with_the_form(page, cast["agency_user"])
    open_contract(page, contract)
    sign(page, "wrong-Password-9")
    shot(page, "08-wrong-password")
    assert page.locator("main .errorlist").count() > 0, main_text(page)
    assert not Signature.objects.exists()
    sign(page, PASSWORD)
    assert "已签署" in main_text(page)
    assert Signature.objects.filter(side="agency").count() == 1
    shot(page, "09-agency-signed")

    log_in_with_the_form(page, cast["owner_user"])
    open_contract(page, contract)
    sign(page, PASSWORD)
    contract.refresh_from_db()
    assert contract.status == Contract.Status.SIGNED
    text = main_text(page)
    assert "已签订" in text
    signatures = page.locator("main section", has=page.locator("#signatures-title")).inner_text()
    for name in (cast["owner"].name, cast["agency"].name, "王建国", "李清源"):
        assert name in signatures
    shot(page, "10-signed")
    return contract


def download_pdf(page, contract, tmp_path):
    """Step 2, the end: the sealed PDF downloads and checks, and its hash is the page's."""
    shown = page.locator("main section", has=page.locator("#text-title")).locator("code").first.inner_text().strip()
    assert shown == contract.text_hash
    with page.expect_download() as download_info:
        page.locator("main").get_by_role("link", name="下载平台签章的合同 PDF").click()
    path = tmp_path / "contract.pdf"
    download_info.value.save_as(path)
    # pyhanko runs its own event loop, which Playwright's (running in this thread) forbids.
    with ThreadPoolExecutor(max_workers=1) as pool:
        checked = pool.submit(check_pdf, path.read_bytes()).result()
    assert checked.intact and checked.trusted and checked.original, checked
    assert checked.text_hash == shown
    return path


def verify_publicly(page, contract, pdf_path):
    """Step 3: anyone checks the PDF, or a hash, on the public page."""
    page.context.clear_cookies()
    page.goto("/contracts/verify/")
    shot(page, "11-verify-form")
    page.set_input_files('main [name="file"]', str(pdf_path))
    click_and_wait(page, page.locator("main").get_by_role("button", name="核验"))
    text = main_text(page)
    assert "该文件是平台出具的原件，未被改动" in text, text
    assert contract.number in text and contract.text_hash in text
    shot(page, "12-verify-pdf")

    page.goto("/contracts/verify/")
    page.fill('main [name="text_hash"]', "0" * 64)
    click_and_wait(page, page.locator("main").get_by_role("button", name="核验"))
    text = main_text(page)
    assert "平台上没有以该文本签订的合同" in text and contract.number not in text
    shot(page, "13-verify-wrong-hash")


def milestone_row(page, number):
    """The row of the milestone table with this number, and the row under it (its details)."""
    first = page.locator("main #milestones-title ~ .table-wrap tbody tr", has=page.locator(
        f"td:first-child:text-is('{number}')"))
    return first, first.locator("xpath=following-sibling::tr[1]")


def pay_first_milestone(page, cast, contract):
    """Step 4, the money: the owner pays milestone 1 online with the test card."""
    log_in_with_the_form(page, cast["owner_user"])
    open_contract(page, contract)
    _, actions = milestone_row(page, 1)
    click_and_wait(page, actions.get_by_role("button", name="在线支付"))
    assert "/workspace/payments/" in page.url
    shot(page, "14-payment")
    click_and_wait(page, page.locator("main").get_by_role("button", name="使用测试卡支付（测试环境）"))
    payment = Payment.objects.get(milestone__contract=contract, milestone__number=1)
    assert payment.status == Payment.Status.SUCCEEDED, payment.status
    shot(page, "15-paid")
    click_and_wait(page, page.locator("main").get_by_role("link", name=f"返回合同 {contract.number}"))
    row, _ = milestone_row(page, 1)
    assert "已支付，平台托管中" in row.inner_text()


def deliver(page, cast, contract, note):
    log_in_with_the_form(page, cast["agency_user"])
    open_contract(page, contract)
    _, details = milestone_row(page, 1)
    details.locator("summary", has_text="提交成果").click()
    details.locator('[name="note"]').fill(note)
    details.locator('[name="files"]').set_input_files(
        files=[{"name": "报告表送审稿.pdf", "mimeType": "application/pdf", "buffer": UPLOAD}])
    click_and_wait(page, details.get_by_role("button", name="提交成果"))
    assert "成果已提交" in main_text(page), main_text(page)


def deliver_and_accept(page, cast, contract):
    """Step 4, the work: delivered, sent back once, delivered again, accepted."""
    deliver(page, cast, contract, "报告表送审稿已完成，请验收。")
    shot(page, "16-delivered")

    log_in_with_the_form(page, cast["owner_user"])
    open_contract(page, contract)
    shot(page, "17-owner-reviews")
    _, details = milestone_row(page, 1)
    reject = details.locator("form", has=page.get_by_role("button", name="退回修改"))
    reject.locator('[name="reason"]').fill("环境质量现状监测数据缺少枯水期数据，请补充。")
    click_and_wait(page, reject.get_by_role("button", name="退回修改"))
    assert "已退回修改" in main_text(page)
    assert Delivery.objects.get(milestone__number=1).status == Delivery.Status.REJECTED
    shot(page, "18-rejected")

    deliver(page, cast, contract, "已补充枯水期监测数据。")
    log_in_with_the_form(page, cast["owner_user"])
    open_contract(page, contract)
    _, details = milestone_row(page, 1)
    accept = details.locator("form", has=page.get_by_role("button", name="验收通过"))
    click_and_wait(page, accept.get_by_role("button", name="验收通过"))
    assert "已验收通过" in main_text(page)
    milestone = Milestone.objects.get(contract=contract, number=1)
    assert milestone.status == Milestone.Status.ACCEPTED, milestone.status
    row, _ = milestone_row(page, 1)
    assert "已结算给机构" in row.inner_text()
    shot(page, "19-accepted-owner")

    log_in_with_the_form(page, cast["agency_user"])
    open_contract(page, contract)
    row, details = milestone_row(page, 1)
    assert "已结算给机构" in row.inner_text()
    assert "结算给机构：36000" in details.inner_text() or "结算给机构：36,000" in details.inner_text()
    shot(page, "20-accepted-agency")


def test_the_parties_draft_sign_verify_pay_deliver_and_accept(page, live_server, cast, tmp_path):
    contract = draft_and_offer(page, cast)
    return_and_offer_again(page, cast, contract)
    contract = sign_both(page, cast, contract)
    pdf_path = download_pdf(page, contract, tmp_path)
    verify_publicly(page, contract, pdf_path)
    pay_first_milestone(page, cast, contract)
    deliver_and_accept(page, cast, contract)


def test_the_public_reads_the_model_contracts(page, transactional_db):
    ensure_page_tree()
    template = publish_template()
    page.goto("/contracts/templates/")
    assert template.title in main_text(page)
    shot(page, "21-templates")
    click_and_wait(page, page.locator("main").get_by_role("link", name=template.title))
    text = main_text(page)
    assert template.code in text and "第 1 版" in text and "条款" in text
    shot(page, "22-template")
    with page.expect_download() as download:
        page.locator("main").get_by_role("link", name="下载第 1 版（PDF）").click()
    assert download.value.suggested_filename == f"{template.code}-v1.pdf"
