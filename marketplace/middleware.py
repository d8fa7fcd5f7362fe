"""Regulators must log in with a second factor: until they set up TOTP, every page but the
account pages (where the set-up happens) sends them to set it up."""
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.adapters import has_totp, is_active_regulator

EXEMPT_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/media/")


def needs_mfa_setup(user):
    return is_active_regulator(user) and not has_totp(user)


class RegulatorMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and needs_mfa_setup(user)
        ):
            messages.warning(request, _("监管人员账户必须启用两步验证：请用身份验证器应用扫描二维码并输入验证码。"))
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
