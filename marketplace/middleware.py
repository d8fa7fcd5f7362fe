"""Regulators must log in with a second factor: until they set up TOTP, every page but the
account pages sends them to set it up."""
from django.shortcuts import redirect
from django.urls import reverse

EXEMPT_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/media/")


def needs_mfa_setup(user):
    from allauth.mfa.models import Authenticator

    regulator = getattr(user, "regulator", None) if hasattr(user, "regulator") else None
    if regulator is None or not regulator.is_active:
        return False
    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


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
            return redirect(reverse("mfa_activate_totp") + "?next=" + request.path)
        return self.get_response(request)
