"""/search/: one box, kind tabs, facets whose links keep the query, highlighted hits, badges,
"understood as", pages; a plain GET form that works without JavaScript."""
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = "/search/"


def links(content):
    return [unescape(href) for href in re.findall(r'href="([^"]+)"', content)]


def test_the_url_names():
    assert reverse("search:results") == URL
    assert reverse("search:suggest") == "/search/suggest/"


def test_an_abbreviation_finds_items_agencies_and_jobs(client, world):
    content = client.get(URL, {"q": "环评"}).content.decode()
    for name in ("环境影响报告书编制", "德阳清源技术服务有限公司", "旌阳区东湖路改建工程报告书编制"):
        assert name in unescape(re.sub(r"</?mark>", "", content))
    assert "水库除险加固" not in content
    assert "尚未发布" not in content  # a draft is not public: never indexed
    # how the word was understood, and the matched words marked
    assert "环境影响评价" in content and "<mark>" in content


def test_kind_tabs_count_and_narrow(client, world):
    content = client.get(URL, {"q": "环评"}).content.decode()
    tabs = re.search(r'<nav class="search-tabs".*?</nav>', content, re.S).group(0)
    assert "中介机构" in tabs and "采购项目" in tabs and "服务事项" in tabs
    only_agencies = client.get(URL, {"q": "环评", "kind": "agency"}).content.decode()
    assert "德阳清源技术服务有限公司" in re.sub(r"</?mark>", "", only_agencies)
    assert "东湖路改建" not in only_agencies


def test_facet_links_keep_the_query_and_narrow(client, world):
    content = client.get(URL, {"q": "环评", "kind": "agency"}).content.decode()
    facets = re.search(r'<aside class="search-facets".*?</aside>', content, re.S).group(0)
    hrefs = links(facets)
    assert hrefs
    for href in hrefs:
        params = parse_qs(urlsplit(href).query)
        assert params["q"] == ["环评"] and params["kind"] == ["agency"]
    graded = [href for href in hrefs if "region=510603" in href or "region=510000" in href]
    assert graded
    narrowed = client.get(URL + graded[0]).content.decode()
    assert "德阳清源技术服务有限公司" in re.sub(r"</?mark>", "", narrowed)
    # the chosen value shows as chosen, with the link that removes it
    assert 'class="chosen"' in narrowed


def test_a_blacklisted_agency_is_listed_with_its_status(client, world):
    content = client.get(URL, {"q": "旌阳蓝天"}).content.decode()
    assert "旌阳蓝天咨询有限公司" in re.sub(r"</?mark>", "", content)
    assert 'data-standing="blacklisted"' in content and "列入黑名单" in content


def test_the_form_works_without_javascript(client, world):
    content = client.get(URL).content.decode()
    form = re.search(r'<form class="search-form" method="get" action="/search/".*?</form>', content, re.S)
    assert form and 'name="q"' in form.group(0)
    # the script is a file of the project, deferred; no inline script anywhere on the page
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", content) == []
    assert "/static/js/search-suggest.js" in content
    assert "请输入要搜索的内容" in content


def test_sorting_and_dates_are_fields_of_the_same_form(client, world):
    response = client.get(URL, {"q": "报告书", "sort": "newest", "date_from": "2020-01-01"})
    content = response.content.decode()
    assert response.status_code == 200
    assert '<option value="newest" selected>' in content
    assert 'value="2020-01-01"' in content


def test_pages_are_numbered_and_keep_the_query(client, world):
    from tests.factories import AgencyFactory, AgencyServiceFactory

    for number in range(25):
        AgencyServiceFactory(agency=AgencyFactory(name=f"德阳环保评价咨询公司{number}", region=world["jingyang"]),
                             item=world["eia"])
    from .conftest import reindex

    reindex()
    content = client.get(URL, {"q": "环评", "kind": "agency"}).content.decode()
    pages = re.search(r'<nav class="pagination".*?</nav>', content, re.S).group(0)
    second = [href for href in links(pages) if "page=2" in href]
    assert second and parse_qs(urlsplit(second[0]).query)["q"] == ["环评"]
    assert client.get(URL + second[0]).status_code == 200
