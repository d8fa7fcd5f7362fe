"""Exact lookups jump straight to the object (302): a USCC, an item code, an investment project
code, the receipt number of one's own bid; another agency's receipt finds nothing."""
import pytest

from core.navigation import page_url
from tests.factories import BidFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/search/"


def test_a_uscc_opens_the_agency(client, world):
    response = client.get(URL, {"q": " " + world["green"].uscc.lower() + " "})
    assert response.status_code == 302
    assert response["Location"] == page_url("agency_profile", world["green"].uscc)


def test_an_item_code_opens_the_item(client, world):
    response = client.get(URL, {"q": "zj-hj-001"})
    assert response.status_code == 302
    assert response["Location"] == page_url("service_item", "ZJ-HJ-001")


def test_a_project_code_opens_the_public_notice(client, world):
    response = client.get(URL, {"q": "２０２６-510603-48-01-000777"})  # full-width digits typed
    assert response.status_code == 302
    assert response["Location"] == page_url("job_notice", world["road"].pk)


def test_a_draft_jobs_project_code_is_not_found(client, world):
    world["draft"].project_code = "2026-510603-48-01-999999"
    world["draft"].save()
    assert client.get(URL, {"q": "2026-510603-48-01-999999"}).status_code == 200


def test_ones_own_receipt_opens_the_bid_and_anothers_does_not(client, world):
    member, stranger = UserFactory(), UserFactory()
    MembershipFactory(user=member, organisation=world["green"])
    MembershipFactory(user=stranger, organisation=world["digger"])
    bid = BidFactory(job=world["road"], agency=world["green"], submitted_by=member)

    client.force_login(member)
    response = client.get(URL, {"q": bid.receipt_number.lower()})
    assert response.status_code == 302
    assert response["Location"].startswith(f"/workspace/bids/{bid.pk}/")

    client.force_login(stranger)
    response = client.get(URL, {"q": bid.receipt_number})
    assert response.status_code == 200
    assert f"/workspace/bids/{bid.pk}/" not in response.content.decode()

    client.logout()
    assert client.get(URL, {"q": bid.receipt_number}).status_code == 200


def test_ordinary_words_are_not_looked_up(client, world, django_assert_max_num_queries):
    from search import exact

    with django_assert_max_num_queries(0):
        assert exact.lookup("环评 德阳", None) is None
