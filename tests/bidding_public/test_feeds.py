"""The notices' RSS and Atom feeds: the public notices newest first, never a draft or a sealed
bid; one item's and one region's (the regions within it included); an unknown item or region is a
404, never a 500; the notices page points readers to them."""
import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from bidding.models import Bid, Job
from tests.factories import BidFactory, JobFactory, OwnerFactory, RegionFactory, ServiceItemFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def rss_titles(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    return [item.findtext("title") for item in ET.fromstring(response.content).iter("item")]


def atom_titles(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    return [entry.findtext(f"{ATOM}title") for entry in ET.fromstring(response.content).iter(f"{ATOM}entry")]


@pytest.fixture
def notices(home):
    now = timezone.now()
    deyang, jingyang = RegionFactory(), RegionFactory(code="510603", name="旌阳区", full_name="四川省德阳市旌阳区",
                                                      level=3, parent_id="510600")
    chengdu = RegionFactory(code="510100", name="成都市", full_name="四川省成都市")
    huanping, cehui = ServiceItemFactory(name="环境影响评价"), ServiceItemFactory(name="地形图测绘")
    older = JobFactory(title="旌阳区道路环评", item=huanping, owner=OwnerFactory(region=jingyang),
                       published_at=now - datetime.timedelta(days=3))
    newer = JobFactory(title="成都市地形测绘", item=cehui, owner=OwnerFactory(region=chengdu),
                       published_at=now - datetime.timedelta(hours=2))
    BidFactory(job=newer, price=51234, status=Bid.Status.VALID)   # sealed: the window is open
    JobFactory(title="尚未发布的草稿", item=huanping, status=Job.Status.DRAFT, closes_at=None, published_at=None)
    return {"older": older, "newer": newer, "huanping": huanping, "deyang": deyang}


def test_the_feeds_carry_the_public_notices_newest_first(client, notices):
    newest_first = ["成都市地形测绘", "旌阳区道路环评"]
    assert [t.split("（")[0] for t in rss_titles(client.get("/notices/feed/"))] == newest_first
    assert [t.split("（")[0] for t in atom_titles(client.get("/notices/feed/atom/"))] == newest_first
    body = client.get("/notices/feed/").content.decode()
    assert "尚未发布的草稿" not in body and "51234" not in body and "51,234" not in body
    assert f"/notices/{notices['newer'].pk}/" in body   # each links to its notice


def test_an_item_feed_and_a_region_feed_hold_only_theirs(client, notices):
    item = rss_titles(client.get(f"/notices/feed/?item={notices['huanping'].code}"))
    assert [t.split("（")[0] for t in item] == ["旌阳区道路环评"]
    # a city's feed holds its counties' notices
    region = atom_titles(client.get("/notices/feed/atom/?region=510600"))
    assert [t.split("（")[0] for t in region] == ["旌阳区道路环评"]
    city = client.get("/notices/feed/?region=510600").content.decode()
    assert "四川省德阳市" in city and "/notices/?province=510000&amp;prefecture=510600" in city


@pytest.mark.parametrize("url", ["/notices/feed/?item=no-such-item", "/notices/feed/atom/?region=999999",
                                 "/notices/feed/?region=%3Cscript%3E", "/notices/feed/rss/"])
def test_an_unknown_item_or_region_is_a_404(client, notices, url):
    assert client.get(url).status_code == 404


def test_the_notices_page_points_to_its_feeds(client, notices):
    html = client.get("/notices/").content.decode()
    assert 'type="application/rss+xml"' in html and 'href="/notices/feed/"' in html
    filtered = client.get(f"/notices/?item={notices['huanping'].code}").content.decode()
    assert f"/notices/feed/?item={notices['huanping'].code}" in filtered


def test_a_feed_reader_asks_for_the_english_feed(client, notices):
    """A feed reader has no language cookie: ?lang=en gives the English feed, labels and all,
    and an English /notices/ page points to it."""
    body = client.get(f"/notices/feed/?item={notices['huanping'].code}&lang=en").content.decode()
    assert "Project owner:" in body and "采购人" not in body and "旌阳区道路环评" in body   # data stays as entered
    assert "采购人" in client.get("/notices/feed/").content.decode()   # and no cookie was set
    client.cookies["django_language"] = "en"
    html = client.get(f"/notices/?item={notices['huanping'].code}").content.decode()
    assert 'href="/notices/feed/?lang=en"' in html
    assert f"/notices/feed/?item={notices['huanping'].code}&amp;lang=en" in html


def test_a_feed_reads_a_constant_number_of_queries(client, notices):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/notices/feed/").status_code == 200
        return len(captured.captured_queries)

    queries()   # the page tree's addresses, read once per process
    before = queries()
    JobFactory.create_batch(4)
    assert queries() == before


@pytest.mark.usefixtures("page_cache_on")
def test_a_cached_feed_shows_a_new_notice_at_once(client, notices):
    from tests.pagecache import cached_text

    assert "新发布的公告" not in cached_text(client, "/notices/feed/")
    JobFactory(title="新发布的公告")
    assert "新发布的公告" in client.get("/notices/feed/").content.decode()
