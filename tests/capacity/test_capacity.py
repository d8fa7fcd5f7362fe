"""Capacity (产能): the load, who is at capacity, the declaration and its refusals, the refusal
before bidding, and random draws skipping agencies at capacity."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from audit.actions import Action
from audit.models import AuditEntry
from bidding import draw
from bidding.errors import AgencyMayNotBid, CapacityBelowLoad, CapacityByMemberOnly, CapacityItemNotOffered
from bidding.models import Bid, Draw, Job
from bidding.selectors.capacity import at_capacity_ids, capacity_rows, loads
from bidding.services.bids import bid_submit, bid_update
from bidding.services.capacity import capacity_declare, capacity_remove
from bidding.services.selection import draw_run
from marketplace.models import AgencyCapacity
from tests.factories import (
    AgencyCapacityFactory,
    AgencyFactory,
    AgencyServiceFactory,
    BidFactory,
    DrawBeaconFactory,
    JobFactory,
    MembershipFactory,
    ServiceItemFactory,
    won_job,
)
from tests.writes import nothing_written

pytestmark = pytest.mark.django_db

S = Job.Status


@pytest.fixture
def item():
    return ServiceItemFactory(name="环境影响报告表编制")


@pytest.fixture
def agency(item):
    agency = AgencyFactory(name="德阳清源环境咨询有限公司")
    AgencyServiceFactory(agency=agency, item=item)
    agency.member = MembershipFactory(organisation=agency, role="operator").user
    return agency


# --- the load and who is at capacity ------------------------------------------------------------

def test_the_load_counts_running_jobs_won_of_the_item_only(item, agency):
    for status in (S.SELECTED, S.PUBLICITY, S.AWARDED, S.CONTRACTED, S.IN_SERVICE, S.DELIVERED, S.ACCEPTED):
        won_job(item=item, agency=agency, status=status)
    for status in (S.COMPLETED, S.TERMINATED):  # finished: no longer counted
        won_job(item=item, agency=agency, status=status)
    won_job(item=ServiceItemFactory(), agency=agency)  # another item
    won_job(item=item)  # another agency
    BidFactory(job=JobFactory(item=item, status=S.CLOSED), agency=agency, status=Bid.Status.VALID)  # not won
    assert loads([agency.pk], item) == {agency.pk: 7}


def test_at_capacity_needs_a_declared_limit_reached(item, agency):
    full, free, undeclared, zero = agency, AgencyFactory(), AgencyFactory(), AgencyFactory()
    AgencyCapacityFactory(agency=full, item=item, limit=2)
    AgencyCapacityFactory(agency=free, item=item, limit=3)
    AgencyCapacityFactory(agency=zero, item=item, limit=0)
    AgencyCapacityFactory(agency=undeclared, item=ServiceItemFactory(), limit=0)  # another item's limit
    for who in (full, full, free, free, undeclared, undeclared, undeclared):
        won_job(item=item, agency=who, status=S.IN_SERVICE)
    ids = [full.pk, free.pk, undeclared.pk, zero.pk]
    assert at_capacity_ids(ids, item) == {full.pk, zero.pk}
    assert at_capacity_ids([], item) == set()


def test_at_capacity_reads_two_queries_whatever_the_number_of_agencies(item, django_assert_num_queries):
    agencies = [AgencyFactory() for _ in range(12)]
    for agency in agencies:
        AgencyCapacityFactory(agency=agency, item=item, limit=1)
        won_job(item=item, agency=agency)
    with django_assert_num_queries(2):
        assert at_capacity_ids([a.pk for a in agencies[:2]], item) == {a.pk for a in agencies[:2]}
    with django_assert_num_queries(2):
        assert len(at_capacity_ids([a.pk for a in agencies], item)) == 12


def test_the_capacity_table_reads_three_queries(item, agency, django_assert_num_queries):
    others = [ServiceItemFactory() for _ in range(5)]
    for other in others:
        AgencyCapacityFactory(agency=agency, item=other, limit=1)
        won_job(item=other, agency=agency)
    with django_assert_num_queries(3):
        rows = capacity_rows(agency, items=[item])
    assert [(row.limit, row.load, row.at_capacity) for row in rows][-1] == (1, 1, True)
    assert len(rows) == 6 and rows[[r.item for r in rows].index(item)].limit is None


# --- the declaration ------------------------------------------------------------------------------

def test_an_agency_declares_its_capacity(item, agency):
    won_job(item=item, agency=agency)
    row = capacity_declare(actor=agency.member, agency=agency, item=item, limit=3)
    assert (row.agency, row.item, row.limit) == (agency, item, 3)
    entry = AuditEntry.objects.get(action=Action.CAPACITY_DECLARE)
    assert entry.after == {"item": item.code, "limit": 3, "load": 1}
    row = capacity_declare(actor=agency.member, agency=agency, item=item, limit=1)  # equal to its load: allowed
    assert AgencyCapacity.objects.get().limit == 1


def test_a_capacity_of_zero_with_live_jobs_is_refused_and_nothing_is_written(item, agency):
    AgencyCapacityFactory(agency=agency, item=item, limit=4)
    won_job(item=item, agency=agency, status=S.IN_SERVICE)
    won_job(item=item, agency=agency, status=S.PUBLICITY, awarded_days_ago=None)
    with pytest.raises(CapacityBelowLoad) as refused, nothing_written(AgencyCapacity):
        capacity_declare(actor=agency.member, agency=agency, item=item, limit=0)
    assert str(refused.value) == ("贵机构在“环境影响报告表编制”仍有 2 个正在承接的项目，不能将承接能力申报为 0；"
                                  "可申报为 2，即暂不承接新项目。")
    assert AgencyCapacity.objects.get().limit == 4


def test_a_capacity_below_the_load_is_refused(item, agency):
    for _ in range(3):
        won_job(item=item, agency=agency)
    with pytest.raises(CapacityBelowLoad) as refused, nothing_written(AgencyCapacity):
        capacity_declare(actor=agency.member, agency=agency, item=item, limit=2)
    assert str(refused.value) == "贵机构在“环境影响报告表编制”正在承接 3 个项目，申报的承接能力 2 不能少于该数。"


def test_a_capacity_of_zero_without_live_jobs_is_allowed(item, agency):
    won_job(item=item, agency=agency, status=S.COMPLETED)
    assert capacity_declare(actor=agency.member, agency=agency, item=item, limit=0).limit == 0


def test_only_members_declare_and_only_for_items_offered(item, agency):
    outsider = MembershipFactory(organisation=AgencyFactory()).user
    with pytest.raises(CapacityByMemberOnly) as refused, nothing_written(AgencyCapacity):
        capacity_declare(actor=outsider, agency=agency, item=item, limit=2)
    assert str(refused.value) == "只有该中介机构的成员可以申报承接能力。"
    with pytest.raises(CapacityItemNotOffered) as refused, nothing_written(AgencyCapacity):
        capacity_declare(actor=agency.member, agency=agency, item=ServiceItemFactory(), limit=2)
    assert str(refused.value) == "贵机构未提供该服务事项，请先在“服务事项与承诺”中添加。"


def test_withdrawing_a_declaration_removes_the_limit(item, agency):
    AgencyCapacityFactory(agency=agency, item=item, limit=0)
    assert at_capacity_ids([agency.pk], item) == {agency.pk}
    capacity_remove(actor=agency.member, agency=agency, item=item)
    assert not AgencyCapacity.objects.exists()
    assert at_capacity_ids([agency.pk], item) == set()
    assert AuditEntry.objects.filter(action=Action.CAPACITY_REMOVE).count() == 1


# --- told before it bids -------------------------------------------------------------------------

def _open_job(item):
    return JobFactory(item=item, ceiling_price=Decimal("80000"), closes_at=timezone.now() + datetime.timedelta(days=5))


def test_an_agency_at_capacity_is_refused_when_it_bids_and_nothing_is_written(item, agency):
    AgencyCapacityFactory(agency=agency, item=item, limit=1)
    won_job(item=item, agency=agency, status=S.IN_SERVICE)
    job = _open_job(item)
    with pytest.raises(AgencyMayNotBid) as refused, nothing_written(Bid):
        bid_submit(actor=agency.member, agency=agency, job=job,
                   data={"price": Decimal("60000"), "promised_days": 15, "plan": ""})
    assert str(refused.value) == (
        "贵机构申报的“环境影响报告表编制”承接能力为 1 个项目，目前正在承接 1 个，已达到承接能力，不能报名。"
        "项目完成后或调整申报的承接能力后可以报名。")


def test_a_bid_made_before_reaching_capacity_may_still_be_changed(item, agency):
    job = _open_job(item)
    bid = bid_submit(actor=agency.member, agency=agency, job=job,
                     data={"price": Decimal("60000"), "promised_days": 15, "plan": ""})
    AgencyCapacityFactory(agency=agency, item=item, limit=1)
    won_job(item=item, agency=agency, status=S.IN_SERVICE)
    bid = bid_update(actor=agency.member, bid=bid, data={"price": Decimal("59000"), "promised_days": 15, "plan": ""})
    assert bid.price == Decimal("59000")


# --- draws skip agencies at capacity ---------------------------------------------------------------

def _closed_random_job(item):
    job = JobFactory(item=item, status=S.CLOSED, closes_at=timezone.now() - datetime.timedelta(hours=1))
    DrawBeaconFactory(job=job, entered_at=job.closes_at + datetime.timedelta(minutes=20))
    owner = MembershipFactory(organisation=job.owner).user
    return job, owner


def test_the_random_draw_skips_agencies_at_capacity_and_says_so(item):
    job, owner = _closed_random_job(item)
    bids = [BidFactory(job=job, status=Bid.Status.VALID, agency=AgencyFactory(name=f"机构{n}")) for n in range(4)]
    full = bids[1]
    AgencyCapacityFactory(agency=full.agency, item=item, limit=2)
    won_job(item=item, agency=full.agency)
    won_job(item=item, agency=full.agency, status=S.DELIVERED)
    AgencyCapacityFactory(agency=bids[2].agency, item=item, limit=2)  # declared, one job: not at capacity
    won_job(item=item, agency=bids[2].agency)
    draw_run(actor=owner, job=job)
    job.refresh_from_db()
    counted = [bid for bid in bids if bid is not full]
    expected = draw.run(job.draw_seed, [bid.random_value for bid in counted], beacon=job.beacon.value)
    row = Draw.objects.get(job=job)
    assert row.values == sorted(bid.random_value for bid in counted)
    assert row.ranking == expected.ranking
    assert job.winner.random_value == expected.ranking[0] and job.winner != full
    full.refresh_from_db()
    assert full.rank is None and full.status == Bid.Status.VALID
    assert job.selection_reason == (
        "随机抽取：按公布的算法由随机种子和 3 家有效报名的随机值确定。"
        "以下机构抽取时已达到申报的承接能力，未参加抽取：机构1（承接能力 2 个，正在承接 2 个）。")
    entry = AuditEntry.objects.get(action=Action.JOB_DRAW_RUN)
    assert entry.after["skipped_at_capacity"] == [full.random_value]


def test_a_draw_left_with_too_few_agencies_below_capacity_fails_the_job(item):
    job, owner = _closed_random_job(item)
    bids = [BidFactory(job=job, status=Bid.Status.VALID, agency=AgencyFactory(name=f"机构{n}")) for n in range(3)]
    AgencyCapacityFactory(agency=bids[0].agency, item=item, limit=0)
    job = draw_run(actor=owner, job=job)
    job.refresh_from_db()
    assert job.status == S.FAILED
    assert job.end_reason == ("有效报名 2 家，少于“随机抽取”所需的 3 家，本次采购流标。"
                              "以下机构抽取时已达到申报的承接能力，未参加抽取：机构0（承接能力 0 个，正在承接 0 个）。")
    assert not Draw.objects.filter(job=job).exists()


def test_a_draw_without_anyone_at_capacity_is_unchanged(item):
    job, owner = _closed_random_job(item)
    bids = [BidFactory(job=job, status=Bid.Status.VALID) for _ in range(3)]
    draw_run(actor=owner, job=job)
    job.refresh_from_db()
    assert job.selection_reason == "随机抽取：按公布的算法由随机种子和 3 家有效报名的随机值确定。"
    assert sorted(Draw.objects.get(job=job).values) == sorted(bid.random_value for bid in bids)
