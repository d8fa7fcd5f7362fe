"""A small fixture whose every figure is computed by hand in the tests (test_figures.py).

Regions: 510000 四川省 › 510600 德阳市 › 510603 旌阳区, and 510100 成都市 › 510104 锦江区.
Items: A (statutory 30 working days, category X), B (statutory 20, category Y).
Owners: o1 in 510603 (Deyang), o2 in 510104 (Chengdu). Agencies: ag1 510603 (grade A, offers A),
ag2 510104 (grade B, offers A), ag3 510104 (not rated, offers B).

June 2025 (local time; every job published 2025-06-01):
  J1 A o1 budget 100000 ceiling 120000, won by ag1 (bid 81000, contract 80000.00), 3 valid bids;
     completed 2025-06-25: 20 working days, promised 25, statutory 30 (on time)
  J2 A o1 no budget, ceiling 50000, won by ag2 (bid 45000, no contract), 1 valid + 1 invalid bid
     (outside: Chengdu agency, Deyang owner)
  J3 A o2 budget 60000, no ceiling, won by ag1 (contract 54000.00), 2 valid bids (outside);
     completed 2025-06-28: 33 days, promised 30 (late), no statutory on the contract (item: 30)
  J4 B o1 budget 20000 ceiling 20000, won by ag1 (bid 20000), 1 valid bid
  J5 B o1 failed 2025-06-09
  J7 B o1 published 2025-06-20, awarded 2025-06-30 17:00 UTC = 2025-07-01 01:00 Beijing: July
  complaints: about J1 (2025-06-15, region 510603), item B (2025-06-16, 510603), item A 2025-05-20
June 2024: J6 A o1 budget 50000 won by ag1 (contract 50000.00), 3 valid bids; completed
  2024-06-20: 40 working days, promised 40, statutory 30.
"""
import datetime
from zoneinfo import ZoneInfo

import pytest

from bidding.models import Bid, Job
from marketplace.models import AgencyService
from oversight.models import Complaint
from providers.models import Department, Region
from tests.factories.bidding import BidFactory, JobFactory
from tests.factories.contracts import ContractFactory
from tests.factories.marketplace import ServiceCategoryFactory, ServiceItemFactory
from tests.factories.providers import AgencyFactory, OwnerFactory

BJ = ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=12):
    return datetime.datetime(y, m, d, h, tzinfo=BJ)


def regions():
    made = {}
    for code, name, level, parent in [("510000", "四川省", 1, None), ("510600", "德阳市", 2, "510000"),
                                      ("510603", "旌阳区", 3, "510600"), ("510100", "成都市", 2, "510000"),
                                      ("510104", "锦江区", 3, "510100")]:
        made[code], _c = Region.objects.get_or_create(code=code, defaults={
            "name": name, "level": level, "parent_id": parent, "full_name": name})
    return made


def awarded_job(*, item, owner, winner, published, awarded, budget, ceiling, bid_price, valid=1, invalid=0,
                contract_fen=None, completed=None, taken=None, promised=None, statutory=None, others=()):
    job = JobFactory(item=item, owner=owner, budget=budget, ceiling_price=ceiling, status=Job.Status.AWARDED,
                     published_at=published, closes_at=published + datetime.timedelta(days=5),
                     awarded_at=awarded)
    win = BidFactory(job=job, agency=winner, price=bid_price, status=Bid.Status.VALID, rank=1)
    for number in range(valid - 1):
        BidFactory(job=job, agency=others[number] if number < len(others) else AgencyFactory(),
                   price=bid_price + 1000 * (number + 1), status=Bid.Status.VALID)
    for _n in range(invalid):
        BidFactory(job=job, price=bid_price, status=Bid.Status.INVALID)
    Job.objects.filter(pk=job.pk).update(winner=win)
    if contract_fen is not None:
        contract = ContractFactory(job=job, bid=win, price_fen=contract_fen, signed=True,
                                   promised_days=promised or 20, statutory_days=statutory)
        if completed is not None:
            contract.working_days_taken = taken
            contract.final_delivered_at = completed
            contract.save(update_fields=["working_days_taken", "final_delivered_at"])
    job.refresh_from_db()
    return job


