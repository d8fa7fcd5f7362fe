"""Account pages render inside the site's frame, in Chinese, with labelled fields."""
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
