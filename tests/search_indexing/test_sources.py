"""What the sources build, read from the public selectors: what is public and nothing else, in a
fixed number of queries per batch whatever the number of rows."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from bidding.models import Job
from cms.models import StandardPage
from core.demo.site import ensure_page_tree
from reviews.models import BlacklistEntry
from search import facets, sources
from search.sources import notices
from tests.factories import (
    AgencyFactory,
    AgencyServiceFactory,
    BidFactory,
    JobFactory,
    ServiceItemFactory,
)
from tests.factories.blacklist import BlacklistEntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_listener(settings):
    settings.SEARCH_INDEX_ON_CHANGE = False


def queries(kind, refs=None):
    with CaptureQueriesContext(connection) as captured:
        built = list(sources.documents(kind, refs))
    return len(captured), built


def approved_entry(agency):
    now = timezone.now()
    return BlacklistEntryFactory(agency=agency, status=BlacklistEntry.Status.APPROVED, starts_at=now,
                                 ends_at=now + datetime.timedelta(days=365), decided_at=now)


SCENES = {
    "agency": lambda n: [AgencyServiceFactory(agency=AgencyFactory()).agency for _ in range(n)],
    "job": lambda n: [JobFactory() for _ in range(n)],
    "item": lambda n: [ServiceItemFactory() for _ in range(n)],
    "notice": lambda n: [approved_entry(AgencyFactory()) for _ in range(n)],
}


def _refs(kind, rows):
    return [notices.ref_of(notices.BLACKLIST, row.pk) if kind == "notice" else row.pk for row in rows]


@pytest.mark.parametrize("kind", sorted(SCENES))
def test_a_batch_costs_the_same_queries_for_two_rows_and_for_six(kind):
    ensure_page_tree()
    rows = SCENES[kind](2)
    queries(kind)  # the labels kept per process (facets) are built once
    few_by_ref, built = queries(kind, _refs(kind, rows))
    few, _built = queries(kind)
    assert len(built) == 2
    rows += SCENES[kind](4)
    queries(kind)
    many_by_ref, built = queries(kind, _refs(kind, rows))
    many, _built = queries(kind)
    assert len(built) == 6 and sources.count(kind) == 6
    assert (few_by_ref, few) == (many_by_ref, many)


def test_policy_pages_are_the_live_public_prose_pages(django_assert_max_num_queries):
    home = ensure_page_tree()
    guide = home.add_child(instance=StandardPage(
        title="环评审批办事指南", slug="eia-guide", summary="环境影响评价审批的办理流程",
        body=[("paragraph", "<p>建设单位应当<b>先行</b>委托中介机构编制报告。</p>")]))
    guide.save_revision().publish()
    draft = home.add_child(instance=StandardPage(title="未发布的草稿指南", slug="draft-guide", live=False))
    private = home.add_child(instance=StandardPage(title="内部工作指南", slug="internal-guide"))
    private.save_revision().publish()
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD,
                                       password="secret")
    with django_assert_max_num_queries(8):
        documents = {document.ref: document for document in sources.documents("policy")}
    assert guide.pk in documents and draft.pk not in documents and private.pk not in documents
    document = documents[guide.pk]
    assert document.url == "/eia-guide/"
    assert document.summary == "环境影响评价审批的办理流程"
    assert "建设单位应当先行委托中介机构编制报告。" in document.body and "<b>" not in document.body
    titles = {document.title for document in documents.values()}
    assert not titles & {"首页", "服务事项清单", "中介机构名录", "采购公告"}  # index pages are other kinds
    assert home.pk not in documents
    assert sources.count("policy") == len(documents)


def test_a_job_names_its_winner_only_once_the_result_is_public():
    ensure_page_tree()
    job = JobFactory(status=Job.Status.PUBLISHED, budget=300000)
    bid = BidFactory(job=job, agency=AgencyFactory(name="中选测试机构"), price=250000)
    [document] = sources.documents("job", [job.pk])
    assert "中选测试机构" not in repr(document) and document.price == 300000
    assert document.facets["price"] == ["200k-1m"]
    assert document.url == f"/notices/{job.pk}/"
    Job.objects.filter(pk=job.pk).update(status=Job.Status.PUBLICITY, winner=bid,
                                         closed_at=timezone.now(), closes_at=timezone.now())
    [document] = sources.documents("job", [job.pk])
    assert "中选测试机构" in document.summary and document.price == 250000
    assert document.facets["status"] == [Job.Status.PUBLICITY]


def test_drafts_are_never_jobs_of_the_index():
    draft = JobFactory(status=Job.Status.DRAFT, published_at=None)
    assert list(sources.documents("job", [draft.pk])) == []
    assert sources.count("job") == 0


def test_facet_labels_are_in_the_readers_language(django_assert_num_queries):
    item = ServiceItemFactory(code="ZJ-0009", name="地质灾害危险性评估")
    facets.label("item", item.code), facets.label("region", "510600")  # built once
    with django_assert_num_queries(0):
        assert facets.label("item", "ZJ-0009") == "地质灾害危险性评估"
        assert facets.label("region", "510600") == "德阳市"
        assert facets.label("grade", "A") == "A级"
        assert facets.label("rating", "4up") == "4 分以上"
        assert facets.label("price", "lt50k") == "5 万元以下"
        assert facets.label("status", "published") == "报名中"
        assert facets.label("method", "random") == "随机抽取"
        assert facets.label("standing", "blacklisted") == "列入黑名单"
        assert facets.label("kind", "agency") == "中介机构"
        assert facets.facet_label("region") == "地区"


def test_regions_show_one_level_below_the_chosen_one():
    counts = {"510000": 5, "510600": 3, "510603": 2, "510100": 2, "110000": 1}
    assert facets.visible_values("region", counts, None) == {"510000": 5, "110000": 1}
    assert facets.visible_values("region", counts, "510000") == {"510000": 5, "510600": 3, "510100": 2}
    assert facets.visible_values("status", {"published": 2}, None) == {"published": 2}


def test_price_and_rating_bands():
    assert facets.price_band(None) is None
    assert facets.price_band(49_999) == "lt50k" and facets.price_band(50_000) == "50k-200k"
    assert facets.price_band(6_000_000) == "5mup"
    assert facets.rating_bands(None) == []
    assert facets.rating_bands("4.20") == ["4up", "3up", "2up"]
    assert facets.rating_bands(2.5) == ["2up"]
