"""An organisation's people: invitations by e-mail, accepting them, roles and removal.

Rules: only the organisation's admins invite, revoke, change roles and remove others; anyone
may leave; an organisation always keeps at least one admin; an invitation is for one e-mail
address, which the accepting user must have verified, and it lives seven days. Whoever becomes
an agency's admin (by an admin invitation or a role change) must have declared their resident
identity number, and is refused while banned (禁入) because of another, blacklisted agency.
"""
import datetime
import secrets

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from accounts.identity import identity_hash
from accounts.links import absolute_url
from accounts.services import clean_identity_number, identity_declare
from audit.actions import Action
from audit.services import audit_record, snapshot
from core.notifications import notify
from core.tasks import enqueue_email

from .. import errors
from ..access import admins_of, is_member
from ..models import Invitation, Membership, Organisation
from ..selectors import account_with_verified_email, verified_emails
from .registration import OWN_ID, refuse_banned

INVITATION_LIFETIME = datetime.timedelta(days=7)
INVITATION_FIELDS = ("organisation_id", "email", "role", "expires_at", "accepted_at", "accepted_by_id", "revoked_at")
MEMBERSHIP_FIELDS = ("organisation_id", "user_id", "role")


def _require_admin(actor, organisation_id):
    if not is_member(actor, organisation_id, admin=True):
        raise errors.NotOrganisationAdmin()


def _check_role(role):
    if role not in Membership.Role.values:
        raise errors.InvalidRole(field="role")


def _lock_memberships(organisation_id):
    """Lock every membership row of the organisation: role changes and removals run one at a time,
    so two admins demoting each other cannot leave the organisation with none."""
    return list(Membership.objects.select_for_update().filter(organisation_id=organisation_id).order_by("pk"))


def _locked(locked, membership):
    found = next((m for m in locked if m.pk == membership.pk), None)
    if found is None:
        raise errors.NoLongerMember()
    return found


def _would_lose_last_admin(locked, membership):
    admins = [m for m in locked if m.role == Membership.Role.ADMIN]
    return membership.role == Membership.Role.ADMIN and len(admins) <= 1


def _send_invitation(invitation, organisation_name, inviter_name):
    path = reverse("providers:invitation", kwargs={"token": invitation.token})
    title = gettext("[中介超市] 加入“%(org)s”的邀请") % {"org": organisation_name}
    body = "\n".join([
        gettext("您好："),
        "",
        gettext("%(inviter)s 邀请您以“%(role)s”身份加入“%(org)s”在中介超市的账户。")
        % {"inviter": inviter_name, "role": invitation.get_role_display(), "org": organisation_name},
        gettext("请在 7 天内打开以下链接，登录（或用本邮箱注册）后接受邀请："),
        absolute_url(path),
        "",
        gettext("如果您不认识该机构，请忽略本邮件。"),
    ])
    invitee = account_with_verified_email(invitation.email)
    if invitee is not None:
        notify([invitee], title=title, body=body, link=path)
    else:
        # Nobody has this address on the platform yet: there is no user to give an inbox notice
        # to, so the invitation goes out as a plain e-mail to the address (after the commit, like
        # every notice); the link in it is how the invitee signs up and joins.
        transaction.on_commit(lambda: enqueue_email(title, body, [invitation.email]), robust=True)


@transaction.atomic
def invitation_create(*, actor, organisation, email, role):
    _require_admin(actor, organisation.pk)
    _check_role(role)
    email = email.strip().lower()
    # Lock the organisation so two admins inviting the same address at once make one invitation.
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    same_person = Q(user__email__iexact=email) | Q(user__emailaddress__email__iexact=email)
    if Membership.objects.filter(same_person, organisation=organisation).exists():
        raise errors.AlreadyMember(field="email")
    now = timezone.now()
    if Invitation.objects.filter(
        organisation=organisation, email=email, accepted_at__isnull=True, revoked_at__isnull=True,
        expires_at__gt=now,
    ).exists():
        raise errors.AlreadyInvited(field="email")
    invitation = Invitation.objects.create(
        organisation=organisation, email=email, role=role, token=secrets.token_urlsafe(32),
        invited_by=actor, expires_at=now + INVITATION_LIFETIME,
    )
    # The token is a secret: it stays out of the audit log.
    audit_record(actor=actor, action=Action.INVITATION_CREATE, obj=invitation,
                 object_repr=f"{organisation.name} ← {email}", after=snapshot(invitation, INVITATION_FIELDS))
    _send_invitation(invitation, organisation.name, actor.get_full_name())
    return invitation


def invitation_refusal(invitation, now):
    """Why the invitation can no longer be accepted at `now` (a DomainError to raise or show),
    or None while it is open."""
    if invitation.revoked_at is not None:
        return errors.InvitationRevoked()
    if invitation.accepted_at is not None:
        return errors.InvitationUsed()
    if invitation.is_expired(now):
        return errors.InvitationExpired()
    return None


def _becomes_agency_admin(organisation, role):
    return role == Membership.Role.ADMIN and organisation.kind == Organisation.Kind.AGENCY


def _check_new_admin(organisation, now, *, id_hash, who):
    """Refuse a new admin of `organisation` who is banned because of another agency."""
    refuse_banned([id_hash], now, who=lambda _hash: who, exclude_agency_id=organisation.pk,
                  error=errors.AdminBanned)


