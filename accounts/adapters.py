"""allauth adapters: the rules of this platform that allauth asks about."""
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.utils.translation import gettext_lazy as _


def is_active_regulator(user):
    # The reverse one-to-one raises an AttributeError subclass when there is no row.
    regulator = getattr(user, "regulator", None)
    return bool(regulator and regulator.is_active)


def has_totp(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        # allauth's Chinese catalogue writes "Email" here.
        "unverified_email": _("请先验证您的邮箱地址，再启用两步验证。"),
    }

    def can_delete_authenticator(self, authenticator):
        # Regulators must always sign in with a second factor: their TOTP stays.
        if authenticator.type == Authenticator.Type.TOTP and is_active_regulator(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)
