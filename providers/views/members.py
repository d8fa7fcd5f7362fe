"""The workspace home, an organisation's members page, and accepting an invitation."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.errors import DomainError

from ..models import Membership
from ..access import is_active_regulator
from ..selectors import memberships_of, organisation_for_member
from ..selectors_members import (
    invitation_by_token,
    invitation_in,
    invitations_for_user,
    members_of,
    membership_in,
    open_invitations_of,
    verified_emails,
)
from ..services.members import (
    invitation_accept,
    invitation_create,
    invitation_revoke,
    member_change_role,
    member_remove,
)


class InviteForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("受邀人邮箱"))
    role = forms.ChoiceField(label=gettext_lazy("角色"), choices=Membership.Role.choices,
                             initial=Membership.Role.OPERATOR)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("角色"), choices=Membership.Role.choices)


def _show_error(form, error):
    form.add_error(error.field if error.field in form.fields else None, str(error))


@login_required
def workspace(request):
    memberships = memberships_of(request.user)
    invitations = invitations_for_user(request.user)
    if not memberships and not invitations and is_active_regulator(request.user):
        # Regulators belong to a department, not an organisation: their home is their workspace.
        return redirect(reverse("regulator:dashboard"))
    return render(request, "providers/workspace.html", {
        "memberships": memberships,
        "invitations": invitations,
    })


def _members_page(request, organisation, invite_form, status=200):
    membership = organisation.memberships.get(user=request.user)
    return render(request, "providers/members.html", {
        "organisation": organisation,
        "is_admin": membership.role == Membership.Role.ADMIN,
        "members": members_of(organisation),
        "invitations": open_invitations_of(organisation),
        "invite_form": invite_form,
        "role_choices": Membership.Role.choices,
        "now": timezone.now(),
    }, status=status)


@login_required
def members(request, org_id):
    """Every member sees the list; admins also invite (POST here) and manage."""
    if request.method != "POST":
        organisation = organisation_for_member(org_id, request.user)
        return _members_page(request, organisation, InviteForm())
    organisation = organisation_for_member(org_id, request.user, admin=True)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = invitation_create(actor=request.user, organisation=organisation, **form.cleaned_data)
        except DomainError as error:
            _show_error(form, error)
        else:
            messages.success(request, _("已向 %(email)s 发送邀请，7 天内有效。") % {"email": invitation.email})
            return redirect("providers:members", org_id=organisation.pk)
    return _members_page(request, organisation, form, status=400)


def _back_to_members(request, organisation, call, success):
    try:
        call()
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect("providers:members", org_id=organisation.pk)


@login_required
@require_POST
def member_role(request, org_id, membership_id):
    organisation = organisation_for_member(org_id, request.user, admin=True)
    membership = membership_in(organisation, membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择有效的角色。"))
        return redirect("providers:members", org_id=organisation.pk)
    return _back_to_members(
        request, organisation,
        lambda: member_change_role(actor=request.user, membership=membership, role=form.cleaned_data["role"]),
        _("已更新 %(user)s 的角色。") % {"user": membership.user},
    )


@login_required
@require_POST
def member_remove_view(request, org_id, membership_id):
    organisation = organisation_for_member(org_id, request.user)
    membership = membership_in(organisation, membership_id)
    if membership.user_id != request.user.pk:
        return _back_to_members(
            request, organisation, lambda: member_remove(actor=request.user, membership=membership),
            _("已将 %(user)s 移出本机构。") % {"user": membership.user},
        )
    try:
        member_remove(actor=request.user, membership=membership)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("providers:members", org_id=organisation.pk)
    messages.success(request, _("您已退出“%(org)s”。") % {"org": organisation.name})
    return redirect("providers:workspace")


@login_required
@require_POST
def invitation_revoke_view(request, org_id, invitation_id):
    organisation = organisation_for_member(org_id, request.user, admin=True)
    invitation = invitation_in(organisation, invitation_id)
    return _back_to_members(
        request, organisation, lambda: invitation_revoke(actor=request.user, invitation=invitation),
        _("已撤销发给 %(email)s 的邀请。") % {"email": invitation.email},
    )


@login_required
def invitation(request, token):
    """GET shows the invitation; POST accepts it for the signed-in user."""
    invitation = invitation_by_token(token)
    error = None
    if request.method == "POST":
        try:
            invitation_accept(actor=request.user, token=token)
        except DomainError as refused:
            error = str(refused)
        else:
            messages.success(request, _("您已加入“%(org)s”。") % {"org": invitation.organisation.name})
            return redirect("providers:workspace")
    return render(request, "providers/invitation.html", {
        "invitation": invitation,
        "error": error,
        "email_verified": invitation.email in verified_emails(request.user),
        "now": timezone.now(),
    }, status=400 if error else 200)
