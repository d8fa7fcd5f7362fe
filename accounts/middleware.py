"""Whoever must use MFA (regulators) passes a second factor (TOTP) in every session. The rule lives
in `accounts.mfa.mfa_owed`; this middleware only acts on it, before any page is served."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .mfa import LOG_IN_AGAIN, SET_UP_TOTP, is_account_page, mfa_owed

# Files and the language switch never show anything a regulator guards.
ALWAYS_OPEN = (settings.STATIC_URL, settings.MEDIA_URL)


class RegulatorMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(ALWAYS_OPEN) or request.path == reverse("set_language"):
            return self.get_response(request)
        owed = mfa_owed(request)
        if owed == SET_UP_TOTP and not is_account_page(request.path_info):
            messages.warning(request, _("监管人员账户必须启用两步验证：请用身份验证器应用扫描二维码并输入验证码。"))
            return redirect(reverse(SET_UP_TOTP))
        if owed == LOG_IN_AGAIN:
            next_url = request.get_full_path() if request.method == "GET" else ""
            logout(request)
            messages.warning(request, _("监管人员每次登录都须输入两步验证码：请重新登录。"))
            login_url = reverse(LOG_IN_AGAIN)
            return redirect(login_url + ("?" + urlencode({"next": next_url}) if next_url else ""))
        return self.get_response(request)
