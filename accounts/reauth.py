"""Re-authentication before an act that binds the user's organisation (signing a contract): the
user proves again who they are, with their TOTP code when they have set one up, else their
password. The one home of that rule; services call it under their transaction."""
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP


class Method:
    PASSWORD = "password"
    TOTP = "totp"


def method_for(user) -> str:
    """What `user` must give: TOTP where they have it (the stronger factor), else the password."""
    has_totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    return Method.TOTP if has_totp else Method.PASSWORD


def verify(user, secret) -> str | None:
    """The method `user` proved themselves with, or None when `secret` is wrong (or empty)."""
    if not secret or user is None or not user.is_authenticated:
        return None
    method = method_for(user)
    if method == Method.TOTP:
        authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        return Method.TOTP if TOTP(authenticator).validate_code(secret.strip()) else None
    return Method.PASSWORD if user.check_password(secret) else None
