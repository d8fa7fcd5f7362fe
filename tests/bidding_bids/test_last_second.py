"""The last second before a close: a bid counts at the moment the server received it, if that is
before the close and it is processed within the grace after it (bidding.states); the close waits
for the grace. The races themselves are in test_last_second_pg.py (PostgreSQL row locks)."""
import datetime
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bidding import errors, states
from bidding.models import Bid, BidAttachment, Job, JobEntryValue
from bidding.services.bids import bid_submit, bid_update, bid_withdraw
from bidding.services.clock import advance_due_jobs
from core import clock
from tests.factories import JobFactory, MembershipFactory
from tests.writes import nothing_written

from .conftest import bid_data, new_bidder

CLOSES = datetime.datetime(2026, 3, 20, 9, 0, tzinfo=datetime.UTC)  # 17:00 in Beijing
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _grace_of_ten_seconds(settings):
    settings.BID_CLOSE_GRACE_SECONDS = 10


def _job(**fields):
    return Job(**{"status": Job.Status.PUBLISHED, "closes_at": CLOSES, **fields})


def _at(seconds):
    return CLOSES + datetime.timedelta(seconds=seconds)


# --- the rule (pure) ---------------------------------------------------------------------------

@pytest.mark.parametrize("received, now, counts", [
    (_at(-60), _at(-59), True),            # the ordinary case: well before the close
    (_at(-0.001), _at(3), True),           # received before the close, processed after it
    (_at(-0.001), _at(9.999999), True),    # ... up to the end of the grace (10 s)
    (_at(-0.001), _at(10), False),         # ... but not once the grace has run out
    (_at(0), _at(0), False),               # received at the close: too late
    (_at(0.001), _at(1), False),           # received after it
])
def test_a_bid_counts_when_received_before_the_close_and_processed_within_the_grace(received, now, counts):
    assert states.accepts_bid_received_at(_job(), received, now) is counts


def test_nothing_counts_once_the_close_has_been_applied():
    assert not states.accepts_bid_received_at(_job(status=Job.Status.CLOSED), _at(-1), _at(1))


def test_the_grace_is_a_setting(settings):
    settings.BID_CLOSE_GRACE_SECONDS = 2
    assert states.close_grace() == datetime.timedelta(seconds=2)
    assert not states.accepts_bid_received_at(_job(), _at(-0.5), _at(2))


def test_the_close_is_applied_only_once_the_grace_has_passed():
    assert states.close_due(_job(), _at(0))  # pages show the job as closed from its close time
    assert not states.close_applicable(_job(), _at(9.999999))
    assert states.close_applicable(_job(), _at(10))


# --- the received moment ------------------------------------------------------------------------

def test_the_received_moment_is_stamped_first_of_all():
    assert settings.MIDDLEWARE[0] == "core.middleware.ReceivedAtMiddleware"


def test_the_servers_stamp_is_the_received_moment_and_no_header_can_forge_it():
    with time_machine.travel(_at(5), tick=False):
        assert clock.stamp({clock.SERVER_STAMP: _at(-0.5).timestamp()}) == _at(-0.5)
        assert clock.stamp({"HTTP_ZJCS.RECEIVED_AT": str(_at(-30).timestamp())}) == _at(5)
        assert clock.stamp({clock.SERVER_STAMP: _at(60).timestamp()}) == _at(5)  # never in the future
        assert clock.received_at() == _at(5)  # outside a request: now


# --- the services -------------------------------------------------------------------------------

@pytest.fixture
def job(item):
    return JobFactory(item=item, ceiling_price=Decimal("80000"), closes_at=CLOSES)


@pytest.fixture
def received():
    """Run the test as if inside a request received at the moment it sets."""
    tokens = []
    yield lambda moment: tokens.append(clock.set_received_at(moment))
    for token in reversed(tokens):
        clock.reset_received_at(token)


def _with_file(**overrides):
    return bid_data(attachments=[SimpleUploadedFile("方案.pdf", PDF, content_type="application/pdf")], **overrides)


@pytest.mark.django_db
def test_a_bid_received_before_the_close_and_processed_after_it_is_kept_with_its_received_time(
        job, agency, member, received):
    received(_at(-0.2))
    with time_machine.travel(_at(4), tick=False):
        bid = bid_submit(actor=member, agency=agency, job=job, data=_with_file())
    bid.refresh_from_db()
    assert bid.status == Bid.Status.LIVE and bid.submitted_at == _at(-0.2)
    assert bid.attachments.count() == 1


