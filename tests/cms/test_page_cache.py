"""The public page cache (core/pagecache.py): anonymous visitors get the cached page, never a
stale one. A change made through a service shows at once on every page that shows it; a window
that closes shows closed at its second without any write; nothing sealed or personal is ever
cached; a logged-in user never gets an anonymous page."""
import datetime

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from audit.models import AuditEntry
from bidding.models import Job
from bidding.services.jobs import job_cancel
from cms.models import StandardPage
from core import changes, pagecache
from providers.models import Standing
from providers.services.standing import standing_set
from tests.factories import (
    AgencyFactory,
    BidFactory,
    MembershipFactory,
    RegulatorFactory,
    ServiceItemFactory,
    UserFactory,
)
from tests.factories import JobFactory as BaseJobFactory
from tests.pagecache import cached

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def text(response):
    return response.content.decode()


@pytest.fixture
def item(db):
    return ServiceItemFactory(name="建设项目环境影响报告表编制")


def JobFactory(**kwargs):  # noqa: N802 (a factory, named like one)
    kwargs.setdefault("published_at", timezone.now() - datetime.timedelta(days=1))
    return BaseJobFactory(**kwargs)


def test_a_cached_page_is_served_without_a_query_with_an_etag_and_a_304(client, home, item):
    JobFactory(item=item, title="德阳某道路工程环评")
    first = cached(client, "/notices/")
    assert "德阳某道路工程环评" in text(first)
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/notices/")
    assert again[pagecache.HIT_HEADER] == "hit" and len(queries) == 0
    assert again["ETag"] and "public" in again["Cache-Control"] and "Cookie" in again["Vary"]
    assert client.get("/notices/", headers={"If-None-Match": again["ETag"]}).status_code == 304


def test_a_job_cancelled_through_its_service_shows_at_once_on_every_page_showing_it(client, home, item, committed):
    job = JobFactory(item=item, title="德阳某道路工程环评")
    pages = ["/", "/notices/", f"/notices/{job.pk}/"]
    for path in pages:
        assert "报名中" in text(cached(client, path))
    member = MembershipFactory(organisation=job.owner).user
    committed(job_cancel, actor=member, job=job, reason="项目取消")
    for path in pages:
        response = client.get(path)
        assert response.get(pagecache.HIT_HEADER) != "hit", path
        assert "已撤销" in text(response), path


def test_a_suspension_set_by_a_regulator_shows_at_once_on_the_profile_and_the_directory(
        client, home, committed):
    agency = AgencyFactory(name="德阳蓝天环境科技有限公司")
    profile = f"/agencies/{agency.uscc}/"
    assert "暂停" not in text(cached(client, profile))
    cached(client, "/agencies/")
    regulator = RegulatorFactory().user
    until = timezone.now() + datetime.timedelta(days=30)
    committed(standing_set, actor=regulator, agency=agency, standing=Standing.SUSPENDED, reason="拒不签约", until=until)
    assert "拒不签约" in text(client.get(profile))
    assert client.get("/agencies/").get(pagecache.HIT_HEADER) != "hit"


def test_a_page_published_in_wagtail_appears_in_the_menu_of_every_cached_page(client, home, committed):
    cached(client, "/catalogue/")
    page = StandardPage(title="新增办事须知", slug="new-guide", show_in_menus=True)
    committed(lambda: home.add_child(instance=page).save_revision().publish())
    assert "新增办事须知" in text(client.get("/catalogue/"))


def test_a_window_closing_shows_at_its_second_without_any_write(client, home, item):
    # Tomorrow noon: later than every version already taken (time does not run backwards), and
    # far from midnight, when every cached page ends anyway.
    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0) + datetime.timedelta(days=1)
    closes_at = noon + datetime.timedelta(minutes=5)
    with time_machine.travel(noon, tick=True):
        job = JobFactory(item=item, closes_at=closes_at)
        for path in ("/notices/", f"/notices/{job.pk}/"):
            assert '<span class="badge">报名中</span>' in text(cached(client, path))
    writes = AuditEntry.objects.count()
    with time_machine.travel(closes_at - datetime.timedelta(seconds=1), tick=False):
        assert client.get("/notices/").get(pagecache.HIT_HEADER) == "hit"
    with time_machine.travel(closes_at + datetime.timedelta(seconds=1), tick=False):
        for path in ("/notices/", f"/notices/{job.pk}/"):
            response = client.get(path)
            assert response.get(pagecache.HIT_HEADER) != "hit", path
            assert '<span class="badge">报名截止</span>' in text(response), path
            assert '<span class="badge">报名中</span>' not in text(response), path
    job.refresh_from_db()
    assert job.status == Job.Status.PUBLISHED and AuditEntry.objects.count() == writes


def test_a_sealed_bid_never_reaches_a_cached_page_even_after_its_author_looked(client, home, item):
    job = JobFactory(item=item)
    bidder = AgencyFactory(name="德阳密封报价测试有限公司")
    BidFactory(job=job, agency=bidder, price=51234)
    member = MembershipFactory(organisation=bidder).user
    author = type(client)()
    author.force_login(member)
    author.get(f"/notices/{job.pk}/")  # the author's own view, with a session: never stored
    response = cached(client, f"/notices/{job.pk}/")
    assert "德阳密封报价测试有限公司" not in text(response) and "51234" not in text(response)


