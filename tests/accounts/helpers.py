"""Helpers shared by the account tests: pull links out of e-mails, compute TOTP codes."""
import re
import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
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


def record_login_steps(client, user):
    """Write into `client`'s session the steps allauth's login records (accounts/mfa.py judges
    them): the password, and the second factor for a user who has one, since allauth asks every
    user with TOTP for a code before logging them in."""
    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )
    from allauth.account.internal.userkit import user_id_to_str
    from allauth.mfa.models import Authenticator

    now = time.time()
    records = [{"method": "password", "at": now, "email": user.email}]
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is not None:
        records.append({"method": "mfa", "at": now, "id": totp.pk, "type": totp.type})
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
    session.save()


def forget_login_steps(client):
    """A session logged in by some page that records no steps (as the admin's password forms did)."""
    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )

    session = client.session
    session.pop(AUTHENTICATION_METHODS_SESSION_KEY, None)
    session.pop(_AUTHENTICATION_METHODS_USER_SESSION_KEY, None)
    session.save()


def url_table():
    """(path, name) of every pattern in the URL table, the path as its route reads."""
    from django.urls import URLResolver, get_resolver

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern.name

    return list(walk(get_resolver().url_patterns, "/"))


def plain_path(route):
    """A route with no parameters as the path a browser asks for; anything else fails the test,
    so a new parameterised route is handled on purpose, not skipped."""
    assert not any(mark in route for mark in "<^$(["), f"{route}: give the test a concrete URL"
    return route
