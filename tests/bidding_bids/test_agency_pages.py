"""The agency's pages: opportunities, the bid form, the receipt, withdrawal, my bids."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from bidding.models import Bid, JobAvoidance
from core.models import Notice
from tests.factories import AgencyFactory, BidFactory, JobFactory, MembershipFactory, ServiceItemFactory

pytestmark = pytest.mark.django_db


def test_opportunities_list_matching_jobs_first_and_all_on_request(client, member, agency, job, offered):
    elsewhere = JobFactory(item=ServiceItemFactory(), title="别的事项的项目")
    JobAvoidance.objects.create(job=elsewhere, agency=agency, reason="与业主存在控股关系")
    client.force_login(member)
    url = reverse("bidding:opportunities") + f"?org={agency.pk}"
    body = client.get(url).content.decode()
    assert job.title in body and elsewhere.title not in body
    body = client.get(url + "&all=1").content.decode()
    assert elsewhere.title in body and "与业主存在控股关系" in body


def test_the_opportunities_page_runs_a_fixed_number_of_queries(client, member, agency, item, offered,
                                                               django_assert_max_num_queries):
    JobFactory.create_batch(3, item=item)
    client.force_login(member)
    url = reverse("bidding:opportunities") + f"?org={agency.pk}"
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    JobFactory.create_batch(10, item=item)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_an_agency_submits_through_the_form_and_sees_its_receipt(client, member, agency, job):
    client.force_login(member)
    url = reverse("bidding:bid_form", args=[job.pk]) + f"?org={agency.pk}"
    response = client.post(url, {"org": agency.pk, "price": "60000", "promised_days": "15", "plan": "方案"})
    bid = Bid.objects.get()
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("bidding:bid_receipt", args=[bid.pk]))
    body = client.get(response["Location"]).content.decode()
    assert bid.receipt_number in body and bid.random_value in body


def test_the_form_shows_a_refusal_next_to_the_price_and_keeps_what_was_typed(client, member, agency, job):
    client.force_login(member)
    url = reverse("bidding:bid_form", args=[job.pk]) + f"?org={agency.pk}"
    response = client.post(url, {"price": "90000", "promised_days": "15", "plan": "保留的方案文字"})
    assert response.status_code == 200
    assert "最高限价 80,000.00 元" in response.context["form"].errors["price"][0]
    assert "保留的方案文字" in response.content.decode()
    assert not Bid.objects.exists() and not AuditEntry.objects.exists()


def test_an_empty_bid_form_says_what_is_missing_and_writes_nothing(client, member, agency, job):
    client.force_login(member)
    url = reverse("bidding:bid_form", args=[job.pk]) + f"?org={agency.pk}"
    response = client.post(url, {"price": "", "promised_days": ""})
    assert response.context["form"].errors == {"price": ["请填写报价。"], "promised_days": ["请填写承诺服务时限。"]}
    assert not Bid.objects.exists() and not AuditEntry.objects.exists()


def test_a_withdrawal_after_the_close_is_refused_with_the_reason_and_changes_nothing(client, member, agency, job):
    bid = BidFactory(job=job, agency=agency, submitted_by=member)
    job.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    job.save()
    client.force_login(member)
    response = client.post(reverse("bidding:bid_withdraw", args=[bid.pk]), follow=True)
    [message] = [str(message) for message in response.context["messages"]]
    assert message.startswith("报名已于") and message.endswith("截止。")
    assert response.redirect_chain[-1][0].startswith(reverse("bidding:bid_receipt", args=[bid.pk]))
    bid.refresh_from_db()
    assert bid.status == Bid.Status.LIVE
    assert not AuditEntry.objects.exists() and not Notice.objects.exists()


def test_an_agency_withdraws_through_the_receipt(client, member, agency, job):
    client.force_login(member)
    client.post(reverse("bidding:bid_form", args=[job.pk]) + f"?org={agency.pk}",
                {"price": "60000", "promised_days": "15"})
    bid = Bid.objects.get()
    response = client.post(reverse("bidding:bid_withdraw", args=[bid.pk]))
    assert response.status_code == 302
    bid.refresh_from_db()
    assert bid.status == Bid.Status.WITHDRAWN
    assert bid.receipt_number in client.get(reverse("bidding:my_bids") + f"?org={agency.pk}").content.decode()


def test_another_organisations_id_in_org_is_forbidden(client, member, job):
    from tests.factories import AgencyFactory

    client.force_login(member)
    other = AgencyFactory()
    assert client.get(reverse("bidding:opportunities") + f"?org={other.pk}").status_code == 403


def test_the_workspace_links_agencies_to_their_opportunities(client, member, agency):
    client.force_login(member)
    body = client.get("/workspace/").content.decode()
    assert reverse("bidding:opportunities") + f"?org={agency.pk}" in body


@pytest.mark.parametrize("page", ["bidding:opportunities", "bidding:my_bids"])
def test_without_org_an_agency_member_gets_their_only_agency(client, member, agency, page):
    client.force_login(member)
    response = client.get(reverse(page))
    assert response.status_code == 200 and agency.name in response.content.decode()


@pytest.mark.parametrize("page", ["bidding:opportunities", "bidding:my_bids"])
def test_without_org_a_member_of_two_agencies_is_asked_which(client, member, agency, page):
    from tests.factories import AgencyFactory, MembershipFactory

    other = AgencyFactory(name="德阳第二咨询有限公司")
    MembershipFactory(organisation=other, user=member)
    body = client.force_login(member) or client.get(reverse(page)).content.decode()
    assert "选择中介机构" in body
    assert f"?org={agency.pk}" in body and f"?org={other.pk}" in body


def test_the_bid_form_without_org_asks_a_member_of_two_agencies_which(client, member, agency, job):
    other = AgencyFactory(name="德阳第二咨询有限公司")
    MembershipFactory(organisation=other, user=member)
    client.force_login(member)
    response = client.get(reverse("bidding:bid_form", args=[job.pk]))
    body = response.content.decode()
    assert response.status_code == 200 and "选择中介机构" in body
    assert reverse("bidding:bid_form", args=[job.pk]) + f"?org={other.pk}" in body


def test_without_org_someone_of_no_agency_is_refused(client, user):
    client.force_login(user)
    assert client.get(reverse("bidding:opportunities")).status_code == 403
