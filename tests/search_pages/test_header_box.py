"""The search box in the header of every public page (search/wiring.py puts it in the frame,
core/templates/base.html shows it): a plain GET form to /search/ in both languages, the box's
stylesheet and script once per page, no query of its own; not on the search pages, whose own
large box holds the query, nor in Wagtail's admin."""
import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from core import navigation
from search.wiring import header_search
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HEADER = re.compile(r'<form class="site-search" method="get" action="([^"]*)" role="search"[^>]*>(.*?)</form>', re.S)
PUBLIC = ["/", "/agencies/", "/catalogue/", "/notices/", "/complaints/", "/no-such-page/"]


def header_box(content):
    found = HEADER.findall(content)
    assert len(found) <= 1, "two header search boxes"
    return found[0] if found else None


def policies_url():
    from cms.models import StandardPage

    return StandardPage.objects.live().first().url


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_public_page_has_the_header_box(client, home, language):
    client.cookies["django_language"] = language
    with translation.override(language):
        name = gettext("站内搜索")
    for url in [*PUBLIC, policies_url()]:
        content = client.get(url).content.decode()
        assert f'lang="{language}"' in content, url
        box = header_box(content)
        assert box, f"no header search box on {url}"
        action, form = box
        assert action == "/search/"
        assert 'type="search"' in form and 'name="q"' in form and 'data-suggest-url="/search/suggest/"' in form
        assert f'<label for="site-search-q" class="visually-hidden">{name}</label>' in form
        assert 'type="submit"' in form


def test_the_english_reader_lands_on_english_results(client, world):
    client.cookies["django_language"] = "en"
    action, _form = header_box(client.get("/agencies/").content.decode())
    results = client.get(action, {"q": "环评"}).content.decode()
    assert 'lang="en"' in results and "德阳清源技术服务有限公司" in re.sub(r"</?mark>", "", results)


def test_each_page_loads_the_search_assets_once_and_keeps_its_ids_unique(client, world):
    for url in ["/", "/agencies/", policies_url(), "/search/?q=环评", "/search/suggest/?q=环"]:
        content = client.get(url).content.decode()
        assert content.count("/static/css/search.css") == 1, url
        assert content.count("/static/js/search-suggest.js") == 1, url
        repeated = [name for name, count in Counter(re.findall(r'\bid="([^"]+)"', content)).items() if count > 1]
        assert repeated == [], f"{url}: {repeated}"


def test_the_search_pages_keep_only_their_own_box(client, world):
    for url in ["/search/", "/search/?q=环评", "/search/suggest/?q=环"]:
        content = client.get(url).content.decode()
        assert header_box(content) is None, url
        assert 'name="q"' in content  # the page's own box


def test_not_in_wagtails_admin(client, home):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    response = client.get("/admin/pages/")
    assert response.status_code == 200
    assert header_box(response.content.decode()) is None
    # the signed-in user's own pages keep it
    assert header_box(client.get("/").content.decode())


def test_the_box_reads_nothing_from_the_database(client, world, monkeypatch):
    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = ["/", "/agencies/", "/complaints/"]
    for url in urls:  # the per-process memos (page tree, portal settings) filled first
        client.get(url)
    with_box = [queries(url) for url in urls]
    monkeypatch.setattr(navigation, "_frame_parts", [part for part in navigation._frame_parts
                                                     if part is not header_search])
    assert header_box(client.get("/").content.decode()) is None
    assert [queries(url) for url in urls] == with_box
