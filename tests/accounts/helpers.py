"""Helpers shared by the account tests: pull links out of e-mails, compute TOTP codes."""
import re
import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa import app_settings as mfa_settings
from django.core import mail


def link_in_last_mail(pattern):
    """The path of the first link in the newest e-mail that matches `pattern`."""
    body = mail.outbox[-1].body
    match = re.search(r"https?://[^/\s]+(" + pattern + r")", body)
    assert match, body
    return match.group(1)


def totp_code(secret):
    """The code an authenticator app would show right now for `secret`."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def log_in(client, email, password="pass-Word-123"):
    return client.post("/accounts/login/", {"login": email, "password": password})
