"""Sign up → e-mail → confirm link → log in. Nobody logs in with an unconfirmed address."""
import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User

from .helpers import link_in_last_mail, log_in

pytestmark = pytest.mark.django_db

PASSWORD = "Zhongjie-2024-secret"


def sign_up(client, email="new.person@example.cn", full_name="赵六"):
    return client.post("/accounts/signup/", {
        "email": email, "password1": PASSWORD, "password2": PASSWORD, "full_name": full_name,
    })


def test_sign_up_sends_a_confirmation_mail_and_shows_where_to_look(client):
    response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="new.person@example.cn")
    assert user.full_name == "赵六"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.cn"]
    assert "/accounts/confirm-email/" in mail.outbox[0].body
    page = client.get(response["Location"]).content.decode()
    assert "行政审批中介服务网上交易平台" in page


def test_cannot_log_in_before_confirming(client):
    sign_up(client)
    client.logout()

    response = log_in(client, "new.person@example.cn", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    assert client.get("/workspace/")["Location"].startswith("/accounts/login/")


def test_confirm_link_then_log_in_reaches_the_workspace(client):
    sign_up(client)
    confirm_path = link_in_last_mail(r"/accounts/confirm-email/[^/\s]+/")
    client.logout()

    page = client.get(confirm_path)
    assert page.status_code == 200
    assert "new.person@example.cn" in page.content.decode()
    confirmed = client.post(confirm_path)

    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(email="new.person@example.cn").verified
    response = log_in(client, "new.person@example.cn", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/workspace/"
    workspace = client.get("/workspace/")
    assert workspace.status_code == 200
    assert "我的工作台" in workspace.content.decode()


def test_wrong_password_is_refused_with_a_message(client, user):
    response = log_in(client, user.email, "wrong-password")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert 'class="errorlist' in response.content.decode()
