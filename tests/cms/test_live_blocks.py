"""The live-list blocks editors place on any page: the newest notices (of one item or all), the
newest agencies, the recent blacklist entries — computed by the lists' own selectors when the page
is shown, so a change in the marketplace shows at once, with the page cache on too."""
import pytest

from cms.models import StandardPage
from tests.factories import AgencyFactory, JobFactory, ServiceItemFactory
from tests.factories.blacklist import approved
from tests.pagecache import cached_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture
def page(home):
    page = StandardPage(title="市场动态", slug="market-news", body=[
        {"type": "latest_jobs", "value": {"title": "环评项目", "item_code": "ZJ-LB-001", "count": 3}},
        {"type": "recent_blacklist", "value": {"title": "最新黑名单", "count": 5}},
        {"type": "newest_agencies", "value": {"title": "新入驻机构", "count": 5}},
    ])
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_a_newly_blacklisted_agency_appears_at_once_without_an_editor(client, page):
    agency = AgencyFactory(name="失信测试咨询有限公司")
    assert "失信测试咨询有限公司" in cached_text(client, "/market-news/")   # a new agency, not blacklisted
    assert "目前没有黑名单记录" in client.get("/market-news/").content.decode()
    approved(agency)
    html = client.get("/market-news/").content.decode()
    assert "目前没有黑名单记录" not in html and html.count("失信测试咨询有限公司") == 2


def test_the_latest_jobs_block_shows_its_items_newest_notices_only(client, page):
    item = ServiceItemFactory(code="ZJ-LB-001")
    assert "暂无采购公告" in cached_text(client, "/market-news/")
    JobFactory(item=item, title="旌阳区道路环评")
    JobFactory(title="别的事项的公告")
    html = client.get("/market-news/").content.decode()
    assert "旌阳区道路环评" in html and "别的事项的公告" not in html
    assert "?item=ZJ-LB-001" in html