@transaction.atomic
def invitation_accept(*, actor, token, id_number=None):
    """Accept an invitation. An admin invitation to an agency needs the actor's identity number:
    declared before, or given now as `id_number` (declared with the acceptance)."""
    if actor is None or not actor.is_authenticated:
        raise errors.InvitationSignInRequired()
    invitation = (
        Invitation.objects.select_for_update().select_related("organisation").filter(token=token).first()
    )
    if invitation is None:
        raise errors.InvitationNotFound()
    now = timezone.now()
    refusal = invitation_refusal(invitation, now)
    if refusal is not None:
        raise refusal
    if invitation.email.lower() not in verified_emails(actor):
        raise errors.InvitationWrongEmail()
    if is_member(actor, invitation.organisation_id):
        raise errors.AlreadyJoined()
    declare = None
    if _becomes_agency_admin(invitation.organisation, invitation.role):
        id_hash = actor.id_number_hash
        if not id_hash:
            if not str(id_number or "").strip():
                raise errors.AdminIdentityRequired(field=OWN_ID)
            declare = clean_identity_number(id_number, field=OWN_ID)
            id_hash = identity_hash(declare)
        _check_new_admin(invitation.organisation, now, id_hash=id_hash, who=gettext("您本人"))
    if declare is not None:
        identity_declare(actor=actor, id_number=declare, field=OWN_ID)
    before = snapshot(invitation, INVITATION_FIELDS)
    membership = Membership.objects.create(user=actor, organisation=invitation.organisation, role=invitation.role)
    invitation.accepted_at = now
    invitation.accepted_by = actor
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    after = {**snapshot(invitation, INVITATION_FIELDS), "membership_id": membership.pk}
    audit_record(actor=actor, action=Action.INVITATION_ACCEPT, obj=invitation,
                 object_repr=f"{invitation.organisation.name} ← {invitation.email}", before=before, after=after)
    organisation = invitation.organisation
    line = gettext("%(user)s（%(email)s）已接受邀请，以“%(role)s”身份加入“%(org)s”。") % {
        "user": actor.get_full_name(), "email": actor.email, "role": membership.get_role_display(),
        "org": organisation.name}
    notify([admin for admin in admins_of(organisation.pk) if admin.pk != actor.pk],
           title=gettext("[中介超市] 新成员加入"), body=line,
           link=reverse("providers:members", args=[organisation.pk]))
    return membership


@transaction.atomic
def invitation_revoke(*, actor, invitation):
    _require_admin(actor, invitation.organisation_id)
    invitation = Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise errors.InvitationAlreadyAccepted()
    if invitation.revoked_at is not None:
        raise errors.InvitationAlreadyRevoked()
    before = snapshot(invitation, INVITATION_FIELDS)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action=Action.INVITATION_REVOKE, obj=invitation,
                 object_repr=f"{invitation.organisation.name} ← {invitation.email}", before=before,
                 after=snapshot(invitation, INVITATION_FIELDS))
    return invitation


def _notify_member(user, title, line, link=""):
    notify([user], title=title, body="\n".join([gettext("您好，%(name)s：") % {"name": user.get_full_name()},
                                                "", line]), link=link)


@transaction.atomic
def member_change_role(*, actor, membership, role):
    _require_admin(actor, membership.organisation_id)
    _check_role(role)
    locked = _lock_memberships(membership.organisation_id)
    membership = _locked(locked, membership)
    if membership.role == role:
        return membership
    if role != Membership.Role.ADMIN and _would_lose_last_admin(locked, membership):
        raise errors.LastAdmin(field="role")
    if _becomes_agency_admin(membership.organisation, role):
        member = membership.user
        if not member.id_number_hash:
            raise errors.MemberIdentityRequired(field="role")
        _check_new_admin(membership.organisation, timezone.now(), id_hash=member.id_number_hash,
                         who=member.get_full_name() or member.email)
    before = snapshot(membership, MEMBERSHIP_FIELDS)
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(actor=actor, action=Action.MEMBERSHIP_ROLE_CHANGE, obj=membership, before=before,
                 after=snapshot(membership, MEMBERSHIP_FIELDS))
    organisation = membership.organisation
    line = gettext("您在“%(org)s”的角色已改为“%(role)s”。") % {
        "org": organisation.name, "role": membership.get_role_display()}
    _notify_member(membership.user, gettext("[中介超市] 机构角色变更"), line,
                   link=reverse("providers:members", args=[organisation.pk]))
    return membership


@transaction.atomic
def member_remove(*, actor, membership):
    """An admin removes a member, or a member leaves (removes itself)."""
    leaving = actor is not None and actor.is_authenticated and membership.user_id == actor.pk
    if leaving:
        if not is_member(actor, membership.organisation_id):
            raise errors.NoLongerMember()
    else:
        _require_admin(actor, membership.organisation_id)
    locked = _lock_memberships(membership.organisation_id)
    membership = _locked(locked, membership)
    if _would_lose_last_admin(locked, membership):
        raise errors.LastAdmin()
    organisation, user = membership.organisation, membership.user
    before = snapshot(membership, MEMBERSHIP_FIELDS)
    audit_record(actor=actor, action=Action.MEMBERSHIP_LEAVE if leaving else Action.MEMBERSHIP_REMOVE,
                 obj=membership, object_repr=f"{organisation.name} - {user}", before=before)
    membership.delete()
    if not leaving:
        line = gettext("您已被移出“%(org)s”的机构账户。") % {"org": organisation.name}
        _notify_member(user, gettext("[中介超市] 已移出机构"), line)
    return organisation
