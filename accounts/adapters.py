"""allauth adapters: the rules of this platform that allauth asks about."""
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator


def is_active_regulator(user):
    # The reverse one-to-one raises an AttributeError subclass when there is no row.
    regulator = getattr(user, "regulator", None)
    return bool(regulator and regulator.is_active)


def has_totp(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator):
        # Regulators must always sign in with a second factor: their TOTP stays.
        if authenticator.type == Authenticator.Type.TOTP and is_active_regulator(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)