def complaint(*, item=None, job=None, region, filed, department):
    number = f"TS{filed:%Y%m%d}-{Complaint.objects.count():06d}"
    return Complaint.objects.create(
        number=number, about=Complaint.About.JOB if job else Complaint.About.AGENCY, job=job, item=item,
        region_id=region, summary="未按承诺时限提交成果", details="详见附件。", anonymous=True,
        contact_phone="13800000000", filed_at=filed, department=department, routed_by="operator",
        due_at=filed + datetime.timedelta(days=21))


@pytest.fixture
def world(db):
    r = regions()
    x, y = ServiceCategoryFactory(code="x", name="环境类"), ServiceCategoryFactory(code="y", name="建设类")
    a = ServiceItemFactory(code="ZJ-A", name="环境影响评价", category=x, statutory_days=30)
    b = ServiceItemFactory(code="ZJ-B", name="施工图审查", category=y, statutory_days=20)
    o1 = OwnerFactory(region=r["510603"])
    o2 = OwnerFactory(region=r["510104"])
    ag1 = AgencyFactory(region=r["510603"], credit_grade="A", name="旌阳甲咨询")
    ag2 = AgencyFactory(region=r["510104"], credit_grade="B", name="锦江乙咨询")
    ag3 = AgencyFactory(region=r["510104"], credit_grade="", name="锦江丙咨询")
    for agency, item in ((ag1, a), (ag2, a), (ag3, b)):
        AgencyService.objects.create(agency=agency, item=item, service_days=10, fee_quote="按市场价",
                                     service_standard="按规范。")
    june = at(2025, 6, 1, 9)
    j1 = awarded_job(item=a, owner=o1, winner=ag1, published=june, awarded=at(2025, 6, 10), budget=100000,
                     ceiling=120000, bid_price=81000, valid=3, others=(ag2, ag3), contract_fen=8_000_000,
                     completed=at(2025, 6, 25), taken=20, promised=25, statutory=30)
    j2 = awarded_job(item=a, owner=o1, winner=ag2, published=june, awarded=at(2025, 6, 11), budget=None,
                     ceiling=50000, bid_price=45000, valid=1, invalid=1)
    j3 = awarded_job(item=a, owner=o2, winner=ag1, published=june, awarded=at(2025, 6, 12), budget=60000,
                     ceiling=None, bid_price=55000, valid=2, others=(ag2,), contract_fen=5_400_000,
                     completed=at(2025, 6, 28), taken=33, promised=30, statutory=None)
    j4 = awarded_job(item=b, owner=o1, winner=ag1, published=june, awarded=at(2025, 6, 13), budget=20000,
                     ceiling=20000, bid_price=20000, valid=1)
    j5 = JobFactory(item=b, owner=o1, status=Job.Status.FAILED, published_at=june,
                    closes_at=june + datetime.timedelta(days=5), ended_at=at(2025, 6, 9))
    j6 = awarded_job(item=a, owner=o1, winner=ag1, published=at(2024, 5, 20), awarded=at(2024, 6, 5),
                     budget=50000, ceiling=None, bid_price=50000, valid=3, others=(ag2, ag3),
                     contract_fen=5_000_000, completed=at(2024, 6, 20), taken=40, promised=40, statutory=30)
    j7 = awarded_job(item=b, owner=o1, winner=ag3, published=at(2025, 6, 20),
                     awarded=datetime.datetime(2025, 6, 30, 17, 0, tzinfo=datetime.UTC), budget=10000,
                     ceiling=10000, bid_price=10000, valid=2, others=(ag1,))
    department = Department.objects.create(name="平台运营机构", region=r["510600"], is_platform_operator=True)
    complaint(job=j1, region="510603", filed=at(2025, 6, 15), department=department)
    complaint(item=b, region="510603", filed=at(2025, 6, 16), department=department)
    complaint(item=a, region="510603", filed=at(2025, 5, 20), department=department)
    return {"regions": r, "a": a, "b": b, "x": x, "y": y, "o1": o1, "o2": o2, "ag1": ag1, "ag2": ag2, "ag3": ag3,
            "jobs": [j1, j2, j3, j4, j5, j6, j7], "department": department}
