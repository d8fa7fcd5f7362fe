"""An agency's offered items through HTTP: its members only."""
import pytest
from django.urls import reverse

from audit.models import AuditEntry
from marketplace.models import AgencyService
from tests.factories import AgencyServiceFactory, MembershipFactory

pytestmark = pytest.mark.django_db

COMMITMENTS = {"service_days": "20", "fee_quote": "按收费标准下浮10%", "service_standard": "一次性告知，限时办结"}


@pytest.fixture
def member_client(client, member):
    client.force_login(member.user)
    return client


def test_a_member_of_another_agency_gets_403_on_every_page(client, member, item):
    offer = AgencyServiceFactory(agency=member.organisation, item=item)
    client.force_login(MembershipFactory().user)
    org = member.organisation.pk
    urls = [
        reverse("agency_services:list", args=[org]),
        reverse("agency_services:add", args=[org]),
        reverse("agency_services:edit", args=[org, offer.pk]),
        reverse("agency_services:remove", args=[org, offer.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {**COMMITMENTS, "item": item.pk}).status_code == 403, url
    offer.refresh_from_db()
    assert offer.service_days == 20
    assert not AuditEntry.objects.exists()


def test_days_above_the_statutory_limit_are_refused_next_to_the_field(member_client, member, item):
    url = reverse("agency_services:add", args=[member.organisation.pk])
    response = member_client.post(url, {**COMMITMENTS, "item": item.pk, "service_days": "31"})
    assert response.context["form"].errors["service_days"] == ["承诺服务时限不得超过该事项的法定时限 30 个工作日。"]
    assert "一次性告知，限时办结" in response.content.decode()
    assert not AgencyService.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_duplicate_offer_is_refused_with_a_message(member_client, member, item):
    AgencyServiceFactory(agency=member.organisation, item=item)
    url = reverse("agency_services:add", args=[member.organisation.pk])
    response = member_client.post(url, {**COMMITMENTS, "item": item.pk})
    assert response.context["form"].errors["item"] == ["本机构已提供该事项，请修改原有的承诺。"]
    assert AgencyService.objects.count() == 1
    assert not AuditEntry.objects.exists()


def test_a_change_above_the_statutory_limit_is_refused_and_the_commitments_stay(member_client, member, item):
    offer = AgencyServiceFactory(agency=member.organisation, item=item, service_days=20, fee_quote="按标准收费")
    url = reverse("agency_services:edit", args=[member.organisation.pk, offer.pk])

    response = member_client.post(url, {**COMMITMENTS, "service_days": "45", "fee_quote": "新的收费承诺"})

    assert response.status_code == 200
    assert response.context["form"].errors["service_days"] == ["承诺服务时限不得超过该事项的法定时限 30 个工作日。"]
    assert "新的收费承诺" in response.content.decode()
    offer.refresh_from_db()
    assert (offer.service_days, offer.fee_quote) == (20, "按标准收费")
    assert not AuditEntry.objects.exists()


def test_a_member_adds_edits_and_removes_an_offer(member_client, member, item):
    org = member.organisation.pk
    response = member_client.post(reverse("agency_services:add", args=[org]), {**COMMITMENTS, "item": item.pk})
    assert response.status_code == 302
    offer = AgencyService.objects.get(agency=member.organisation)
    page = member_client.get(reverse("agency_services:list", args=[org])).content.decode()
    assert item.name in page and "按收费标准下浮10%" in page

    response = member_client.post(reverse("agency_services:edit", args=[org, offer.pk]),
                                  {**COMMITMENTS, "service_days": "12"})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.service_days == 12

    assert member_client.get(reverse("agency_services:remove", args=[org, offer.pk])).status_code == 200
    response = member_client.post(reverse("agency_services:remove", args=[org, offer.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("agency_services:list", args=[org])
    assert f"已不再提供服务事项“{item.name}”。" in response.content.decode()
    assert not AgencyService.objects.exists()
    assert AuditEntry.objects.count() == 3


def test_an_offer_of_another_agency_is_not_found_under_ones_own(member_client, member, item):
    foreign = AgencyServiceFactory(item=item)
    url = reverse("agency_services:edit", args=[member.organisation.pk, foreign.pk])
    assert member_client.get(url).status_code == 404
