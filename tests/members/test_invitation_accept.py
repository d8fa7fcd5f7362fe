"""Accepting an invitation: the invited address must be one of the user's verified ones; the
invitation must be open; the user then belongs to the organisation (and may belong to others)."""
import datetime

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from audit.models import AuditEntry
from core.models import Notice
from providers.errors import InvitationExpired, InvitationRevoked, InvitationUsed, InvitationWrongEmail
from providers.models import Invitation, Membership
from providers.services.members import invitation_accept, invitation_create, invitation_revoke
from tests.accounts.helpers import link_in_last_mail
from tests.factories import MembershipFactory, OwnerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return MembershipFactory()


def invite(admin, email="invited@example.cn", role="operator"):
    return invitation_create(actor=admin.user, organisation=admin.organisation, email=email, role=role)


def test_invited_user_follows_the_mailed_link_and_becomes_a_member(client, admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin)
    invited = UserFactory(email="invited@example.cn")
    MembershipFactory(user=invited, organisation=OwnerFactory())       # already in another organisation
    link = link_in_last_mail(r"/workspace/invitations/[^/\s]+/")
    client.force_login(invited)

    page = client.get(link)
    assert page.status_code == 200
    assert admin.organisation.name in page.content.decode()
    assert "接受邀请" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link)

    assert response.status_code == 302
    assert response["Location"] == "/workspace/"
    membership = Membership.objects.get(user=invited, organisation=admin.organisation)
    assert membership.role == "operator"
    assert invited.memberships.count() == 2
    invitation = Invitation.objects.get()
    assert invitation.accepted_by == invited and invitation.accepted_at is not None
    assert mail.outbox[-1].to == [admin.user.email]                    # the admins are told
    assert admin.organisation.name in Notice.objects.get(user=admin.user).body   # in their inbox too
    workspace = client.get("/workspace/").content.decode()
    assert admin.organisation.name in workspace


def test_the_link_asks_a_visitor_to_log_in_first(client, admin):
    invitation = invite(admin)

    response = client.get(f"/workspace/invitations/{invitation.token}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/workspace/invitations/")


def test_a_user_without_the_invited_address_cannot_accept(client, admin):
    invitation = invite(admin)
    stranger = UserFactory(email="someone.else@example.cn")
    client.force_login(stranger)
    entries = AuditEntry.objects.count()

    response = client.post(f"/workspace/invitations/{invitation.token}/")

    assert response.status_code == 400
    assert str(InvitationWrongEmail.default_message) in response.content.decode()
    assert not Membership.objects.filter(user=stranger).exists()
    assert Invitation.objects.get().accepted_at is None
    assert AuditEntry.objects.count() == entries


def test_an_unverified_secondary_address_is_not_enough(admin):
    invitation = invite(admin)
    user = UserFactory()
    EmailAddress.objects.create(user=user, email="invited@example.cn", verified=False, primary=False)
    entries = AuditEntry.objects.count()

    with pytest.raises(InvitationWrongEmail) as refused:
        invitation_accept(actor=user, token=invitation.token)

    assert str(refused.value) == str(InvitationWrongEmail.default_message)
    assert not Membership.objects.filter(user=user).exists()
    assert AuditEntry.objects.count() == entries
    EmailAddress.objects.filter(email="invited@example.cn").update(verified=True)
    invitation_accept(actor=user, token=invitation.token)
    assert Membership.objects.filter(user=user, organisation=admin.organisation).exists()


def test_an_expired_invitation_is_refused(client, admin):
    invitation = invite(admin)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    invited = UserFactory(email="invited@example.cn")
    client.force_login(invited)
    entries = AuditEntry.objects.count()

    response = client.post(f"/workspace/invitations/{invitation.token}/")

    assert response.status_code == 400
    assert str(InvitationExpired.default_message) in response.content.decode()
    assert "接受邀请</button>" not in response.content.decode()
    assert not Membership.objects.filter(user=invited).exists()
    assert Invitation.objects.get().accepted_at is None
    assert AuditEntry.objects.count() == entries


def test_a_revoked_invitation_is_refused(admin):
    invitation = invite(admin)
    invitation_revoke(actor=admin.user, invitation=invitation)
    invited = UserFactory(email="invited@example.cn")
    entries = AuditEntry.objects.count()

    with pytest.raises(InvitationRevoked) as refused:
        invitation_accept(actor=invited, token=invitation.token)

    assert str(refused.value) == "该邀请已被机构管理员撤销。"
    assert not Membership.objects.filter(user=invited).exists()
    assert AuditEntry.objects.count() == entries


def test_a_used_invitation_cannot_be_used_again(admin):
    invitation = invite(admin)
    invited = UserFactory(email="invited@example.cn")
    invitation_accept(actor=invited, token=invitation.token)
    entries = AuditEntry.objects.count()

    with pytest.raises(InvitationUsed) as refused:
        invitation_accept(actor=invited, token=invitation.token)

    assert str(refused.value) == "该邀请已被使用，不能重复接受。"
    assert Membership.objects.filter(organisation=admin.organisation).count() == 2
    assert AuditEntry.objects.count() == entries


def test_pending_invitations_show_on_the_invited_users_workspace(client, admin):
    invite(admin)
    invited = UserFactory(email="invited@example.cn")
    client.force_login(invited)

    html = client.get("/workspace/").content.decode()

    assert "待处理的邀请" in html
    assert admin.organisation.name in html
