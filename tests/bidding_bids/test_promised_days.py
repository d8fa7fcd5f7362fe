"""A promised service time is held to the time the announcement requires: a longer promise is
refused at submission and at a change, and a bid that slipped through is invalid at the close."""
import pytest
from django.urls import reverse

from audit.models import AuditEntry
from bidding import errors
from bidding.models import Bid
from bidding.services.bids import bid_submit, bid_update
from core.models import Notice

from .conftest import bid_data

pytestmark = pytest.mark.django_db


def test_a_promise_longer_than_the_required_time_is_refused_and_nothing_is_written(member, agency, job):
    assert job.service_days == 20
    entries = AuditEntry.objects.count()
    with pytest.raises(errors.PromisedDaysTooLong) as caught:
        bid_submit(actor=member, agency=agency, job=job, data=bid_data(promised_days=21))
    assert str(caught.value) == "承诺服务时限 21 个工作日超过本项目要求的服务时限 20 个工作日。"
    assert caught.value.field == "promised_days"
    assert not Bid.objects.exists()
    assert AuditEntry.objects.count() == entries
    assert not Notice.objects.exists()


def test_the_required_time_itself_or_less_is_accepted(member, agency, job):
    bid = bid_submit(actor=member, agency=agency, job=job, data=bid_data(promised_days=20))
    assert bid.promised_days == 20


def test_a_change_to_a_longer_promise_is_refused_and_the_bid_keeps_its_promise(member, agency, job):
    bid = bid_submit(actor=member, agency=agency, job=job, data=bid_data(promised_days=15))
    entries = AuditEntry.objects.count()
    with pytest.raises(errors.PromisedDaysTooLong):
        bid_update(actor=member, bid=bid, data=bid_data(promised_days=45))
    bid.refresh_from_db()
    assert bid.promised_days == 15
    assert AuditEntry.objects.count() == entries


def test_the_bid_page_shows_the_refusal_next_to_the_field(client, member, agency, job):
    client.force_login(member)
    response = client.post(reverse("bidding:bid_form", args=[job.pk]) + f"?org={agency.pk}",
                           {"org": agency.pk, "price": "60000", "promised_days": "30", "plan": "方案"})
    assert "承诺服务时限 30 个工作日超过本项目要求的服务时限 20 个工作日。" in response.content.decode()
    assert not Bid.objects.exists()
