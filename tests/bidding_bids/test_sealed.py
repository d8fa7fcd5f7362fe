"""Sealed bids: before the close nobody but the bid's author reads anything of it — through any page."""
from decimal import Decimal

import pytest
import time_machine
from django.urls import NoReverseMatch, reverse

from bidding.models import Bid
from bidding.selectors.bids import bids_visible_to
from bidding.services.bids import bid_submit
from bidding.services.clock import apply_due
from bidding.states import close_grace
from tests.factories import AgencyServiceFactory, MembershipFactory, RegulatorFactory, UserFactory

from .conftest import bid_data, new_bidder

pytestmark = pytest.mark.django_db

PLAN = "独家技术路线：无人机倾斜摄影"
PRICE = Decimal("61234")


@pytest.fixture
def sealed_bid(member, agency, job, offered):
    return bid_submit(actor=member, agency=agency, job=job, data=bid_data(price=PRICE, plan=PLAN))


def secrets_of(bid):
    return [bid.receipt_number, bid.random_value, PLAN, "61234", "61,234", bid.agency.name]


def pages(job, bid, org_id):
    urls = [
        reverse("bidding:bid_receipt", args=[bid.pk]),
        reverse("bidding:bid_receipt", args=[bid.pk]) + f"?org={org_id}",
        reverse("bidding:opportunities") + f"?org={org_id}",
        reverse("bidding:opportunities") + f"?org={org_id}&all=1",
        reverse("bidding:bid_form", args=[job.pk]) + f"?org={org_id}",
        reverse("bidding:my_bids") + f"?org={org_id}",
        f"/notices/{job.pk}/", f"/notices/{job.pk}/draw/", "/notices/",
    ]
    try:
        urls.append(reverse("bidding:owner_job", args=[job.pk]))
    except NoReverseMatch:
        pass
    return urls


def outsiders(job):
    owner_user = MembershipFactory(organisation=job.owner).user
    other_agency, other_user = new_bidder(job)
    AgencyServiceFactory(agency=other_agency, item=job.item)
    return {
        "owner": (owner_user, job.owner.pk),
        "another agency": (other_user, other_agency.pk),
        "regulator": (RegulatorFactory().user, other_agency.pk),
        "a user of no organisation": (UserFactory(), other_agency.pk),
    }


def test_before_the_close_no_page_shows_the_bid_to_anyone_but_its_author(client, sealed_bid, job):
    for role, (user, org_id) in outsiders(job).items():
        client.force_login(user)
        for url in pages(job, sealed_bid, org_id):
            response = client.get(url)
            assert response.status_code in (200, 302, 403, 404), (role, url, response.status_code)
            body = response.content.decode()
            for secret in secrets_of(sealed_bid):
                assert secret not in body, (role, url, secret)
        client.logout()
    for url in pages(job, sealed_bid, sealed_bid.agency.pk):
        body = client.get(url).content.decode()
        for secret in secrets_of(sealed_bid):
            assert secret not in body, ("anonymous", url, secret)


def test_someone_elses_receipt_is_not_found_and_cannot_be_withdrawn(client, sealed_bid, job):
    _agency, other_user = new_bidder(job)
    client.force_login(other_user)
    assert client.get(reverse("bidding:bid_receipt", args=[sealed_bid.pk])).status_code == 404
    assert client.post(reverse("bidding:bid_withdraw", args=[sealed_bid.pk])).status_code == 404
    sealed_bid.refresh_from_db()
    assert sealed_bid.status == Bid.Status.LIVE


def test_a_missing_receipt_looks_the_same_as_someone_elses(client, sealed_bid, member):
    client.force_login(member)
    assert client.get(reverse("bidding:bid_receipt", args=[sealed_bid.pk + 1000])).status_code == 404


def test_the_author_reads_its_receipt_with_the_random_value(client, sealed_bid, member, job):
    client.force_login(member)
    body = client.get(reverse("bidding:bid_receipt", args=[sealed_bid.pk])).content.decode()
    for secret in (sealed_bid.receipt_number, sealed_bid.random_value, PLAN, job.draw_commitment):
        assert secret in body
    assert "您的随机值将参与公开抽取，请妥善保存" in body


def test_the_selector_shows_only_the_authors_bid_before_the_close(sealed_bid, job, member):
    owner_user = MembershipFactory(organisation=job.owner).user
    assert list(bids_visible_to(job, member)) == [sealed_bid]
    assert not bids_visible_to(job, owner_user).exists()
    assert not bids_visible_to(job, RegulatorFactory().user).exists()


def test_after_the_close_the_owner_and_regulators_see_the_valid_bids(sealed_bid, job):
    others = [bid_submit(actor=u, agency=a, job=job, data=bid_data()) for a, u in (new_bidder(job), new_bidder(job))]
    owner_user = MembershipFactory(organisation=job.owner).user
    with time_machine.travel(job.closes_at + close_grace(), tick=False):
        apply_due(job.pk)
    job.refresh_from_db()
    expected = {sealed_bid.pk, *(b.pk for b in others)}
    assert set(bids_visible_to(job, owner_user).values_list("pk", flat=True)) == expected
    assert set(bids_visible_to(job, RegulatorFactory().user).values_list("pk", flat=True)) == expected
    _agency, stranger = new_bidder(job)
    assert not bids_visible_to(job, stranger).exists()
