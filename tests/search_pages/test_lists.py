"""The directory, catalogue and notices answer a keyword through the search: 环评, 水保 and 环境影响
find the items, the agencies that offer them and the jobs for them; the lists' filters still
apply, their dropdowns count the hits, and the number of queries does not grow with the data."""
import re

import pytest

from tests.factories import AgencyFactory, AgencyServiceFactory, JobFactory

from .conftest import reindex

pytestmark = pytest.mark.django_db


def text_of(response):
    assert response.status_code == 200
    return re.sub(r"</?mark>", "", response.content.decode())


def test_the_catalogue_finds_items_by_abbreviation(client, world):
    content = text_of(client.get("/catalogue/", {"q": "环评"}))
    assert "建设项目环境影响报告书编制" in content and "水土保持方案报告书编制" not in content
    assert "环境影响评价" in content  # understood as
    content = text_of(client.get("/catalogue/", {"q": "水保"}))
    assert "水土保持方案报告书编制" in content and "建设项目环境影响报告书编制" not in content


def test_the_catalogue_keeps_its_own_filters(client, world):
    content = text_of(client.get("/catalogue/", {"q": "环评", "fee_type": "government"}))
    assert "建设项目环境影响报告书编制" not in content  # the factory's items are market-priced
    content = text_of(client.get("/catalogue/", {"q": "报告书", "category": "water"}))
    assert "水土保持方案报告书编制" in content and "建设项目环境影响报告书编制" not in content


@pytest.mark.parametrize("keyword", ["环评", "环境影响"])
def test_the_directory_finds_agencies_by_the_items_they_offer(client, world, keyword):
    content = text_of(client.get("/agencies/", {"q": keyword}))
    assert "德阳清源技术服务有限公司" in content
    assert "旌阳蓝天咨询有限公司" in content and 'data-standing="blacklisted"' in content
    assert "德阳山川工程咨询有限公司" not in content


def test_the_directory_filters_and_counts_with_a_keyword(client, world):
    content = text_of(client.get("/agencies/", {"q": "水保", "province": "510000"}))
    assert "德阳山川工程咨询有限公司" in content and "德阳清源技术服务有限公司" not in content
    content = text_of(client.get("/agencies/", {"q": "环评"}))
    # the item dropdown counts the hits: two agencies offer the EIA item
    assert re.search(r'<option value="ZJ-HJ-001"[^>]*>建设项目环境影响报告书编制（2）</option>', content)


def test_the_notices_find_jobs_of_the_item(client, world):
    content = text_of(client.get("/notices/", {"q": "环评"}))
    assert "旌阳区东湖路改建工程报告书编制" in content
    assert "水库除险加固" not in content and "尚未发布" not in content
    content = text_of(client.get("/notices/", {"q": "水保"}))
    assert "水库除险加固" in content and "东湖路" not in content


def test_the_notices_filter_a_keyword_by_selection_method_and_count_each(client, world):
    content = text_of(client.get("/notices/", {"q": "工程", "method": "random"}))
    assert "东湖路" in content and "水库除险加固" in content   # the factory's jobs are drawn at random
    assert re.search(r'<option value="random"[^>]*>随机抽取（2）</option>', content)
    content = text_of(client.get("/notices/", {"q": "工程", "method": "auction"}))
    assert "东湖路" not in content and "水库除险加固" not in content


def test_without_a_keyword_the_lists_are_as_before(client, world):
    content = text_of(client.get("/agencies/"))
    for name in ("德阳清源技术服务有限公司", "旌阳蓝天咨询有限公司", "德阳山川工程咨询有限公司"):
        assert name in content


def test_a_bad_page_of_a_keyword_list(client, world):
    content = text_of(client.get("/agencies/", {"q": "环评", "page": "x"}))
    assert "页码无效" in content and "德阳清源技术服务有限公司" in content
    content = text_of(client.get("/agencies/", {"q": "环评", "page": "40"}))
    assert "没有第 40 页" in content and "德阳清源技术服务有限公司" in content


def test_the_policies_area_has_a_policy_search_box(client, world):
    from cms.models import StandardPage

    policies = StandardPage.objects.live().filter(title="政策法规").first() or StandardPage.objects.live().first()
    content = client.get(policies.url).content.decode()
    assert 'name="kind" value="policy"' in content and 'action="/search/"' in content
    found = text_of(client.get("/search/", {"q": "政策法规", "kind": "policy"}))
    assert "政策法规" in found


def add(world, count):
    for number in range(count):
        agency = AgencyFactory(name=f"旌阳环保评价咨询公司{world.setdefault('made', 0) + number}",
                               region=world["jingyang"])
        AgencyServiceFactory(agency=agency, item=world["eia"])
        JobFactory(owner=world["owner"], item=world["eia"], title=f"旌阳区道路工程{number}号报告书编制")
    world["made"] += count
    reindex()


def queries_of(client, url, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # process-level memos (site root, settings, lexicon) filled once
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", [
    "/search/?q=环评", "/search/?q=环评&kind=agency&region=510603", "/search/?q=报告书&kind=job&sort=newest",
    "/agencies/?q=环评", "/notices/?q=环评", "/catalogue/?q=环评",
])
def test_constant_queries_at_two_sizes(client, world, url, django_assert_num_queries):
    # Both sizes fill more than a page (a backend counts the total only then).
    add(world, 25)
    small = queries_of(client, url, django_assert_num_queries)
    add(world, 25)
    with django_assert_num_queries(small):
        client.get(url)
