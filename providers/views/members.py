"""The workspace home, an organisation's members page, accepting an invitation, and declaring
one's own identity number."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.services import identity_declare
from core import navigation
from core.forms import act, submit

from ..access import is_active_regulator, is_member
from ..forms import IdentityForm, InviteForm
from ..models import Membership, Organisation
from ..selectors import (
    invitation_by_token,
    invitation_in,
    invitations_for_user,
    membership_in,
    memberships_of,
    open_invitations_of,
    organisation_for_member,
    organisation_memberships,
    verified_emails,
)
from ..services.members import (
    invitation_accept,
    invitation_create,
    invitation_refusal,
    invitation_revoke,
    member_change_role,
    member_remove,
)


@login_required
def workspace(request):
    memberships = memberships_of(request.user)
    invitations = invitations_for_user(request.user)
    if not memberships and not invitations and is_active_regulator(request.user):
        # Regulators belong to a department, not an organisation: their home is their workspace
        # (a page of an app above this one, named in the navigation registry).
        regulator_home = navigation.page_url("regulator_home")
        if regulator_home:
            return redirect(regulator_home)
    return render(request, "providers/workspace.html", {
        "memberships": memberships,
        "invitations": invitations,
    })


def _members_page(request, organisation, invite_form, status=200):
    now = timezone.now()
    invitations = list(open_invitations_of(organisation))
    for invitation in invitations:
        invitation.expired = invitation.is_expired(now)
    return render(request, "providers/members.html", {
        "organisation": organisation,
        "is_admin": is_member(request.user, organisation.pk, admin=True),
        "members": organisation_memberships(organisation),
        "invitations": invitations,
        "invite_form": invite_form,
        "role_choices": Membership.Role.choices,
    }, status=status)


def _back_to_members(organisation):
    return redirect("providers:members", org_id=organisation.pk)


@login_required
def members(request, org_id):
    """Every member sees the list; admins also invite (POST here) and manage."""
    if request.method != "POST":
        organisation = organisation_for_member(org_id, request.user)
        return _members_page(request, organisation, InviteForm())
    organisation = organisation_for_member(org_id, request.user, admin=True)
    form = InviteForm(request.POST)
    invited = submit(request, form, lambda data: invitation_create(
        actor=request.user, organisation=organisation, **data))
    if invited:
        messages.success(request, _("已向 %(email)s 发送邀请，7 天内有效。") % {"email": invited.value.email})
        return _back_to_members(organisation)
    return _members_page(request, organisation, form, status=400)


@login_required
@require_POST
def member_role(request, org_id, membership_id):
    organisation = organisation_for_member(org_id, request.user, admin=True)
    membership = membership_in(organisation, membership_id)
    # The service judges the role (InvalidRole), so a tampered value is refused with a message.
    act(request, lambda: member_change_role(actor=request.user, membership=membership,
                                            role=request.POST.get("role", "")),
        done=_("已更新 %(user)s 的角色。") % {"user": membership.user})
    return _back_to_members(organisation)


@login_required
@require_POST
def member_remove_view(request, org_id, membership_id):
    leaving = organisation_for_member(org_id, request.user)
    membership = membership_in(leaving, membership_id)
    if membership.user_id != request.user.pk:
        organisation = organisation_for_member(org_id, request.user, admin=True)
        act(request, lambda: member_remove(actor=request.user, membership=membership),
            done=_("已将 %(user)s 移出本机构。") % {"user": membership.user})
        return _back_to_members(organisation)
    if act(request, lambda: member_remove(actor=request.user, membership=membership),
           done=_("您已退出“%(org)s”。") % {"org": leaving.name}):
        return redirect("providers:workspace")
    return _back_to_members(leaving)


@login_required
@require_POST
def invitation_revoke_view(request, org_id, invitation_id):
    organisation = organisation_for_member(org_id, request.user, admin=True)
    invitation = invitation_in(organisation, invitation_id)
    act(request, lambda: invitation_revoke(actor=request.user, invitation=invitation),
        done=_("已撤销发给 %(email)s 的邀请。") % {"email": invitation.email})
    return _back_to_members(organisation)


@login_required
def invitation(request, token):
    """GET shows the invitation; POST accepts it for the signed-in user (a refusal is shown as
    a message above the page). An admin invitation to an agency asks for the user's identity
    number when they have not declared it yet."""
    invitation = invitation_by_token(token)
    id_number = request.POST.get("id_number", "").strip()
    if request.method == "POST":
        if act(request, lambda: invitation_accept(actor=request.user, token=token, id_number=id_number),
               done=_("您已加入“%(org)s”。") % {"org": invitation.organisation.name}):
            return redirect("providers:workspace")
        status = 400
    else:
        status = 200
    closed = invitation_refusal(invitation, timezone.now())
    email_verified = invitation.email in verified_emails(request.user)
    as_agency_admin = (invitation.role == Membership.Role.ADMIN
                       and invitation.organisation.kind == Organisation.Kind.AGENCY)
    return render(request, "providers/invitation.html", {
        "invitation": invitation,
        "closed": closed,
        "email_verified": email_verified,
        "can_accept": closed is None and email_verified,
        "asks_id_number": as_agency_admin and not request.user.id_number_hash,
        "id_number": id_number,
        "identity_form": IdentityForm(),
    }, status=status)


@login_required
def identity(request):
    """The signed-in user declares their resident identity number, once (needed to register or
    run an agency); afterwards the page shows the masked number."""
    form = IdentityForm(request.POST or None)
    if submit(request, form, lambda data: identity_declare(actor=request.user, id_number=data["id_number"])):
        messages.success(request, _("身份证号码已登记。"))
        return redirect("providers:workspace")
    return render(request, "providers/identity.html", {"form": form}, status=400 if form.errors else 200)
