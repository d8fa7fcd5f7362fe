"""Who may bid and what may be quoted: every refusal says why, and nothing is written."""
import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from bidding import errors
from bidding.models import Bid, Job, JobAvoidance, JobEntryValue
from bidding.services.bids import bid_submit
from providers.models import Affiliation, Standing
from tests.factories import CertificateFactory, JobFactory, QualificationTypeFactory
from tests.writes import nothing_written

from .conftest import bid_data

pytestmark = pytest.mark.django_db


def refused(member, agency, job, error_class, data=None):
    with pytest.raises(error_class) as caught, nothing_written(Bid, JobEntryValue):
        bid_submit(actor=member, agency=agency, job=job, data=data or bid_data())
    assert not Bid.objects.exists()
    return str(caught.value)


def test_a_suspended_agency_is_refused_with_the_reason_and_period(member, agency, job):
    until = timezone.now() + datetime.timedelta(days=30)
    agency.standing, agency.standing_reason, agency.standing_until = Standing.SUSPENDED, "逾期未交成果三次", until
    agency.save()
    message = refused(member, agency, job, errors.AgencyMayNotBid)
    assert "暂停参与选取" in message and "逾期未交成果三次" in message
    assert timezone.localtime(until).strftime("%Y-%m-%d") in message


def test_a_blacklisted_agency_is_refused_and_may_bid_again_once_its_period_has_passed(member, agency, job):
    agency.standing, agency.standing_reason = Standing.BLACKLISTED, "出具虚假报告"
    agency.standing_until = timezone.now() + datetime.timedelta(seconds=1)
    agency.save()
    message = refused(member, agency, job, errors.AgencyMayNotBid)
    assert "黑名单" in message and "出具虚假报告" in message

    agency.standing_until = timezone.now() - datetime.timedelta(seconds=1)
    agency.save()
    assert bid_submit(actor=member, agency=agency, job=job, data=bid_data()).status == Bid.Status.LIVE


def test_a_watch_listed_agency_may_bid(member, agency, job):
    agency.standing, agency.standing_reason = Standing.WATCH, "信用等级 C"
    agency.save()
    assert bid_submit(actor=member, agency=agency, job=job, data=bid_data()).pk


def test_an_agency_affiliated_with_the_approving_department_is_refused(member, agency, job):
    Affiliation.objects.create(agency=agency, department=job.item.approving_department, relation="supervisor")
    message = refused(member, agency, job, errors.AgencyMayNotBid)
    assert str(job.item.approving_department) in message
    assert "审批部门所属或主管的机构不得承接本部门审批相关的中介服务" in message


def test_an_agency_on_the_avoidance_list_is_refused_quoting_the_stated_reason(member, agency, job):
    JobAvoidance.objects.create(job=job, agency=agency, reason="曾为本项目编制可行性研究报告")
    message = refused(member, agency, job, errors.AgencyMayNotBid)
    assert "回避" in message and "曾为本项目编制可行性研究报告" in message


def test_an_agency_lacking_a_required_qualification_is_refused_naming_it(member, agency, job):
    job.required_qualifications.add(QualificationTypeFactory(code="eia-a", name="环境影响评价资质"))
    message = refused(member, agency, job, errors.AgencyMayNotBid)
    assert "缺少" in message and "环境影响评价资质" in message


def test_a_certificate_expiring_before_the_service_would_end_is_refused(member, agency, item):
    # Closes on Friday 2026-03-06; 20 working days later is Friday 2026-04-03.
    closes = timezone.make_aware(datetime.datetime(2026, 3, 6, 17, 0))
    job = JobFactory(item=item, closes_at=closes, service_days=20,
                     published_at=closes - datetime.timedelta(days=10))
    qualification = QualificationTypeFactory(code="eia-b", name="环评资质")
    job.required_qualifications.add(qualification)
    certificate = CertificateFactory(agency=agency, qualification=qualification, number="HP-0099",
                                     issued_on=datetime.date(2024, 1, 1), valid_until=datetime.date(2026, 4, 2))
    with time_machine.travel(closes - datetime.timedelta(days=2), tick=False):
        message = refused(member, agency, job, errors.AgencyMayNotBid)
        assert "环评资质 HP-0099" in message and "2026-04-02" in message and "2026-04-03" in message

        certificate.valid_until = datetime.date(2026, 4, 3)
        certificate.save()
        assert bid_submit(actor=member, agency=agency, job=job, data=bid_data()).pk


