"""Every login goes through allauth's pages, with its rate limits, its mandatory e-mail
verification and, for regulators, TOTP. The login URLs are read from the URL table, so a login
form that appears later (a package's, an admin's) is tried too."""
import pytest
from allauth.account import app_settings as account_settings
from allauth.core.internal.ratelimit import parse_rates
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from audit.models import AuditEntry
from tests.factories import RegulatorFactory, UserFactory

from .helpers import plain_path, totp_code, url_table

pytestmark = pytest.mark.django_db

PASSWORD = "pass-Word-123"  # UserFactory's
# The three password forms that once logged anyone in on a password alone.
FORMER_BYPASSES = ["/_util/login/", "/admin/login/", "/django-admin/login/"]
LOGIN_URLS = sorted(
    {plain_path(path) for path, name in url_table() if "login" in path or "login" in (name or "")}
    | set(FORMER_BYPASSES)
)
REGULATOR_PAGES = sorted({path for path, _ in url_table() if path.startswith("/regulator/") and "<" not in path})


def test_the_table_holds_every_login_form():
    assert set(FORMER_BYPASSES) | {reverse("account_login")} <= set(LOGIN_URLS)
    assert len(REGULATOR_PAGES) > 5


def post_credentials(client, url, email, password):
    """What the old forms took: the password posted straight to the URL, under any field name."""
    return client.post(url, {"username": email, "login": email, "email": email, "password": password})


def allauth_login_page(client, url):
    """Open `url` as a visitor would; every login URL ends on allauth's login page."""
    page = client.get(url, follow=True)
    assert page.status_code == 200, url
    assert page.request["PATH_INFO"] == reverse("account_login"), url
    query = page.request["QUERY_STRING"]
    return reverse("account_login") + (f"?{query}" if query else "")


def assert_no_regulator_page_opens(client):
    """Each page sends the visitor to the account pages (to log in, or to pass MFA) or refuses."""
    for path in REGULATOR_PAGES:
        response = client.get(path)
        assert response.status_code in (302, 403), path
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/"), path


@pytest.mark.parametrize("url", LOGIN_URLS)
def test_a_regulators_password_alone_opens_no_regulator_page(client, url):
    regulator = RegulatorFactory()
    email = regulator.user.email

    post_credentials(client, url, email, PASSWORD)
    assert_no_regulator_page_opens(client)
    client.logout()  # a fresh visit, without a login left waiting for its code

    login_page = allauth_login_page(client, url)
    asked = client.post(login_page, {"login": email, "password": PASSWORD})
    assert asked["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    assert_no_regulator_page_opens(client)

    # With the code the same way in leads in: the pages above were closed for want of it.
    secret = decrypt(Authenticator.objects.get(user=regulator.user, type="totp").data["secret"])
    assert client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)}).status_code == 302
    assert client.get(reverse("regulator:dashboard")).status_code == 200


@pytest.mark.parametrize("url", LOGIN_URLS)
def test_an_unverified_sign_up_logs_in_through_no_login_url(client, url):
    email = "new-user@example.cn"
    client.post(reverse("account_signup"),
                {"email": email, "password1": PASSWORD, "password2": PASSWORD, "full_name": "新用户"})
    user = get_user_model().objects.get(email=email)
    assert not user.emailaddress_set.filter(verified=True).exists()
    client.logout()
    mails, entries = len(mail.outbox), AuditEntry.objects.count()

    post_credentials(client, url, email, PASSWORD)
    assert "_auth_user_id" not in client.session

    refused = client.post(allauth_login_page(client, url), {"login": email, "password": PASSWORD})
    assert refused["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("providers:workspace"))["Location"].startswith(reverse("account_login"))
    user.refresh_from_db()
    assert user.last_login is None
    assert AuditEntry.objects.count() == entries
    assert len(mail.outbox) == mails  # the verification e-mail is not sent again at once


def failed_logins_allowed_per_account():
    rates = parse_rates(account_settings.RATE_LIMITS["login_failed"])
    return next(rate.amount for rate in rates if rate.per == "key")


@pytest.mark.parametrize("url", LOGIN_URLS)
def test_after_the_allowed_wrong_passwords_the_right_one_is_refused(client, url):
    user = UserFactory()
    login_page = allauth_login_page(client, url)
    for _ in range(failed_logins_allowed_per_account()):
        wrong = client.post(login_page, {"login": user.email, "password": "not-the-password"})
        assert wrong.status_code == 200
        assert 'class="errorlist' in wrong.content.decode()

    refused = client.post(login_page, {"login": user.email, "password": PASSWORD})

    assert refused.status_code == 200
    assert "登录失败次数过多" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    user.refresh_from_db()
    assert user.last_login is None


@pytest.mark.parametrize("url", FORMER_BYPASSES)
def test_a_signed_in_user_sent_to_an_admin_login_is_refused_not_looped(client, url):
    client.force_login(UserFactory())

    response = client.get(url)

    assert response.status_code == 403


def test_admin_and_private_pages_send_visitors_to_allauth_keeping_where_they_were_going(client):
    for page in ["/admin/pages/", "/django-admin/accounts/user/"]:
        response = client.get(page, follow=True)
        assert response.request["PATH_INFO"] == reverse("account_login"), page
        assert response.context["redirect_field_value"] == page, page
    # Wagtail sends visitors of a private page to /_util/login/?next=<the page>.
    response = client.get("/_util/login/?next=/notices/", follow=True)
    assert response.context["redirect_field_value"] == "/notices/"
    # allauth follows only links to this site.
    response = client.get("/_util/login/?next=https://evil.example/", follow=True)
    assert not response.context["redirect_field_value"]


def test_wagtail_admin_no_longer_resets_passwords(client):
    assert client.get("/admin/password_reset/").status_code == 404
