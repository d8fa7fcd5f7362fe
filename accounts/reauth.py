"""Re-authentication before an act that binds the user's organisation (signing a contract): the
user proves again who they are, with their TOTP code when they have set one up, else their
password. The one home of that rule; services call it under their transaction."""
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.cache import cache

# Wrong passwords or codes a user may give in a row before re-authentication is refused for a
# while: the same limit allauth puts on logins (5 per 5 minutes), so signing is no easier a way to
# guess a password than the login page.
MAX_FAILURES = 5
LOCK_SECONDS = 300


class Method:
    PASSWORD = "password"
    TOTP = "totp"


def method_for(user) -> str:
    """What `user` must give: TOTP where they have it (the stronger factor), else the password."""
    has_totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    return Method.TOTP if has_totp else Method.PASSWORD


def _failures_key(user):
    return f"reauth-failures:{user.pk}"


def locked_out(user) -> bool:
    """Too many wrong answers lately: refuse even the right one until the lock passes."""
    return (cache.get(_failures_key(user)) or 0) >= MAX_FAILURES


def verify(user, secret) -> str | None:
    """The method `user` proved themselves with, or None when `secret` is wrong (or empty) or
    the user is locked out by too many wrong answers."""
    if user is None or not user.is_authenticated or locked_out(user):
        return None
    method = method_for(user)
    if secret and method == Method.TOTP:
        authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        proved = TOTP(authenticator).validate_code(secret.strip())
    else:
        proved = bool(secret) and user.check_password(secret)
    if not proved:
        cache.add(_failures_key(user), 0, LOCK_SECONDS)
        cache.incr(_failures_key(user))
        return None
    cache.delete(_failures_key(user))
    return method
