"""Only an organisation's admins invite; one open invitation per address; the mail carries the
link, and an invitee who already has an account finds the invitation in the inbox too."""
import datetime

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from audit.actions import Action
from audit.models import AuditEntry
from core.models import Notice
from providers.errors import AlreadyInvited, AlreadyMember, InvalidRole, NotOrganisationAdmin
from providers.models import Invitation, Membership
from providers.services.members import invitation_create
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_operator_cannot_invite_and_nothing_is_written(client):
    operator = MembershipFactory(role=Membership.Role.OPERATOR)
    client.force_login(operator.user)

    response = client.post(f"/workspace/org/{operator.organisation_id}/members/",
                           {"email": "new@example.cn", "role": "operator"})

    assert response.status_code == 403
    with pytest.raises(NotOrganisationAdmin) as refused:
        invitation_create(actor=operator.user, organisation=operator.organisation, email="new@example.cn",
                          role="operator")
    assert str(refused.value) == "只有本机构的管理员可以执行此操作。"
    assert not Invitation.objects.exists()
    assert not AuditEntry.objects.exists()
    assert not Notice.objects.exists()
    assert mail.outbox == []


def test_an_admin_invites_by_mail_with_a_seven_day_link(client, django_capture_on_commit_callbacks):
    admin = MembershipFactory(user__full_name="张管理")
    client.force_login(admin.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/workspace/org/{admin.organisation_id}/members/",
                               {"email": "New.Colleague@Example.cn", "role": "operator"})

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "new.colleague@example.cn"
    assert invitation.role == "operator"
    assert invitation.invited_by == admin.user
    lifetime = invitation.expires_at - timezone.now()
    assert datetime.timedelta(days=6, hours=23) < lifetime <= datetime.timedelta(days=7)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.colleague@example.cn"]
    assert f"/workspace/invitations/{invitation.token}/" in mail.outbox[0].body
    assert admin.organisation.name in mail.outbox[0].subject
    entry = AuditEntry.objects.get()
    assert entry.action == Action.INVITATION_CREATE
    assert invitation.token not in str(entry.after)


def test_a_second_open_invitation_to_the_same_address_is_refused(client):
    admin = MembershipFactory()
    invitation_create(actor=admin.user, organisation=admin.organisation, email="x@example.cn", role="operator")
    client.force_login(admin.user)

    response = client.post(f"/workspace/org/{admin.organisation_id}/members/",
                           {"email": "X@example.cn", "role": "admin"})

    assert response.status_code == 400
    html = response.content.decode()
    assert str(AlreadyInvited.default_message) in html
    assert 'value="X@example.cn"' in html
    assert Invitation.objects.count() == 1
    assert AuditEntry.objects.count() == 1
    assert mail.outbox == []


def test_an_expired_invitation_does_not_block_a_new_one():
    admin = MembershipFactory()
    old = invitation_create(actor=admin.user, organisation=admin.organisation, email="x@example.cn", role="operator")
    Invitation.objects.filter(pk=old.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))

    invitation_create(actor=admin.user, organisation=admin.organisation, email="x@example.cn", role="operator")

    assert Invitation.objects.count() == 2


def test_inviting_a_member_is_refused():
    admin = MembershipFactory()
    member = MembershipFactory(organisation=admin.organisation, role="operator")

    with pytest.raises(AlreadyMember) as refused:
        invitation_create(actor=admin.user, organisation=admin.organisation, email=member.user.email.upper(),
                          role="admin")

    assert refused.value.field == "email"
    assert str(refused.value) == "该邮箱的用户已是本机构成员。"
    assert not Invitation.objects.exists()
    assert not AuditEntry.objects.exists()


def test_an_unknown_role_is_refused():
    admin = MembershipFactory()

    with pytest.raises(InvalidRole) as refused:
        invitation_create(actor=admin.user, organisation=admin.organisation, email="y@example.cn", role="owner")

    assert str(refused.value) == "请选择有效的角色。"
    assert not Invitation.objects.exists()
    assert not AuditEntry.objects.exists()


def test_an_invitee_with_an_account_finds_the_invitation_in_the_inbox(django_capture_on_commit_callbacks):
    admin = MembershipFactory()
    invitee = UserFactory(email="main@example.cn")
    EmailAddress.objects.create(user=invitee, email="work@example.cn", verified=True, primary=False)

    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(actor=admin.user, organisation=admin.organisation, email="work@example.cn",
                                       role="operator")

    notice = Notice.objects.get(user=invitee)
    assert admin.organisation.name in notice.title
    assert notice.link == f"/workspace/invitations/{invitation.token}/"
    assert [message.to for message in mail.outbox] == [[invitee.email]]
    assert f"/workspace/invitations/{invitation.token}/" in mail.outbox[0].body


def test_an_unverified_address_of_an_account_gets_a_plain_mail_and_no_inbox_notice(
    django_capture_on_commit_callbacks
):
    # Claiming an address is not owning it: the invitation goes to the address, not to the claimant.
    admin = MembershipFactory()
    claimant = UserFactory()
    EmailAddress.objects.create(user=claimant, email="work@example.cn", verified=False, primary=False)

    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(actor=admin.user, organisation=admin.organisation, email="work@example.cn", role="operator")

    assert not Notice.objects.exists()
    assert [message.to for message in mail.outbox] == [["work@example.cn"]]
