"""Reads never write: every page of a job whose window (or publicity) has passed, for every
role, leaves the database as it was — no row, no audit entry, no notice — and already shows
what the clock implies. The writes belong to `advance_jobs` and to the first service that acts
on the job."""
import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.actions import Action
from audit.models import AuditEntry
from bidding.models import Bid, Job
from core.models import Notice
from tests.factories import (
    AgencyServiceFactory,
    BidFactory,
    JobFactory,
    MembershipFactory,
    RegulatorFactory,
)

from .conftest import closed_job, valid_bids

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def _writes(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    statements = [query["sql"] for query in queries.captured_queries if WRITE.match(query["sql"])]
    return response, statements


@pytest.fixture
def passed_window(home):
    """A published job whose window closed a minute ago, with three live bids not yet judged."""
    job = JobFactory(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    bids = [BidFactory(job=job) for _n in range(3)]
    for bid in bids:
        AgencyServiceFactory(agency=bid.agency, item=job.item)
    return job, bids


def _people(job, bid):
    owner = MembershipFactory(organisation=job.owner).user
    bidder = MembershipFactory(organisation=bid.agency).user
    regulator = RegulatorFactory().user
    return {"anonymous": None, "owner": owner, "bidder": bidder, "regulator": regulator}


def _pages(job, bid):
    org = f"?org={bid.agency_id}"
    return {
        "anonymous": ["/", "/notices/", f"/notices/{job.pk}/", f"/notices/{job.pk}/draw/"],
        "owner": [reverse("bidding:owner_jobs"), reverse("bidding:owner_job", args=[job.pk]),
                  reverse("bidding:selection", args=[job.pk]), f"/notices/{job.pk}/"],
        "bidder": [reverse("bidding:bid_receipt", args=[bid.pk]) + org, reverse("bidding:my_bids") + org,
                   reverse("bidding:opportunities") + org, reverse("bidding:bid_form", args=[job.pk]) + org],
        "regulator": [reverse("bidding_regulator:flags"), f"/notices/{job.pk}/"],
    }


def _state(job):
    return (
        AuditEntry.objects.count(), Notice.objects.count(),
        list(Job.objects.order_by("pk").values_list("status", "updated_at")),
        list(Bid.objects.order_by("pk").values_list("status", "updated_at")),
    )


def test_no_page_of_a_job_past_its_close_writes_anything(client, passed_window):
    job, bids = passed_window
    people, pages = _people(job, bids[0]), _pages(job, bids[0])
    before = _state(job)
    for role, urls in pages.items():
        client.logout()
        if people[role] is not None:
            client.force_login(people[role])
        for url in urls:
            response, writes = _writes(client, url)
            assert response.status_code in (200, 302), (role, url, response.status_code)
            assert writes == [], (role, url, writes)
    assert _state(job) == before
    job.refresh_from_db()
    assert job.status == Job.Status.PUBLISHED


def test_the_pages_already_show_the_job_as_closed(client, passed_window):
    job, bids = passed_window
    closed_label = str(Job.Status.CLOSED.label)
    assert closed_label in client.get(f"/notices/{job.pk}/").content.decode()
    assert "正在判定" in client.get(f"/notices/{job.pk}/").content.decode()
    client.force_login(MembershipFactory(organisation=job.owner).user)
    assert closed_label in client.get(reverse("bidding:owner_job", args=[job.pk])).content.decode()
    client.force_login(MembershipFactory(organisation=bids[0].agency).user)
    receipt = client.get(reverse("bidding:bid_receipt", args=[bids[0].pk])).content.decode()
    assert "修改报名" not in receipt and "撤回报名" not in receipt


def test_a_publicity_period_that_ran_out_shows_the_award_without_writing(client, home):
    job = closed_job()
    winner = valid_bids(job, [50000, 52000, 54000])[0]
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.PUBLICITY, winner=winner, selected_at=timezone.now() - datetime.timedelta(days=4),
        publicity_ends_at=timezone.now() - datetime.timedelta(minutes=1))
    before = _state(job)
    response, writes = _writes(client, f"/notices/{job.pk}/")
    assert writes == []
    assert str(Job.Status.AWARDED.label) in response.content.decode()
    assert _state(job) == before


def test_the_owner_applies_the_close_through_a_service(client, passed_window):
    job, _bids = passed_window
    client.force_login(MembershipFactory(organisation=job.owner).user)
    response = client.post(reverse("bidding:selection_close", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == Job.Status.CLOSED
    assert AuditEntry.objects.filter(action=Action.JOB_CLOSE, object_id=str(job.pk)).count() == 1


def test_someone_else_cannot_apply_the_close(client, passed_window):
    job, bids = passed_window
    client.force_login(MembershipFactory(organisation=bids[0].agency).user)
    before = _state(job)
    assert client.post(reverse("bidding:selection_close", args=[job.pk])).status_code == 404
    assert _state(job) == before
