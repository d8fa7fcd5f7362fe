"""Password reset by e-mail; a new e-mail address counts only once verified."""
import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from .helpers import link_in_last_mail, log_in

pytestmark = pytest.mark.django_db


def test_password_reset_mails_a_link_that_sets_a_new_password(client, user):
    response = client.post("/accounts/password/reset/", {"email": user.email})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    key_path = link_in_last_mail(r"/accounts/password/reset/key/[^\s]+/")
    form_page = client.get(key_path, follow=True)
    assert form_page.status_code == 200
    set_path = form_page.redirect_chain[-1][0] if form_page.redirect_chain else key_path
    done = client.post(set_path, {"password1": "Brand-New-Pass-42", "password2": "Brand-New-Pass-42"})
    assert done.status_code == 302
    client.logout()
    assert log_in(client, user.email, "Brand-New-Pass-42")["Location"] == "/workspace/"


def test_password_reset_for_an_unknown_address_reveals_nothing(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.cn"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"


def test_a_new_email_address_needs_verification_before_it_replaces_the_old(client, user):
    log_in(client, user.email)

    response = client.post("/accounts/email/", {"email": "changed@example.cn", "action_add": ""})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email != "changed@example.cn"          # not yet: unverified
    new_address = EmailAddress.objects.get(email="changed@example.cn")
    assert not new_address.verified
    assert mail.outbox[-1].to == ["changed@example.cn"]

    confirm_path = link_in_last_mail(r"/accounts/confirm-email/[^/\s]+/")
    client.post(confirm_path)

    user.refresh_from_db()
    assert user.email == "changed@example.cn"
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary")) == [
        ("changed@example.cn", True, True)
    ]
