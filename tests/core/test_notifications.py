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
