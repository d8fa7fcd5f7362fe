"""allauth adapters: the rules of this platform that allauth asks about."""
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.utils.translation import gettext_lazy as _

from .mfa import mfa_required


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        # allauth's Chinese catalogue writes "Email" here.
        "unverified_email": _("请先验证您的邮箱地址，再启用两步验证。"),
    }

    def can_delete_authenticator(self, authenticator):
        # Who must always sign in with a second factor keeps their TOTP.
        if authenticator.type == Authenticator.Type.TOTP and mfa_required(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)
