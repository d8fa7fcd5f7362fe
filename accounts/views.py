"""Account views in front of allauth's (config/urls.py routes to them before allauth's own).

Every login goes through allauth, with its rate limits, verified e-mail and MFA: the password
forms of Django's admin, Wagtail's admin and Wagtail's private pages are replaced by
`login_through_allauth`, which only sends the visitor to allauth's login page."""
from allauth.account.utils import get_next_redirect_url
from allauth.mfa.totp import views as allauth_totp_views
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.http import urlencode

from .mfa import record_totp_activation


def login_through_allauth(request, default_next=None):
    """Any method: nothing posted here is read, so no password is ever checked here."""
    if request.user.is_authenticated:
        # Signed in already: the page that sent them here refused them. Sending them to the
        # login page would bring them straight back.
        raise PermissionDenied
    next_url = get_next_redirect_url(request) or (default_next and resolve_url(default_next))
    login_url = reverse("account_login")
    if next_url:
        login_url += "?" + urlencode({"next": next_url})
    return redirect(login_url)


class ActivateTOTPView(allauth_totp_views.ActivateTOTPView):
    """allauth's TOTP set-up page; the code entered there counts as this session's second factor."""

    def form_valid(self, form):
        response = super().form_valid(form)
        record_totp_activation(self.request)
        return response
