"""Who must have passed a second factor in this session: the one home of that rule.

Whose accounts need it is the platform's policy, named in settings.MFA_REQUIRED_FOR (a function
of the user: on this platform, providers.access.is_active_regulator), so accounts knows no app
above it.

allauth writes down in the session every step that authenticated it ("password", "mfa", …; see
`allauth.account.authentication.get_authentication_records`). The rule judges those records,
never the page that logged the session in: a session that did not pass TOTP did not pass it,
whichever login form let it in.
"""
from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils.module_loading import import_string

# What a session still owes, as the name of the allauth page that settles it.
SET_UP_TOTP = "mfa_activate_totp"
LOG_IN_AGAIN = "account_login"


def mfa_required(user) -> bool:
    """True if `user` must pass a second factor in every session (settings.MFA_REQUIRED_FOR)."""
    policy = getattr(settings, "MFA_REQUIRED_FOR", None)
    return bool(policy) and user.is_authenticated and import_string(policy)(user)


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def session_passed_mfa(request) -> bool:
    """True if this session's user entered a second factor (a TOTP or recovery code) in it."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def mfa_owed(request):
    """None when this session may see every page; otherwise what it must do first:
    SET_UP_TOTP for a user who must use MFA (an active regulator) and has no TOTP yet (the
    account pages, where it is set up, stay open to them), LOG_IN_AGAIN for one who has TOTP but
    whose session did not pass it (they are logged out and log in again through allauth, code
    included)."""
    user = request.user
    if not user.is_authenticated or not mfa_required(user) or session_passed_mfa(request):
        return None
    return LOG_IN_AGAIN if has_totp(user) else SET_UP_TOTP


def is_account_page(path) -> bool:
    """True for allauth's pages (and ours in front of them): where TOTP is set up, the password
    changed, the session logged out."""
    try:
        view = resolve(path).func
    except Resolver404:
        return False
    return getattr(view, "view_class", view).__module__.startswith(("allauth.", "accounts."))


def record_totp_activation(request):
    """Entering a correct code to activate TOTP proves the second factor in this session, as
    entering it at login does: write it down as allauth writes a login's code."""
    totp = Authenticator.objects.get(user=request.user, type=Authenticator.Type.TOTP)
    record_authentication(request, request.user, "mfa", id=totp.pk, type=totp.type, activated=True)
