"""The index follows committed changes made through the real services (and the saves the admins
and factories make): an agency created, renamed, blacklisted and deleted; a job published and a
bid on it; an item withdrawn. The listener queues update_index, which runs in-process in tests."""
import datetime

import pytest
from django.utils import timezone

from bidding.models import Bid, Job
from bidding.services.jobs import job_publish
from marketplace.services.catalogue import item_withdraw
from search import indexing
from search.documents import AGENCY, ITEM, JOB, NOTICE
from search.sources import notices
from tests.bidding_jobs.conftest import EARLIEST_CLOSE, FRIDAY, make_draft
from tests.factories import (
    AgencyFactory,
    AgencyServiceFactory,
    BidFactory,
    JobFactory,
    MembershipFactory,
    OwnerFactory,
    RegulatorFactory,
    ServiceCategoryFactory,
    ServiceItemFactory,
)
from tests.factories.blacklist import approved

pytestmark = pytest.mark.django_db


def test_an_agency_is_indexed_when_created_and_follows_its_changes(memory):
    agency = AgencyFactory(name="德阳环科咨询有限公司")
    document = memory.get(AGENCY, agency.pk)
    assert document.title == "德阳环科咨询有限公司"
    assert document.codes == [agency.uscc]
    assert document.facets["region"] == ["510000", "510600"]
    assert document.facets["standing"] == ["normal"]
    assert "四川省" in document.keywords and "德阳市" in document.keywords

    item = ServiceItemFactory(name="水土保持方案编制")
    AgencyServiceFactory(agency=agency, item=item)
    document = memory.get(AGENCY, agency.pk)
    assert document.facets["item"] == [item.code]
    assert "水土保持方案编制" in document.keywords and "水土保持方案编制" in document.summary

    agency.name = "德阳环科技术咨询有限公司"
    agency.save()
    assert memory.get(AGENCY, agency.pk).title == "德阳环科技术咨询有限公司"


def test_a_blacklisted_agency_stays_indexed_and_shows_its_standing(memory):
    agency = AgencyFactory()
    entry = approved(agency)
    document = memory.get(AGENCY, agency.pk)
    assert document is not None
    assert document.facets["standing"] == ["blacklisted"]
    assert document.badges["standing"] == "blacklisted" and document.badges["standing_label"] == "列入黑名单"
    notice = memory.get(NOTICE, notices.ref_of(notices.BLACKLIST, entry.pk))
    assert notice is not None and agency.name in notice.title and notice.codes == [agency.uscc]


def test_a_deleted_agency_leaves_the_index(memory):
    agency = AgencyFactory()
    assert memory.get(AGENCY, agency.pk) is not None
    pk = agency.pk
    agency.delete()
    assert memory.get(AGENCY, pk) is None


def test_a_draft_is_not_indexed_until_it_is_published(memory, time_machine):
    time_machine.move_to(FRIDAY, tick=False)
    owner = OwnerFactory()
    admin = MembershipFactory(organisation=owner).user
    draft = make_draft(owner, admin, ServiceItemFactory(statutory_days=30), title="德阳市旌阳区某厂房环评",
                       closes_at=EARLIEST_CLOSE)
    draft.save()  # a draft saved again is still no notice
    assert memory.get(JOB, draft.pk) is None
    published = job_publish(actor=admin, job=draft)
    document = memory.get(JOB, draft.pk)
    assert document.title == "德阳市旌阳区某厂房环评"
    assert document.facets["status"] == [Job.Status.PUBLISHED]
    assert document.date == published.published_at
    assert document.price == 80000


def test_a_bid_before_the_close_never_reaches_the_index(memory):
    job = JobFactory(closes_at=timezone.now() + datetime.timedelta(days=3))
    bidder = AgencyFactory(name="保密报价测试机构")
    BidFactory(job=job, agency=bidder, price=43210, plan="秘密的服务方案")
    assert memory.get(JOB, job.pk) is not None  # the bid's save refreshed the job's document
    text = memory.text()
    assert "43210" not in text and "秘密的服务方案" not in text
    job_text = repr(memory.get(JOB, job.pk))
    assert "保密报价测试机构" not in job_text


def test_a_withdrawn_item_leaves_the_index(memory):
    category = ServiceCategoryFactory(code="env", name="生态环境")
    regulator = RegulatorFactory()
    regulator.categories.add(category)
    item = ServiceItemFactory(code="ZJ-0001", name="环境影响评价报告书编制", category=category)
    item.save()  # announces "catalogue": every item is refreshed
    assert memory.get(ITEM, item.pk).codes == ["ZJ-0001"]
    item_withdraw(actor=regulator.user, item=item, effective_from=datetime.date(2025, 7, 1), reason="事项取消")
    assert memory.get(ITEM, item.pk) is None


def test_the_listener_maps_topics_and_objects_without_queries(django_assert_num_queries):
    agency = AgencyFactory.build(pk=7)
    with django_assert_num_queries(0):
        wanted = indexing.targets({"org:7", "agencies", "job:12", "jobs", "catalogue"}, [agency])
    assert wanted == {AGENCY: {7}, JOB: {12}, ITEM: None}
    assert set(indexing.targets({"all"}, [])) == {"agency", "job", "item", "notice", "policy"}
    assert indexing.targets({"synonyms"}, []) == {}


def test_a_bid_queues_nothing_for_its_job():
    """A bid announces its job's pages, but before the result nothing of it is public: a storm
    of bids before a close must not reindex the job once per bid."""
    bid = Bid(job_id=12, pk=3)
    assert indexing.targets({"job:12"}, [bid]) == {}
    assert indexing.targets({"job:12", "jobs"}, [Job(pk=12)]) == {JOB: {12}}


def test_the_listener_is_off_when_the_setting_says_so(memory, settings):
    settings.SEARCH_INDEX_ON_CHANGE = False
    agency = AgencyFactory()
    assert memory.get(AGENCY, agency.pk) is None
