"""Account pages render inside the site's frame, in Chinese, with labelled fields."""
import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from .helpers import log_in, totp_code

pytestmark = pytest.mark.django_db

ENTRANCE_PAGES = ["/accounts/signup/", "/accounts/login/", "/accounts/password/reset/",
                  "/accounts/confirm-email/"]


@pytest.mark.parametrize("path", ENTRANCE_PAGES)
def test_entrance_pages_use_the_site_frame(client, path):
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert "行政审批中介服务网上交易平台" in html      # the site's header from base.html
    assert 'lang="zh-hans"' in html


def test_sign_up_form_has_chinese_labels_above_fields(client):
    html = client.get("/accounts/signup/").content.decode()
    assert '<form method="post" action="/accounts/signup/" class="panel account-form">' in html
    assert '<label for="id_email">' in html
    assert "电子邮件" in html or "邮箱" in html
    assert "密码" in html


def test_sign_up_errors_stand_next_to_the_field_and_keep_input(client):
    response = client.post("/accounts/signup/", {"email": "not-an-email", "password1": "x", "password2": "y",
                                                 "full_name": "王五"})
    html = response.content.decode()
    assert response.status_code == 200
    email_block = html[html.index('<label for="id_email">'):html.index('<label for="id_password1">')]
    assert 'class="errorlist' in email_block
    assert 'value="王五"' in html


@pytest.mark.parametrize("path", ["/accounts/email/", "/accounts/password/change/", "/accounts/2fa/",
                                  "/accounts/logout/"])
def test_manage_pages_use_the_site_frame(client, user, path):
    client.force_login(user)
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert "行政审批中介服务网上交易平台" in html
    if path != "/accounts/logout/":
        assert 'class="account-tabs"' in html
        assert "两步验证" in html


def test_an_ordinary_user_may_switch_totp_off_on_a_page_in_the_site_frame(client, user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    log_in(client, user.email)
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    client.post("/accounts/reauthenticate/", {"password": "pass-Word-123"})

    page = client.get("/accounts/2fa/totp/deactivate/")
    assert page.status_code == 200
    assert "行政审批中介服务网上交易平台" in page.content.decode()
    assert client.post("/accounts/2fa/totp/deactivate/").status_code == 302
    assert not Authenticator.objects.filter(user=user).exists()


def test_password_reset_done_page_uses_the_site_frame(client):
    page = client.get("/accounts/password/reset/done/")

    assert page.status_code == 200
    assert "行政审批中介服务网上交易平台" in page.content.decode()


ENGLISH_ACCOUNT_WORDS = re.compile(r"(?<![A-Za-z])(e-?mail|password|token)(?![A-Za-z])", re.IGNORECASE)
SHOWN_ATTRIBUTES = re.compile(r'\b(?:placeholder|title|aria-label|alt)="([^"]*)"')


def words_shown(html):
    """The text a visitor reads: text between tags, the page title and the attributes shown."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.DOTALL)
    return " ".join([re.sub(r"<[^>]*>", " ", html), *SHOWN_ATTRIBUTES.findall(html)])


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/",
                                  "/accounts/password/reset/done/", "/accounts/confirm-email/",
                                  "/accounts/confirm-email/no-such-key/", "/accounts/password/reset/key/1-bad/"])
def test_entrance_pages_in_chinese_have_no_english_account_words(client, path):
    response = client.get(path, follow=True)

    assert response.status_code == 200
    assert 'lang="zh-hans"' in response.content.decode()
    assert ENGLISH_ACCOUNT_WORDS.findall(words_shown(response.content.decode())) == []


def test_email_pages_in_chinese_have_no_english_account_words(client, user):
    client.force_login(user)
    pages = [client.get("/accounts/email/")]
    client.post("/accounts/email/", {"action_add": "", "email": "new-address@example.cn"})
    pages.append(client.get("/accounts/email/"))  # the new address waiting for its check
    pages += [client.get(path) for path in ["/accounts/password/change/", "/accounts/2fa/",
                                              "/accounts/reauthenticate/"]]

    assert "new-address@example.cn" in pages[1].content.decode()
    for page in pages:
        assert page.status_code == 200
        assert ENGLISH_ACCOUNT_WORDS.findall(words_shown(page.content.decode())) == [], page.request["PATH_INFO"]