def test_an_owner_organisation_cannot_bid(job):
    from tests.factories import MembershipFactory, OwnerFactory

    owner = OwnerFactory()
    user = MembershipFactory(organisation=owner).user
    message = refused(user, owner, job, errors.AgencyMayNotBid)
    assert "只有中介机构" in message


def test_someone_outside_the_agency_cannot_bid_for_it(agency, job, user):
    from core.errors import NotAllowed

    refused(user, agency, job, NotAllowed)


# --- prices ---------------------------------------------------------------------------------

def test_a_price_above_the_ceiling_is_refused_quoting_the_ceiling(member, agency, job):
    with pytest.raises(errors.BidPriceRefused) as caught, nothing_written(Bid, JobEntryValue):
        bid_submit(actor=member, agency=agency, job=job, data=bid_data(price=Decimal("80000.01")))
    assert "最高限价 80,000.00 元" in str(caught.value)
    assert caught.value.field == "price"
    assert not Bid.objects.exists()
    assert bid_submit(actor=member, agency=agency, job=job, data=bid_data(price=Decimal("80000"))).pk


def test_an_amount_job_needs_a_price(member, agency, job):
    message = refused(member, agency, job, errors.BidPriceRefused, bid_data(price=None))
    assert "报价金额" in message


@pytest.mark.parametrize("price, accepted", [
    ("11999.99", False), ("12000", True), ("15000", True), ("18000", True), ("18000.01", False),
])
def test_a_government_priced_item_takes_only_prices_inside_its_fee_range(member, agency, gov_rule, price, accepted):
    job = JobFactory(item=gov_rule.item, fee_quantity=Decimal("2000"), ceiling_price=None, budget=None)
    if accepted:
        assert bid_submit(actor=member, agency=agency, job=job, data=bid_data(price=Decimal(price))).pk
    else:
        message = refused(member, agency, job, errors.BidPriceRefused, bid_data(price=Decimal(price)))
        assert "12,000.00–18,000.00 元" in message


@pytest.mark.parametrize("rate, accepted, words", [
    (None, False, "请填写下浮率"),
    ("100", False, "小于 100"),
    ("-1", False, "不小于 0"),
    ("30", False, "12,000.00–18,000.00 元"),  # 15,000 × 0.7 = 10,500: below the range
    ("20", True, ""),  # 12,000: the lowest allowed
    ("0", True, ""),
])
def test_discount_mode_takes_a_rate_whose_implied_price_is_inside_the_fee_range(
    member, agency, gov_rule, rate, accepted, words
):
    job = JobFactory(item=gov_rule.item, fee_quantity=Decimal("2000"), ceiling_price=None, budget=None,
                     price_mode=Job.PriceMode.DISCOUNT)
    data = bid_data(price=None, discount_rate=None if rate is None else Decimal(rate))
    if accepted:
        bid = bid_submit(actor=member, agency=agency, job=job, data=data)
        assert (bid.price, bid.discount_rate) == (None, Decimal(rate))
    else:
        assert words in refused(member, agency, job, errors.BidPriceRefused, data)


def test_discount_mode_refuses_an_implied_price_above_the_ceiling(member, agency, gov_rule):
    job = JobFactory(item=gov_rule.item, fee_quantity=Decimal("2000"), ceiling_price=Decimal("13000"),
                     price_mode=Job.PriceMode.DISCOUNT)
    message = refused(member, agency, job, errors.BidPriceRefused, bid_data(price=None, discount_rate=Decimal("10")))
    assert "13,500.00" in message and "最高限价 13,000.00 元" in message


def test_promised_days_must_be_positive(member, agency, job):
    refused(member, agency, job, errors.PromisedDaysInvalid, bid_data(promised_days=0))


def test_a_suspension_counts_even_when_the_caller_holds_an_old_copy_of_the_agency():
    """The service re-reads the agency: a stale object must not let a suspended agency bid."""
    from providers.models import Organisation, Standing
    from tests.factories import JobFactory, MembershipFactory

    job = JobFactory()
    membership = MembershipFactory()
    stale = membership.organisation
    Organisation.objects.filter(pk=stale.pk).update(standing=Standing.SUSPENDED, standing_reason="检查中")
    with pytest.raises(errors.AgencyMayNotBid), nothing_written(Bid, JobEntryValue):
        bid_submit(actor=membership.user, agency=stale, job=job,
                   data={"price": 50000, "promised_days": 10, "plan": ""})
    assert not job.bids.exists()
