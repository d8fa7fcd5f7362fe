"""A day before the close, agencies that offer the item and have not bid are reminded, once."""
import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from bidding.models import JobAvoidance
from core.models import Notice
from tests.factories import AgencyServiceFactory, BidFactory, JobFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _offering_member(item):
    membership = MembershipFactory()
    AgencyServiceFactory(agency=membership.organisation, item=item)
    return membership


def _reminders(user):
    return Notice.objects.filter(user=user, title__startswith="报名即将截止")


def test_agencies_without_a_bid_are_reminded_once_a_day_before_the_close():
    job = JobFactory(closes_at=timezone.now() + datetime.timedelta(hours=20))
    waiting = _offering_member(job.item)
    bidder = _offering_member(job.item)
    BidFactory(job=job, agency=bidder.organisation)
    avoided = _offering_member(job.item)
    JobAvoidance.objects.create(job=job, agency=avoided.organisation, reason="与业主存在股权关系")

    call_command("advance_jobs")
    call_command("advance_jobs")

    assert _reminders(waiting.user).count() == 1
    assert not _reminders(bidder.user).exists()
    assert not _reminders(avoided.user).exists()


def test_no_reminder_while_the_close_is_still_far_away():
    job = JobFactory(closes_at=timezone.now() + datetime.timedelta(days=3))
    waiting = _offering_member(job.item)
    call_command("advance_jobs")
    assert not _reminders(waiting.user).exists()
    job.refresh_from_db()
    assert job.closing_reminded_at is None
