"""Notices land in each user's inbox and go out as one e-mail per person, after the commit."""
import pytest
from django.core import mail
from django.db import transaction

from core.models import Notice
from core.notifications import notify, unread_count
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_each_user_gets_an_inbox_row_and_a_private_email():
    alice, bob = UserFactory(), UserFactory()
    with transaction.atomic():
        notify([alice, bob, alice], title="新公告", body="有新的采购公告", link="/notices/1/")
    assert unread_count(alice) == 1 and unread_count(bob) == 1
    assert sorted(m.to for m in mail.outbox) == sorted([[alice.email], [bob.email]])


def test_nothing_is_sent_when_the_change_rolls_back():
    alice = UserFactory()
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            notify([alice], title="不会发出")
            raise RuntimeError
    assert not Notice.objects.exists()
    assert mail.outbox == []


def test_a_title_with_a_line_break_still_reaches_every_inbox_and_mailbox_on_one_line():
    # Django refuses a subject with a line break; it used to fail inside the task, unseen.
    alice, bob = UserFactory(), UserFactory()
    with transaction.atomic():
        notify([alice, bob], title="德阳市城北道路改造\r\n环评报告编制\t公告", body="有新的采购公告")
    assert sorted(m.to for m in mail.outbox) == sorted([[alice.email], [bob.email]])
    assert {m.subject for m in mail.outbox} == {"德阳市城北道路改造 环评报告编制 公告"}
    assert Notice.objects.filter(title="德阳市城北道路改造 环评报告编制 公告").count() == 2


def test_a_very_long_title_is_cut_to_a_sane_subject():
    alice = UserFactory()
    with transaction.atomic():
        notify([alice], title="项目" * 300)
    [message] = mail.outbox
    assert len(message.subject) == 200 and message.subject.endswith("…")


def test_the_link_in_the_email_is_a_full_address_and_the_inbox_keeps_the_path(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://zjcs.example.cn"
    user = UserFactory(email="a@example.cn")
    with transaction.atomic():
        notify([user], title="标题", body="正文", link="/notices/12/")
    assert Notice.objects.get(user=user).link == "/notices/12/"
    assert "https://zjcs.example.cn/notices/12/" in mail.outbox[-1].body