def test_a_logged_in_user_never_gets_the_anonymous_page(client, home, item):
    JobFactory(item=item)
    cached(client, "/notices/")
    user = UserFactory(full_name="王登录")
    client.force_login(user)
    response = client.get("/notices/")
    assert response.get(pagecache.HIT_HEADER) != "hit"
    assert "王登录" in text(response) and "private" in response["Cache-Control"]
    client.logout()
    assert "王登录" not in text(client.get("/notices/"))


def test_pages_are_kept_apart_by_language_and_text_size(client, home):
    assert "大字版" in text(cached(client, "/catalogue/"))
    client.cookies["text_size"] = "large"
    large = client.get("/catalogue/")
    assert large.get(pagecache.HIT_HEADER) != "hit" and "large-text" in text(large)
    client.cookies["django_language"] = "en"
    english = client.get("/catalogue/")
    assert english.get(pagecache.HIT_HEADER) != "hit" and 'lang="en"' in text(english)


def test_a_visitor_with_a_message_waiting_is_not_served_from_the_cache(client, home):
    cached(client, "/catalogue/")
    client.cookies["messages"] = "x"
    assert client.get("/catalogue/").get(pagecache.HIT_HEADER) != "hit"


def test_the_text_size_switch_works_without_javascript(client, home):
    response = client.post("/display/text-size/", {"size": "large", "next": "/catalogue/"})
    assert response.status_code == 302 and response["Location"] == "/catalogue/"
    assert 'class=" large-text"' in text(client.get("/catalogue/")) or "large-text" in text(client.get("/catalogue/"))
    response = client.post("/display/text-size/", {"size": "normal", "next": "https://evil.example.com/"})
    assert response["Location"] == "/"
    assert "large-text" not in text(client.get("/catalogue/"))


def test_unpublished_pages_leave_the_cache(client, home, committed):
    page = home.add_child(instance=StandardPage(title="旧的办事指南", slug="old-guide"))
    page.save_revision().publish()
    url = page.get_url()
    assert "旧的办事指南" in text(cached(client, url))
    committed(Page.objects.get(pk=page.pk).specific.unpublish)
    assert client.get(url).status_code == 404


def test_a_change_is_announced_when_it_commits_and_never_if_it_rolls_back(settings, django_capture_on_commit_callbacks):
    settings.CHANGES_ANNOUNCED_ON_COMMIT = True
    before = changes.versions(["jobs"])
    with pytest.raises(RuntimeError), transaction.atomic():
        changes.announce(topics=["jobs"])
        raise RuntimeError("the change fails")
    assert changes.versions(["jobs"]) == before
    with django_capture_on_commit_callbacks(execute=True):
        changes.announce(topics=["jobs"])
        assert changes.versions(["jobs"]) == before  # not before the commit
    assert changes.versions(["jobs"]) != before


def test_a_bid_before_the_close_leaves_the_lists_cached(client, home, item):
    job, agency, author = JobFactory(item=item), AgencyFactory(), UserFactory()
    cached(client, "/notices/")
    BidFactory(job=job, agency=agency, submitted_by=author)
    assert client.get("/notices/").get(pagecache.HIT_HEADER) == "hit"


def test_a_prose_page_with_a_live_block_shows_a_new_agency_at_once(client, home):
    page = home.add_child(instance=StandardPage(
        title="入驻情况", slug="joined", body=[("newest_agencies", {"title": "最新入驻", "count": 5})]))
    page.save_revision().publish()
    cached(client, page.url)
    AgencyFactory(name="德阳新入驻测试有限公司")
    assert "德阳新入驻测试有限公司" in text(client.get(page.url))


def test_a_page_from_the_cache_is_still_refused_to_frames(client, home):
    response = cached(client, "/catalogue/")
    assert response["X-Frame-Options"] == "DENY"


def test_a_proxy_is_told_only_the_time_left_before_the_page_changes(client, home, item, settings):
    settings.PAGE_CACHE_PROXY_SECONDS = 3600
    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0) + datetime.timedelta(days=1)
    with time_machine.travel(noon, tick=False):
        job = JobFactory(item=item, closes_at=noon + datetime.timedelta(minutes=5))
    with time_machine.travel(noon, tick=True):
        cached(client, f"/notices/{job.pk}/")
    with time_machine.travel(noon + datetime.timedelta(minutes=4), tick=False):
        response = client.get(f"/notices/{job.pk}/")
    assert response[pagecache.HIT_HEADER] == "hit"
    assert "s-maxage=60," in response["Cache-Control"] or "s-maxage=59," in response["Cache-Control"]


def test_a_change_under_a_clock_that_stands_still_still_counts_as_a_change(db):
    """Versions are times, but two are never equal: with the clock frozen (a test's clock), a
    value built before a change is not taken for current after it, nor after the cache lost
    the versions (a new test, a cache restart)."""
    from django.core.cache import cache

    with time_machine.travel(timezone.now(), tick=False):
        before = changes.read_versions(["cms"])
        changes.announce(topics=["cms"])
        changed = changes.read_versions(["cms"])
        assert changed != before
        cache.clear()
        assert changes.read_versions(["cms"]) not in (before, changed)
