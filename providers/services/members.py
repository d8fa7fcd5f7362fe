"""An organisation's people: invitations by e-mail, accepting them, roles and removal.

Rules: only the organisation's admins invite, revoke, change roles and remove others; anyone
may leave; an organisation always keeps at least one admin; an invitation is for one e-mail
address, which the accepting user must have verified, and it lives seven days.
"""
import datetime
import secrets

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from accounts.links import absolute_url
from audit.services import audit_record, snapshot
from core.errors import DomainError, NotAllowed
from core.tasks import enqueue_email

from ..models import Invitation, Membership, Organisation
from ..selectors import admin_emails, organisation_for_member
from ..selectors_members import verified_emails

INVITATION_LIFETIME = datetime.timedelta(days=7)
INVITATION_FIELDS = ("organisation_id", "email", "role", "expires_at", "accepted_at", "accepted_by_id", "revoked_at")
MEMBERSHIP_FIELDS = ("organisation_id", "user_id", "role")


class InvalidRole(DomainError):
    default_message = _("请选择有效的角色。")


class AlreadyMember(DomainError):
    default_message = _("该邮箱的用户已是本机构成员。")


class AlreadyInvited(DomainError):
    default_message = _("已向该邮箱发出邀请且尚未处理，请勿重复邀请；如需重发，请先撤销原邀请。")


class InvitationExpired(DomainError):
    default_message = _("该邀请已过期，请联系机构管理员重新邀请。")


class InvitationRevoked(DomainError):
    default_message = _("该邀请已被机构管理员撤销。")


class InvitationUsed(DomainError):
    default_message = _("该邀请已被使用，不能重复接受。")


class InvitationWrongEmail(DomainError):
    default_message = _("该邀请发送给其他邮箱。请用受邀邮箱登录，或在账户设置中添加并验证受邀邮箱后再接受。")


class LastAdmin(DomainError):
    default_message = _("机构至少需要保留一名管理员：请先指定另一名管理员。")


def _check_role(role):
    if role not in Membership.Role.values:
        raise InvalidRole(field="role")


def _lock_memberships(organisation_id):
    """Lock every membership row of the organisation: role changes and removals run one at a time,
    so two admins demoting each other cannot leave the organisation with none."""
    return list(Membership.objects.select_for_update().filter(organisation_id=organisation_id).order_by("pk"))


def _would_lose_last_admin(locked, membership):
    admins = [m for m in locked if m.role == Membership.Role.ADMIN]
    return membership.role == Membership.Role.ADMIN and len(admins) <= 1


def _invitation_link(token):
    return absolute_url(reverse("providers:invitation", kwargs={"token": token}))


def _send_invitation(invitation, organisation_name, inviter_name):
    body = "\n".join([
        gettext_now("您好："),
        "",
        gettext_now("%(inviter)s 邀请您以“%(role)s”身份加入“%(org)s”在中介超市的账户。")
        % {"inviter": inviter_name, "role": invitation.get_role_display(), "org": organisation_name},
        gettext_now("请在 7 天内打开以下链接，登录（或用本邮箱注册）后接受邀请："),
        _invitation_link(invitation.token),
        "",
        gettext_now("如果您不认识该机构，请忽略本邮件。"),
    ])
    enqueue_email(gettext_now("[中介超市] 加入“%(org)s”的邀请") % {"org": organisation_name}, body,
                  [invitation.email])


@transaction.atomic
def invitation_create(*, actor, organisation, email, role):
    organisation = organisation_for_member(organisation.pk, actor, admin=True)
    _check_role(role)
    email = email.strip().lower()
    # Lock the organisation so two admins inviting the same address at once make one invitation.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    same_person = Q(user__email__iexact=email) | Q(user__emailaddress__email__iexact=email)
    if Membership.objects.filter(same_person, organisation=organisation).exists():
        raise AlreadyMember(field="email")
    now = timezone.now()
    if Invitation.objects.filter(
        organisation=organisation, email=email, accepted_at__isnull=True, revoked_at__isnull=True,
        expires_at__gt=now,
    ).exists():
        raise AlreadyInvited(field="email")
    invitation = Invitation.objects.create(
        organisation=organisation, email=email, role=role, token=secrets.token_urlsafe(32),
        invited_by=actor, expires_at=now + INVITATION_LIFETIME,
    )
    # The token is a secret: it stays out of the audit log.
    audit_record(actor=actor, action="invitation.create", obj=invitation,
                 object_repr=f"{organisation.name} ← {email}", after=snapshot(invitation, INVITATION_FIELDS))
    organisation_name, inviter_name = organisation.name, actor.get_full_name()
    transaction.on_commit(lambda: _send_invitation(invitation, organisation_name, inviter_name))
    return invitation


