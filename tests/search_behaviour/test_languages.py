"""A hit reads in the reader's language, whatever the engine: its summary's labels (a status,
预算 … 元, 中选机构：…, a date) and a notice's title label are written by the sources in every
language of the site, and a search shows the one of the page asking. The data (names, titles,
a page's words) is as typed: the world here is ASCII, so an English hit shows no CJK at all."""
import datetime
import re

import pytest
from django.utils import translation

from cms.models import StandardPage
from core.demo.site import ensure_page_tree
from reviews.models import BlacklistEntry
from search import sources
from search.backends import get_backend
from search.documents import KINDS
from tests.factories import (
    AgencyFactory,
    AgencyServiceFactory,
    DepartmentFactory,
    JobFactory,
    OwnerFactory,
    RegionFactory,
    ServiceCategoryFactory,
    ServiceItemFactory,
)
from tests.factories.blacklist import BlacklistEntryFactory
from tests.factories.capacity import won_job
from tests.factories.oversight import AnnouncedCampaignFactory, ComplaintOutcomeFactory

from .helpers import doc, find, index

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
START = datetime.datetime(2026, 3, 2, 12, tzinfo=datetime.UTC)
END = datetime.datetime(2027, 3, 2, 12, tzinfo=datetime.UTC)


@pytest.fixture
def world(engine):
    """One of each kind with ASCII data, indexed from the sources into the engine under test."""
    region = RegionFactory(code="990100", name="Riverside", full_name="Riverside County", level=2)
    category = ServiceCategoryFactory(code="env-en", name="Environment")
    department = DepartmentFactory(name="Ecology Bureau", region=region)
    item = ServiceItemFactory(code="ZJ-EN-001", name="Impact assessment", category=category,
                              approving_department=department, approval_item="Approval 1")
    soil = ServiceItemFactory(code="ZJ-EN-002", name="Soil plan", category=category, approving_department=department,
                              approval_item="")
    agency = AgencyFactory(name="Agency One", region=region)
    for offered in (item, soil):
        AgencyServiceFactory(agency=agency, item=offered)
    owner = OwnerFactory(name="Owner Corp", region=region)
    JobFactory(owner=owner, item=item, title="Open job", project_code="")
    won_job(item=item, agency=agency, owner=owner, title="Won job", project_code="", budget=None)
    BlacklistEntryFactory(agency=AgencyFactory(name="Agency Two", region=region, uscc="91510600MA00000002"),
                          facts="Forged data", status=BlacklistEntry.Status.APPROVED, starts_at=START, ends_at=END,
                          decided_at=START)
    ComplaintOutcomeFactory(number="TS-EN-1", region=region, department=department, item=item,
                            summary="Late report", outcome="Upheld.", responsible=agency)
    AnnouncedCampaignFactory(title="Spot checks", department=department, region=region, categories=[category])
    ensure_page_tree().add_child(instance=StandardPage(title="EIA guide", slug="eia-guide",
                                                       summary="How an assessment is approved"))
    for kind in KINDS:
        get_backend(engine).index(list(sources.documents(kind)))
    return engine


def shown(engine, kind, language):
    """{title: summary} of every hit of `kind`, as a page in `language` shows them."""
    with translation.override(language):
        return {hit.title: hit.summary for hit in find(engine, kinds=(kind,), page_size=50).hits}


def english(engine, kind):
    hits = shown(engine, kind, "en")
    assert hits and not [text for pair in hits.items() for text in pair if CJK.search(text)]
    return hits


def test_an_agency(world):
    assert english(world, "agency")["Agency One"] == (
        "Riverside County · Not enough events for a grade · Service items undertaken: Impact assessment, Soil plan")
    assert shown(world, "agency", "zh-hans")["Agency One"] == (
        "Riverside County · 暂无足够评价 · 承接事项：Impact assessment、Soil plan")


def test_jobs(world):
    hits = english(world, "job")
    assert hits["Open job"].startswith("Owner Corp · Impact assessment · Riverside County · ")
    assert hits["Open job"].endswith(" · Budget: CNY 80000.00")
    assert hits["Won job"].endswith(" · Selected agency: Agency One")
    chinese = shown(world, "job", "zh-hans")
    assert chinese["Open job"].endswith(" · 预算 80000.00 元")
    assert chinese["Won job"].endswith(" · 中选机构：Agency One")


def test_an_item(world):
    assert english(world, "item")["Impact assessment"] == (
        "Environment · Related approval item: Approval 1 · Ecology Bureau · Statutory time limit: 30 working days"
        " · Market-regulated price")
    assert shown(world, "item", "zh-hans")["Impact assessment"] == (
        "Environment · 对应审批事项：Approval 1 · Ecology Bureau · 法定时限 30 个工作日 · 市场调节价")


def test_notices_titles_and_summaries(world):
    hits = english(world, "notice")
    assert hits["Agency Two added to the blacklist"] == (
        "91510600MA00000002 · Listed · March 2, 2026 to March 2, 2027 · Forged data")
    assert hits["Complaint outcome: Late report"] == (
        "TS-EN-1 · Agency · Impact assessment · Riverside County · Complaint upheld"
        " · Responsible organization: Agency One")
    assert hits["Spot checks"] == "Ecology Bureau · Riverside County · Environment · Announced, awaiting draw"
    chinese = shown(world, "notice", "zh-hans")
    assert chinese["Agency Two 列入黑名单"] == "91510600MA00000002 · 在列 · 2026年3月2日 至 2027年3月2日 · Forged data"
    assert chinese["投诉处理结果：Late report"] == (
        "TS-EN-1 · 中介机构 · Impact assessment · Riverside County · 投诉成立 · 责任单位：Agency One")
    assert chinese["Spot checks"] == "Ecology Bureau · Riverside County · Environment · 已公告，待抽取"


def test_a_policy_page_reads_the_same_in_every_language(world):
    # (the page tree's own pages are in Chinese: data)
    for language in ("en", "zh-hans"):
        assert shown(world, "policy", language)["EIA guide"] == "How an assessment is approved"


def test_a_language_the_document_has_no_text_for_shows_the_site_languages(engine):
    index(engine, doc("甲机构", ref=1, summary="状态：正常", summaries={"en": "Status: normal"}),
          doc("乙机构", ref=2, summary="暂无足够评价"))
    for language, expected in (("en", "Status: normal"), ("en-gb", "Status: normal"), ("zh-hans", "状态：正常"),
                               ("fr", "状态：正常")):
        with translation.override(language):
            hits = {hit.title: hit.summary for hit in find(engine, "机构").hits}
        assert hits == {"甲机构": expected, "乙机构": "暂无足够评价"}, language
