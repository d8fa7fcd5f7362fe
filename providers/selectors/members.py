"""Members and invitations: the workspace home, an organisation's members page, invitations."""
from allauth.account.models import EmailAddress
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ..models import Invitation, Membership


def verified_emails(user):
    """The user's verified e-mail addresses (allauth), lower-cased."""
    return {
        email.lower()
        for email in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    }


def memberships_of(user):
    """The user's memberships with their organisations, by organisation name."""
    return user.memberships.select_related("organisation__region").order_by("organisation__name")


def organisation_memberships(organisation):
    """An organisation's memberships with their users: admins first, then by name."""
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .annotate(
            role_order=Case(When(role=Membership.Role.ADMIN, then=Value(0)), default=Value(1),
                            output_field=IntegerField())
        )
        .order_by("role_order", "user__full_name", "user__email")
    )


def open_invitations_of(organisation):
    """Invitations neither accepted nor revoked, newest first (expired ones included, to revoke or redo)."""
    return (
        Invitation.objects.filter(organisation=organisation, accepted_at__isnull=True, revoked_at__isnull=True)
        .select_related("invited_by")
        .order_by("-created_at")
    )


def invitations_for_user(user):
    """Live invitations to any of the user's verified addresses, from organisations it is not in yet."""
    # invitation_create stores addresses lower-cased, as verified_emails returns them.
    return (
        Invitation.objects.filter(
            email__in=verified_emails(user), accepted_at__isnull=True, revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .exclude(organisation__memberships__user=user)
        .select_related("organisation__region", "invited_by")
        .order_by("-created_at")
    )


def invitation_by_token(token):
    return get_object_or_404(Invitation.objects.select_related("organisation", "invited_by"), token=token)


def membership_in(organisation, membership_id):
    return get_object_or_404(
        Membership.objects.select_related("user", "organisation"), organisation=organisation, pk=membership_id
    )


def invitation_in(organisation, invitation_id):
    return get_object_or_404(Invitation.objects.select_related("organisation"), organisation=organisation,
                             pk=invitation_id)


def account_with_verified_email(email):
    """The user who has verified `email` (allauth), or None: whom an invitation to it reaches."""
    address = (
        EmailAddress.objects.filter(email__iexact=(email or "").strip(), verified=True)
        .select_related("user").order_by("pk").first()
    )
    return address.user if address is not None and address.user.is_active else None