@pytest.mark.django_db
def test_a_bid_received_before_the_close_but_processed_after_the_grace_is_refused_and_leaves_nothing(
        job, agency, member, received):
    received(_at(-0.2))
    with time_machine.travel(_at(10), tick=False):
        with pytest.raises(errors.BidWindowClosed), nothing_written(Bid, BidAttachment, JobEntryValue):
            bid_submit(actor=member, agency=agency, job=job, data=_with_file())


@pytest.mark.django_db
def test_a_change_and_a_withdrawal_received_before_the_close_count_by_that_moment(job, agency, member, received):
    with time_machine.travel(_at(-60), tick=False):
        bid = bid_submit(actor=member, agency=agency, job=job, data=bid_data())
    received(_at(-0.3))
    with time_machine.travel(_at(2), tick=False):
        bid = bid_update(actor=member, bid=bid, data=bid_data(price=Decimal("55000")))
    assert (bid.price, bid.updated_at) == (Decimal("55000"), _at(-0.3))
    received(_at(-0.1))
    with time_machine.travel(_at(3), tick=False):
        bid = bid_withdraw(actor=member, bid=bid)
    assert (bid.status, bid.withdrawn_at) == (Bid.Status.WITHDRAWN, _at(-0.1))


@pytest.mark.django_db
def test_a_change_received_after_the_close_is_refused(job, agency, member, received):
    with time_machine.travel(_at(-60), tick=False):
        bid = bid_submit(actor=member, agency=agency, job=job, data=bid_data())
    received(_at(0.1))
    with time_machine.travel(_at(1), tick=False):
        with pytest.raises(errors.BidWindowClosed), nothing_written(Bid, BidAttachment):
            bid_update(actor=member, bid=bid, data=_with_file(price=Decimal("55000")))


@pytest.mark.django_db
def test_the_scheduled_close_leaves_the_grace_to_bids_in_flight(job):
    with time_machine.travel(_at(5), tick=False):
        assert advance_due_jobs()["closed"] == []
    with time_machine.travel(_at(10), tick=False):
        assert advance_due_jobs()["closed"] == [job.pk]


def test_the_owner_asking_to_close_within_the_grace_is_told_when_and_nothing_changes(client, job):
    owner_member = MembershipFactory(organisation=job.owner).user
    client.force_login(owner_member)
    url = reverse("bidding:selection_close", args=[job.pk])
    with time_machine.travel(_at(5), tick=False), nothing_written(Bid):
        page = client.post(url, follow=True).content.decode()
    assert "截止前发出的报名仍在接收中" in page and "17:00:10" in page
    job.refresh_from_db()
    assert job.status == Job.Status.PUBLISHED
    with time_machine.travel(_at(10), tick=False):
        client.post(url)
    job.refresh_from_db()
    assert job.status != Job.Status.PUBLISHED


# --- through the bid form ----------------------------------------------------------------------

@pytest.mark.django_db
def test_the_bid_form_judges_a_post_by_the_moment_the_server_received_it(client, job, agency, member):
    other_agency, other_member = new_bidder(job)
    form = {"price": "60000", "promised_days": "15", "plan": "按时完成。"}

    def post(user, org, **environ):
        client.force_login(user)
        return client.post(reverse("bidding:bid_form", args=[job.pk]) + f"?org={org.pk}", form, **environ)

    with time_machine.travel(_at(3), tick=False):
        # Received by the server half a second before the close (config/gunicorn.py stamps it so).
        assert post(member, agency, **{clock.SERVER_STAMP: _at(-0.5).timestamp()}).status_code == 302
        # Received now, after the close: refused on the form.
        late = post(other_member, other_agency)
    assert Bid.objects.get(job=job, agency=agency).submitted_at == _at(-0.5)
    assert late.status_code == 200 and "报名已于 2026-03-20 17:00:00 截止。" in late.content.decode()
    assert not Bid.objects.filter(job=job, agency=other_agency).exists()


@pytest.mark.django_db
def test_a_post_received_before_the_close_and_refused_after_it_shows_why(client, job, agency, member):
    client.force_login(member)
    url = reverse("bidding:bid_form", args=[job.pk]) + f"?org={agency.pk}"
    with time_machine.travel(_at(3), tick=False):
        response = client.post(url, {"price": "99999", "promised_days": "15"},
                               **{clock.SERVER_STAMP: _at(-0.5).timestamp()})
    page = response.content.decode()
    assert response.status_code == 200 and "高于本项目最高限价" in page and "本项目报名已于" not in page
    assert not Bid.objects.filter(job=job).exists()
