"""Absolute links for e-mails, which are written outside any request."""
from urllib.parse import quote

from allauth.account import app_settings as account_settings
from allauth.account.utils import user_pk_to_url_str
from django.urls import reverse

from core.notifications import absolute_url


def password_set_url(user):
    """A one-time link to allauth's "set a new password" page for `user` (as its reset e-mail has)."""
    token = account_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(user)
    key = f"{user_pk_to_url_str(user)}-{token}"
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
    return absolute_url(path.replace("UID-KEY", quote(key)))
