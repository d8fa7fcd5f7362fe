"""Who may open and work on an organisation's members page."""
import pytest

from audit.models import AuditEntry
from providers.models import Invitation, Membership
from providers.services.members import invitation_create
from tests.factories import MembershipFactory, OwnerFactory

pytestmark = pytest.mark.django_db


def test_an_operator_of_one_organisation_cannot_open_anothers_members_page(client):
    mine = MembershipFactory(role=Membership.Role.OPERATOR)
    other = MembershipFactory(organisation=OwnerFactory())
    client.force_login(mine.user)

    assert client.get(f"/workspace/org/{other.organisation_id}/members/").status_code == 403
    assert client.post(f"/workspace/org/{other.organisation_id}/members/{other.pk}/remove/").status_code == 403
    assert Membership.objects.filter(pk=other.pk).exists()
    assert not AuditEntry.objects.exists()


def test_an_operator_sees_the_list_without_the_admin_tools(client):
    operator = MembershipFactory(role=Membership.Role.OPERATOR)
    admin = MembershipFactory(organisation=operator.organisation)
    client.force_login(operator.user)

    response = client.get(f"/workspace/org/{operator.organisation_id}/members/")

    html = response.content.decode()
    assert response.status_code == 200
    assert admin.user.email in html
    assert "发送邀请" not in html
    assert "移出机构" not in html


def test_an_operator_cannot_change_roles_or_revoke(client):
    operator = MembershipFactory(role=Membership.Role.OPERATOR)
    admin = MembershipFactory(organisation=operator.organisation)
    invitation = invitation_create(actor=admin.user, organisation=admin.organisation, email="z@example.cn",
                                   role="operator")
    entries = AuditEntry.objects.count()
    client.force_login(operator.user)
    org = operator.organisation_id

    assert client.post(f"/workspace/org/{org}/members/{operator.pk}/role/", {"role": "admin"}).status_code == 403
    assert client.post(f"/workspace/org/{org}/members/{admin.pk}/remove/").status_code == 403
    assert client.post(f"/workspace/org/{org}/invitations/{invitation.pk}/revoke/").status_code == 403
    operator.refresh_from_db()
    assert operator.role == "operator"
    assert Membership.objects.filter(pk=admin.pk).exists()
    assert Invitation.objects.get().revoked_at is None
    assert AuditEntry.objects.count() == entries


def test_the_admin_page_lists_members_and_open_invitations(client):
    admin = MembershipFactory()
    invitation_create(actor=admin.user, organisation=admin.organisation, email="pending@example.cn", role="admin")
    client.force_login(admin.user)

    html = client.get(f"/workspace/org/{admin.organisation_id}/members/").content.decode()

    assert "pending@example.cn" in html
    assert "发送邀请" in html


def test_workspace_links_organisations_and_registration(client):
    membership = MembershipFactory()
    client.force_login(membership.user)

    html = client.get("/workspace/").content.decode()

    assert membership.organisation.name in html
    assert f"/workspace/org/{membership.organisation_id}/members/" in html
    assert f"/workspace/org/{membership.organisation_id}/profile/" in html
    assert "/workspace/register/agency/" in html
    assert "/workspace/register/owner/" in html


def test_the_workspace_links_an_agency_to_its_items_and_commitments(client):
    from tests.factories import MembershipFactory

    membership = MembershipFactory()
    client.force_login(membership.user)
    services_url = f"/workspace/services/{membership.organisation.pk}/"
    assert services_url in client.get("/workspace/").content.decode()
    assert services_url in client.get(f"/workspace/org/{membership.organisation.pk}/profile/").content.decode()
    assert client.get(services_url).status_code == 200


def test_the_workspace_links_each_organisation_to_the_pages_other_apps_offer_for_it(client):
    from django.urls import reverse

    agency_membership = MembershipFactory()
    owner = MembershipFactory(user=agency_membership.user, organisation=OwnerFactory())
    client.force_login(agency_membership.user)

    html = client.get("/workspace/").content.decode()

    agency_id = agency_membership.organisation_id
    assert f'href="{reverse("agency_services:list", args=[agency_id])}"' in html
    assert f'href="{reverse("bidding:opportunities")}?org={agency_id}"' in html
    assert f'href="{reverse("bidding:my_bids")}?org={agency_id}"' in html
    assert f'href="{reverse("bidding:owner_jobs")}?org={owner.organisation_id}"' in html
    assert f'href="{reverse("bidding:opportunities")}?org={owner.organisation_id}"' not in html
