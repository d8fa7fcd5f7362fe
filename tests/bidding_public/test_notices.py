"""The public notices: drafts never appear; bids stay sealed until the close (not even their
number); afterwards every valid bid's price, the winner and the draw proof are public."""
import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bidding.models import Bid, Job, Objection
from bidding.selectors.public import public_jobs, public_result
from tests.factories import (
    AgencyFactory,
    BidFactory,
    JobFactory,
    OwnerFactory,
    QualificationTypeFactory,
    RegionFactory,
    ServiceItemFactory,
)

from .conftest import separate_agency

pytestmark = pytest.mark.django_db


def test_the_list_shows_published_jobs_newest_first_and_never_drafts(client, home):
    now = timezone.now()
    JobFactory(title="较早的公告", published_at=now - datetime.timedelta(days=3))
    JobFactory(title="最新的公告", published_at=now - datetime.timedelta(hours=1))
    JobFactory(title="尚未发布的草稿", status=Job.Status.DRAFT, closes_at=None, published_at=None)
    response = client.get("/notices/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "最新的公告" in html and "较早的公告" in html
    assert html.index("最新的公告") < html.index("较早的公告")
    assert "尚未发布的草稿" not in html
    assert "采购公告" in html  # the main navigation links here


def test_a_draft_has_no_public_page(client, home):
    draft = JobFactory(status=Job.Status.DRAFT, closes_at=None, published_at=None)
    assert client.get(f"/notices/{draft.pk}/").status_code == 404
    assert client.get(f"/notices/{draft.pk}/draw/").status_code == 404
    assert client.get("/notices/999999/").status_code == 404


def test_the_list_filters_by_item_owner_region_status_and_method_without_javascript(client, home):
    sichuan = RegionFactory(code="510000", name="四川省", level=1, full_name="四川省")
    deyang = RegionFactory(code="510600", name="德阳市", level=2, parent=sichuan, full_name="四川省德阳市")
    beijing = RegionFactory(code="110000", name="北京市", level=1, full_name="北京市")
    item = ServiceItemFactory(code="ZJ-HP-001", name="环境影响报告表编制")
    JobFactory(title="德阳的环评公告", item=item, owner=OwnerFactory(region=deyang))
    JobFactory(title="北京的其他公告", owner=OwnerFactory(region=beijing))
    closed = JobFactory(title="已截止的公告", status=Job.Status.CLOSED, owner=OwnerFactory(region=beijing),
                        selection_method=Job.Method.AUCTION)
    assert closed.pk
    by_item = client.get("/notices/", {"item": "ZJ-HP-001"}).content.decode()
    assert "德阳的环评公告" in by_item and "北京的其他公告" not in by_item
    by_region = client.get("/notices/", {"province": "510000"}).content.decode()
    assert "德阳的环评公告" in by_region and "北京的其他公告" not in by_region
    by_status = client.get("/notices/", {"status": "closed"}).content.decode()
    assert "已截止的公告" in by_status and "北京的其他公告" not in by_status
    by_method = client.get("/notices/", {"method": "auction"}).content.decode()
    assert "已截止的公告" in by_method and "北京的其他公告" not in by_method and "德阳的环评公告" not in by_method
    assert '<option value="auction" selected>网上竞价</option>' in by_method
    assert list(public_jobs(region_code="110000").values_list("title", flat=True)) == ["已截止的公告", "北京的其他公告"]


def test_the_announcement_shows_every_published_fact(client, home):
    qualification = QualificationTypeFactory(name="环境影响评价资质")
    avoided = AgencyFactory(name="德阳回避测试咨询有限公司")
    job = JobFactory(
        title="凯州新城道路工程环评", project_code="2026-510603-48-01-000777", fiscal_funds=True,
        budget=Decimal("90000"), ceiling_price=Decimal("85000"), selection_method=Job.Method.SCORING,
        weights={"price": 40, "credit": 20, "rating": 10, "plan": 30}, service_days=25,
    )
    job.required_qualifications.set([qualification])
    job.avoidances.create(agency=avoided, reason="该机构为本项目可行性研究编制单位")
    html = client.get(f"/notices/{job.pk}/").content.decode()
    for text in (job.owner.name, "凯州新城道路工程环评", "2026-510603-48-01-000777", job.item.name,
                 f'href="/catalogue/{job.item.code}/"', "使用财政资金", "90000", "85000", "综合评分", "报价金额",
                 "价格 40%", "服务方案 30%", "25 个工作日", "环境影响评价资质", "德阳回避测试咨询有限公司",
                 "该机构为本项目可行性研究编制单位", "随机种子 SHA-256 承诺值", job.draw_commitment):
        assert text in html, text
    assert job.draw_seed not in html


def test_an_open_job_shows_nothing_of_its_bids_to_the_public(client, home):
    job = JobFactory(title="报名中的项目")
    bidder = AgencyFactory(name="德阳秘密投标咨询有限公司")
    bid = BidFactory(job=job, agency=bidder, price=Decimal("61234.56"))
    BidFactory(job=job, price=Decimal("59876.54"))
    assert public_result(job) is None
    # (The home page lists newest agencies by name, so it is left out here.)
    for path in ("/notices/", f"/notices/{job.pk}/", f"/notices/{job.pk}/draw/"):
        html = client.get(path).content.decode()
        for secret in ("德阳秘密投标咨询有限公司", "61234", "59876", bid.random_value, bid.receipt_number,
                       job.draw_seed, "有效报名", "2 家", "2家"):
            assert secret not in html, (path, secret)
    assert "报名截止前，报名及报价情况严格保密" in client.get(f"/notices/{job.pk}/").content.decode()


def test_a_job_cancelled_before_its_close_never_opens_its_bids(client, home):
    job = JobFactory(status=Job.Status.CANCELLED, end_reason="项目取消")
    BidFactory(job=job, agency=AgencyFactory(name="德阳撤销项目投标有限公司"), price=Decimal("43210"))
    assert public_result(job) is None
    html = client.get(f"/notices/{job.pk}/").content.decode()
    assert "德阳撤销项目投标有限公司" not in html and "43210" not in html and "项目取消" in html


def test_after_the_draw_the_result_shows_every_valid_bid_the_winner_and_the_proof(client, home, drawn):
    job = drawn["job"]
    html = client.get(f"/notices/{job.pk}/").content.decode()
    for bid in drawn["bids"]:
        assert bid.agency.name in html
        assert str(bid.price) in html
    assert f'data-winner-agency="{drawn["winner"].agency.name}"' in html
    assert "德阳无资质咨询有限公司" in html and "缺少法定资质：环境影响评价资质" in html
    assert "重算一致" in html and f"/notices/{job.pk}/draw/" in html
    assert "公示截止" in html
    result = public_result(job)
    assert [bid.rank for bid in result.valid_bids] == [1, 2, 3]
    assert result.winner == drawn["winner"]


def test_objections_show_their_outcome_and_the_regulators_decision_but_not_the_parties_text(client, home, drawn):
    job = drawn["job"]
    loser = drawn["bids"][0] if drawn["bids"][0] != drawn["winner"] else drawn["bids"][1]
    now = timezone.now()
    Objection.objects.create(job=job, bid=loser, raised_by=loser.submitted_by, reasons="私密的异议理由文字",
                             status=Objection.Status.REJECTED, raised_at=now, answer="私密的业主答复",
                             answered_at=now, decision="投诉处理决定正文", decided_at=now)
    html = client.get(f"/notices/{job.pk}/").content.decode()
    assert "异议处理情况" in html and "投诉不成立" in html
    assert "投诉处理决定正文" in html  # the regulator's decision is published with the outcome
    assert "私密的异议理由文字" not in html and "私密的业主答复" not in html


def test_the_home_page_shows_the_newest_notices(client, home):
    JobFactory(title="首页可见的公告")
    JobFactory(title="首页不可见的草稿", status=Job.Status.DRAFT, closes_at=None, published_at=None)
    html = client.get("/").content.decode()
    assert "首页可见的公告" in html and "首页不可见的草稿" not in html


def _queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_list_runs_the_same_number_of_queries_for_3_and_30_jobs(client, home):
    def scene(n):
        for _index in range(n):
            job = JobFactory(status=Job.Status.PUBLICITY, closes_at=timezone.now() - datetime.timedelta(days=1))
            job.winner = BidFactory(job=job, status=Bid.Status.VALID)
            job.save()

    scene(3)
    client.get("/notices/")  # warm caches (site, settings)
    few = _queries(client, "/notices/")
    scene(27)
    client.get("/notices/")  # the first request after a change builds the filter options again
    assert _queries(client, "/notices/") == few


def test_the_result_page_runs_the_same_number_of_queries_for_3_and_12_bids(client, home):
    from .conftest import closed_job, perform_draw, valid_bids

    small = closed_job()
    perform_draw(small, valid_bids(small, [50000, 61000, 70500]))
    large = closed_job()
    perform_draw(large, valid_bids(large, [50000 + 997 * n * n for n in range(12)]))
    client.get(f"/notices/{small.pk}/")
    assert _queries(client, f"/notices/{small.pk}/") == _queries(client, f"/notices/{large.pk}/")
    assert _queries(client, f"/notices/{small.pk}/draw/") == _queries(client, f"/notices/{large.pk}/draw/")


def test_agency_names_in_bids_of_another_open_job_do_not_leak_through_the_list(client, home):
    agency = separate_agency(name="德阳只报了名的咨询有限公司")
    BidFactory(job=JobFactory(), agency=agency)
    assert "德阳只报了名的咨询有限公司" not in client.get("/notices/").content.decode()


def test_a_window_that_has_passed_shows_closed_at_once_and_its_bids_once_judged(client, home):
    """Reading the notice writes nothing but shows the window closed; once the scheduled command
    has judged the bids, they are public."""
    job = JobFactory(title="刚截止的项目", closes_at=timezone.now() - datetime.timedelta(minutes=1))
    BidFactory(job=job, agency=separate_agency(name="德阳按时报名咨询有限公司"), price=Decimal("61000"))
    assert "报名截止" in client.get("/notices/").content.decode()  # the list shows the passed window
    html = client.get(f"/notices/{job.pk}/").content.decode()
    assert "报名截止" in html and "德阳按时报名咨询有限公司" not in html
    job.refresh_from_db()
    assert job.status == Job.Status.PUBLISHED
    call_command("advance_jobs", stdout=io.StringIO())
    assert "德阳按时报名咨询有限公司" in client.get(f"/notices/{job.pk}/").content.decode()
