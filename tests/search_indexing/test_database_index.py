"""Through the real database backend and search.api, as a visitor searches: a sealed bid is
never found, a draft never, a withdrawn item never; an agency and a published job are found
right after the change that made them."""
import datetime

import pytest
from django.utils import timezone

from bidding.models import Job
from core.demo.site import ensure_page_tree
from search.api import search
from search.backends import get_backend
from search.query import SearchQuery
from tests.factories import AgencyFactory, BidFactory, JobFactory, ServiceItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(settings):
    settings.SEARCH_BACKEND = "database"
    settings.SEARCH_INDEX_ON_CHANGE = True
    engine = get_backend("database")
    engine.clear()
    return engine


def titles(text, **query):
    return [hit.title for hit in search(SearchQuery(text=text, **query)).hits]


def test_what_is_public_is_found_and_nothing_else(index):
    ensure_page_tree()
    item = ServiceItemFactory(name="地震安全性评价")
    job = JobFactory(item=item, title="绵竹市某化工园区地震安全性评价",
                     closes_at=timezone.now() + datetime.timedelta(days=3))
    JobFactory(item=item, title="尚未发布的草稿项目", status=Job.Status.DRAFT, published_at=None)
    AgencyFactory(name="绵竹地震评价咨询有限公司")
    BidFactory(job=job, agency=AgencyFactory(name="保密报价测试机构"), price=43210, plan="保密的服务方案")

    assert titles("化工园区地震安全性评价", kinds=("job",)) == ["绵竹市某化工园区地震安全性评价"]
    assert titles("绵竹地震评价咨询") == ["绵竹地震评价咨询有限公司"]
    assert titles("草稿项目") == []
    assert titles("保密报价测试机构", kinds=("job",)) == []
    assert titles("43210") == [] and titles("保密的服务方案") == []

    item.is_active = False
    item.save()  # the catalogue changed: the withdrawn item leaves the index
    assert titles("地震安全性评价", kinds=("item",)) == []
