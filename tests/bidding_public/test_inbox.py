"""The in-site inbox: each user reads only their own notices, newest first, unread ones
highlighted and counted in the header; marking read is a POST."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import Notice
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def notice(user, title, *, read=False, link="", age_minutes=0):
    item = Notice.objects.create(user=user, title=title, body="正文", link=link,
                                 read_at=timezone.now() if read else None)
    Notice.objects.filter(pk=item.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=age_minutes))
    return item


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/workspace/notices/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_inbox_lists_only_my_notices_newest_first_with_unread_highlighted(client, user):
    notice(user, "较早的消息", read=True, age_minutes=30)
    unread = notice(user, "最新的消息")
    notice(UserFactory(), "别人的消息")
    client.force_login(user)
    response = client.get("/workspace/notices/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "最新的消息" in html and "较早的消息" in html and "别人的消息" not in html
    assert html.index("最新的消息") < html.index("较早的消息")
    assert f'class="notice-row unread" data-notice="{unread.pk}"' in html
    assert response.context["unread"] == 1
    assert 'title="未读消息">1</span>' in html  # the count in the header


def test_marking_one_read_and_then_all_read(client, user):
    first, second = notice(user, "消息一"), notice(user, "消息二")
    client.force_login(user)
    assert client.get(f"/workspace/notices/{first.pk}/read/").status_code == 405  # reads never change state
    response = client.post(f"/workspace/notices/{first.pk}/read/")
    assert response.status_code == 302
    first.refresh_from_db(), second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None
    client.post("/workspace/notices/read-all/")
    second.refresh_from_db()
    assert second.read_at is not None
    assert client.get("/workspace/notices/").context["unread"] == 0


def test_opening_a_notice_marks_it_read_and_follows_its_link(client, user):
    item = notice(user, "结果公示", link="/notices/1/")
    client.force_login(user)
    response = client.post(f"/workspace/notices/{item.pk}/read/", {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/notices/1/"
    outside = notice(user, "外部链接", link="https://evil.example/")
    response = client.post(f"/workspace/notices/{outside.pk}/read/", {"open": "1"})
    assert response["Location"] == "/workspace/notices/"


def test_nobody_can_mark_another_users_notice(client, user):
    other = notice(UserFactory(), "别人的消息")
    client.force_login(user)
    assert client.post(f"/workspace/notices/{other.pk}/read/").status_code == 404
    client.post("/workspace/notices/read-all/")
    other.refresh_from_db()
    assert other.read_at is None


def test_the_inbox_is_paginated_and_runs_the_same_number_of_queries_for_3_and_30(client, user):
    client.force_login(user)
    for n in range(3):
        notice(user, f"消息{n}")
    client.get("/workspace/notices/")
    with CaptureQueriesContext(connection) as few:
        client.get("/workspace/notices/")
    for n in range(27):
        notice(user, f"更多消息{n}")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/workspace/notices/")
    assert len(many) == len(few)
    assert len(response.context["page"]) == 20 and response.context["page"].paginator.num_pages == 2