def _check_open(invitation, now):
    if invitation.revoked_at is not None:
        raise InvitationRevoked()
    if invitation.accepted_at is not None:
        raise InvitationUsed()
    if invitation.expires_at <= now:
        raise InvitationExpired()


@transaction.atomic
def invitation_accept(*, actor, token):
    if actor is None or not actor.is_authenticated:
        raise NotAllowed(_("请先登录后再接受邀请。"))
    invitation = (
        Invitation.objects.select_for_update().select_related("organisation").filter(token=token).first()
    )
    if invitation is None:
        raise DomainError(_("邀请链接无效。"))
    now = timezone.now()
    _check_open(invitation, now)
    if invitation.email.lower() not in verified_emails(actor):
        raise InvitationWrongEmail()
    if Membership.objects.filter(organisation=invitation.organisation, user=actor).exists():
        raise AlreadyMember(_("您已是该机构成员。"))
    before = snapshot(invitation, INVITATION_FIELDS)
    membership = Membership.objects.create(user=actor, organisation=invitation.organisation, role=invitation.role)
    invitation.accepted_at = now
    invitation.accepted_by = actor
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    after = {**snapshot(invitation, INVITATION_FIELDS), "membership_id": membership.pk}
    audit_record(actor=actor, action="invitation.accept", obj=invitation,
                 object_repr=f"{invitation.organisation.name} ← {invitation.email}", before=before, after=after)
    organisation = invitation.organisation
    line = gettext_now("%(user)s（%(email)s）已接受邀请，以“%(role)s”身份加入“%(org)s”。") % {
        "user": actor.get_full_name(), "email": actor.email, "role": membership.get_role_display(),
        "org": organisation.name}
    recipients = [email for email in admin_emails(organisation) if email != actor.email]
    if recipients:
        transaction.on_commit(
            lambda: enqueue_email(gettext_now("[中介超市] 新成员加入"), line, recipients)
        )
    return membership


@transaction.atomic
def invitation_revoke(*, actor, invitation):
    organisation = organisation_for_member(invitation.organisation_id, actor, admin=True)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise InvitationUsed(_("该邀请已被接受，不能撤销；如需移除该成员，请在成员列表中操作。"))
    if invitation.revoked_at is not None:
        raise InvitationRevoked(_("该邀请已撤销。"))
    before = snapshot(invitation, INVITATION_FIELDS)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="invitation.revoke", obj=invitation,
                 object_repr=f"{organisation.name} ← {invitation.email}", before=before,
                 after=snapshot(invitation, INVITATION_FIELDS))
    return invitation


def _notify_member(user, subject, line):
    enqueue_email(subject, "\n".join([gettext_now("您好，%(name)s：") % {"name": user.get_full_name()}, "", line]),
                  [user.email])


@transaction.atomic
def member_change_role(*, actor, membership, role):
    organisation = organisation_for_member(membership.organisation_id, actor, admin=True)
    _check_role(role)
    locked = _lock_memberships(organisation.pk)
    membership = next((m for m in locked if m.pk == membership.pk), None)
    if membership is None:
        raise DomainError(_("该成员已不在本机构。"))
    if membership.role == role:
        return membership
    if role != Membership.Role.ADMIN and _would_lose_last_admin(locked, membership):
        raise LastAdmin(field="role")
    before = snapshot(membership, MEMBERSHIP_FIELDS)
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(actor=actor, action="membership.role_change", obj=membership, before=before,
                 after=snapshot(membership, MEMBERSHIP_FIELDS))
    user, line = membership.user, gettext_now("您在“%(org)s”的角色已改为“%(role)s”。") % {
        "org": organisation.name, "role": membership.get_role_display()}
    transaction.on_commit(lambda: _notify_member(user, gettext_now("[中介超市] 机构角色变更"), line))
    return membership


@transaction.atomic
def member_remove(*, actor, membership):
    """An admin removes a member, or a member leaves (removes itself)."""
    leaving = actor.is_authenticated and membership.user_id == actor.pk
    organisation = organisation_for_member(membership.organisation_id, actor, admin=not leaving)
    locked = _lock_memberships(organisation.pk)
    membership = next((m for m in locked if m.pk == membership.pk), None)
    if membership is None:
        raise DomainError(_("该成员已不在本机构。"))
    if _would_lose_last_admin(locked, membership):
        raise LastAdmin()
    before = snapshot(membership, MEMBERSHIP_FIELDS)
    audit_record(actor=actor, action="membership.leave" if leaving else "membership.remove", obj=membership,
                 object_repr=f"{organisation.name} - {membership.user}", before=before)
    user = membership.user
    membership.delete()
    if not leaving:
        line = gettext_now("您已被移出“%(org)s”的机构账户。") % {"org": organisation.name}
        transaction.on_commit(lambda: _notify_member(user, gettext_now("[中介超市] 已移出机构"), line))
    return organisation

