"""Role changes and removals: admins only, never leaving an organisation without an admin."""
import pytest
from django.core import mail

from audit.actions import Action
from audit.models import AuditEntry
from core.models import Notice
from providers.errors import InvitationAlreadyRevoked, LastAdmin, NotOrganisationAdmin
from providers.models import Invitation, Membership
from providers.services.members import (
    invitation_accept,
    invitation_create,
    invitation_revoke,
    member_change_role,
    member_remove,
)
from tests.factories import MembershipFactory, UserFactory
from tests.factories.providers import declared_identity, valid_id_number

pytestmark = pytest.mark.django_db


def test_the_last_admin_cannot_be_demoted(client):
    admin = MembershipFactory()
    MembershipFactory(organisation=admin.organisation, role="operator")
    client.force_login(admin.user)

    response = client.post(f"/workspace/org/{admin.organisation_id}/members/{admin.pk}/role/",
                           {"role": "operator"}, follow=True)

    assert str(LastAdmin.default_message) in response.content.decode()
    admin.refresh_from_db()
    assert admin.role == "admin"
    assert not AuditEntry.objects.exists()


def test_the_last_admin_cannot_be_removed_nor_leave():
    admin = MembershipFactory()

    with pytest.raises(LastAdmin) as refused:
        member_remove(actor=admin.user, membership=admin)

    assert str(refused.value) == "机构至少需要保留一名管理员：请先指定另一名管理员。"
    assert Membership.objects.filter(pk=admin.pk).exists()
    assert not AuditEntry.objects.exists()
    assert not Notice.objects.exists()


def test_with_two_admins_one_may_demote_the_other(django_capture_on_commit_callbacks):
    first = MembershipFactory()
    second = MembershipFactory(organisation=first.organisation)

    with django_capture_on_commit_callbacks(execute=True):
        member_change_role(actor=first.user, membership=second, role="operator")

    second.refresh_from_db()
    assert second.role == "operator"
    entry = AuditEntry.objects.get()
    assert entry.action == Action.MEMBERSHIP_ROLE_CHANGE
    assert (entry.before["role"], entry.after["role"]) == ("admin", "operator")
    assert mail.outbox[-1].to == [second.user.email]
    assert "经办人" in Notice.objects.get(user=second.user).body      # the role change reaches the inbox


def test_an_admin_removes_an_operator(client):
    admin = MembershipFactory()
    operator = MembershipFactory(organisation=admin.organisation, role="operator")
    client.force_login(admin.user)

    response = client.post(f"/workspace/org/{admin.organisation_id}/members/{operator.pk}/remove/")

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=operator.pk).exists()
    assert AuditEntry.objects.get().action == Action.MEMBERSHIP_REMOVE
    assert admin.organisation.name in Notice.objects.get(user=operator.user).body


def test_an_operator_may_leave(client):
    admin = MembershipFactory()
    operator = MembershipFactory(organisation=admin.organisation, role="operator")
    client.force_login(operator.user)

    response = client.post(f"/workspace/org/{admin.organisation_id}/members/{operator.pk}/remove/")

    assert response["Location"] == "/workspace/"
    assert not Membership.objects.filter(pk=operator.pk).exists()
    assert AuditEntry.objects.get().action == Action.MEMBERSHIP_LEAVE


def test_each_service_writes_exactly_one_audit_entry():
    admin = MembershipFactory()
    other_admin = MembershipFactory(organisation=admin.organisation)
    counts = []

    def step(call):
        before = AuditEntry.objects.count()
        result = call()
        counts.append(AuditEntry.objects.count() - before)
        return result

    revoked = step(lambda: invitation_create(actor=admin.user, organisation=admin.organisation,
                                             email="a@example.cn", role="operator"))
    step(lambda: invitation_revoke(actor=admin.user, invitation=revoked))
    invitation = step(lambda: invitation_create(actor=admin.user, organisation=admin.organisation,
                                                email="b@example.cn", role="operator"))
    # Made an agency's admin below: they have declared their identity number.
    joiner = UserFactory(email="b@example.cn", **declared_identity(valid_id_number(1)))
    membership = step(lambda: invitation_accept(actor=joiner, token=invitation.token))
    step(lambda: member_change_role(actor=admin.user, membership=membership, role="admin"))
    step(lambda: member_remove(actor=other_admin.user, membership=membership))

    assert counts == [1, 1, 1, 1, 1, 1]
    assert Invitation.objects.get(pk=revoked.pk).revoked_at is not None


def test_revoking_twice_is_refused_with_a_message(client):
    admin = MembershipFactory()
    invitation = invitation_create(actor=admin.user, organisation=admin.organisation, email="c@example.cn",
                                   role="operator")
    invitation_revoke(actor=admin.user, invitation=invitation)
    client.force_login(admin.user)

    response = client.post(f"/workspace/org/{admin.organisation_id}/invitations/{invitation.pk}/revoke/", follow=True)

    assert str(InvitationAlreadyRevoked.default_message) in response.content.decode()
    assert AuditEntry.objects.filter(action=Action.INVITATION_REVOKE).count() == 1


def test_the_services_refuse_an_operator_with_a_message_and_write_nothing():
    admin = MembershipFactory()
    operator = MembershipFactory(organisation=admin.organisation, role="operator")
    invitation = invitation_create(actor=admin.user, organisation=admin.organisation, email="d@example.cn",
                                   role="operator")
    entries = AuditEntry.objects.count()

    for call in (
        lambda: member_change_role(actor=operator.user, membership=operator, role="admin"),
        lambda: member_remove(actor=operator.user, membership=admin),
        lambda: invitation_revoke(actor=operator.user, invitation=invitation),
    ):
        with pytest.raises(NotOrganisationAdmin) as refused:
            call()
        assert str(refused.value) == "只有本机构的管理员可以执行此操作。"

    operator.refresh_from_db()
    assert operator.role == "operator"
    assert Membership.objects.filter(pk=admin.pk).exists()
    assert Invitation.objects.get().revoked_at is None
    assert AuditEntry.objects.count() == entries
    assert not Notice.objects.exists()
