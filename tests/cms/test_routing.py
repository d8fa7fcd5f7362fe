"""Pages are found from the page tree each process keeps (cms/routing.py), with Wagtail's own
rules: drafts are not served, view restrictions hold, sub-routes work, and a change to the tree
shows at once. A prose page costs at most 4 queries."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cms.models import StandardPage

pytestmark = pytest.mark.django_db


def add_page(parent, title, slug, live=True):
    page = parent.add_child(instance=StandardPage(title=title, slug=slug, live=live))
    if live:
        page.save_revision().publish()
    return page


def test_a_prose_page_two_levels_down_is_found_and_a_draft_is_not(client, home):
    guide = add_page(home, "办事指南", "guide-a")
    add_page(guide, "环评办事须知", "eia")
    add_page(guide, "未发布的须知", "draft", live=False)
    assert "环评办事须知" in client.get("/guide-a/eia/").content.decode()
    assert client.get("/guide-a/draft/").status_code == 404
    assert client.get("/guide-a/nothing-here/").status_code == 404


def test_a_page_renamed_or_moved_is_found_at_its_new_address_at_once(client, home):
    page = add_page(home, "办事指南", "guide-b")
    assert client.get("/guide-b/").status_code == 200
    page.slug = "handbook"
    page.save_revision().publish()
    assert client.get("/handbook/").status_code == 200
    assert client.get("/guide-b/").status_code == 404


def test_a_password_restriction_holds_and_its_page_is_never_cached(client, home, settings):
    settings.PAGE_CACHE_ENABLED = True
    page = add_page(home, "内部通知", "internal")
    assert "内部通知" in client.get("/internal/").content.decode()
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret")
    for _attempt in range(2):
        response = client.get("/internal/")
        assert 'name="password"' in response.content.decode()
        assert response.get("X-Page-Cache") != "hit"


def test_sub_routes_of_the_index_pages_still_work(client, home):
    assert client.get("/catalogue/NO-SUCH-ITEM/").status_code == 404
    assert client.get("/notices/").status_code == 200


def test_a_prose_page_costs_at_most_four_queries(client, home):
    add_page(home, "办事指南", "guide-c")
    client.get("/guide-c/")  # the first request of a process reads the page tree
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/guide-c/").status_code == 200
    assert len(queries) <= 4, [query["sql"] for query in queries]


def test_a_page_deleted_a_moment_ago_is_a_404_not_an_error(client, home, settings):
    settings.CHANGES_ANNOUNCED_ON_COMMIT = True  # the tree this process keeps has not heard yet
    page = add_page(home, "临时通知", "temporary")
    client.get("/temporary/")
    StandardPage.objects.filter(pk=page.pk).delete()
    assert client.get("/temporary/").status_code == 404
