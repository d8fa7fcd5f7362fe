"""Regulators must sign in with a second factor (TOTP); other users are left alone."""
from urllib.parse import urlencode

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import decrypt
from django.urls import reverse

from tests.factories import MembershipFactory, RegulatorFactory, UserFactory

from .helpers import forget_login_steps, log_in, totp_code

pytestmark = pytest.mark.django_db


def test_regulator_without_totp_is_sent_to_set_it_up_from_any_workspace_page(client):
    regulator = RegulatorFactory(totp=False)
    client.force_login(regulator.user)

    for path in ["/workspace/", "/regulator/", "/workspace/register/agency/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/accounts/2fa/totp/activate/", path


def test_regulator_completes_totp_activation_and_then_gets_in(client):
    regulator = RegulatorFactory(totp=False)
    log_in(client, regulator.user.email)
    activate_path = client.get("/workspace/")["Location"]
    # allauth asks for the password once more before a second factor is added.
    reauthenticate = client.get(activate_path)
    assert reauthenticate["Location"].startswith("/accounts/reauthenticate/")
    assert "监管人员账户必须启用两步验证" in client.get(reauthenticate["Location"]).content.decode()
    back = client.post(reauthenticate["Location"], {"password": "pass-Word-123"})
    assert back["Location"] == activate_path
    page = client.get(activate_path)
    assert page.status_code == 200
    assert "行政审批中介服务网上交易平台" in page.content.decode()
    secret = page.context["form"].secret

    wrong_code = "000000" if totp_code(secret) != "000000" else "111111"
    wrong = client.post("/accounts/2fa/totp/activate/", {"code": wrong_code})
    assert wrong.status_code == 200
    assert 'class="errorlist' in wrong.content.decode()
    assert not Authenticator.objects.filter(user=regulator.user).exists()

    activated = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})

    assert activated.status_code == 302
    recovery_codes = client.get(activated["Location"])
    assert recovery_codes.status_code == 200
    assert "行政审批中介服务网上交易平台" in recovery_codes.content.decode()
    assert Authenticator.objects.filter(user=regulator.user, type=Authenticator.Type.TOTP).exists()
    # The code entered to set TOTP up is this session's second factor: no second login.
    assert client.get("/regulator/").status_code == 200


def test_regulator_with_totp_must_enter_a_code_at_login(client):
    regulator = RegulatorFactory(totp=False)
    secret = generate_totp_secret()
    TOTP.activate(regulator.user, secret)

    response = log_in(client, regulator.user.email)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    assert client.get("/workspace/")["Location"].startswith("/accounts/login/")

    refused = client.post("/accounts/2fa/authenticate/", {"code": "12345"})
    assert refused.status_code == 200
    assert "_auth_user_id" not in client.session

    passed = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert passed.status_code == 302
    assert passed["Location"] == "/workspace/"
    assert client.get("/regulator/").status_code == 200


def test_regulator_cannot_switch_totp_off(client):
    regulator = RegulatorFactory(totp=False)
    secret = generate_totp_secret()
    TOTP.activate(regulator.user, secret)
    log_in(client, regulator.user.email)
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    client.post("/accounts/reauthenticate/", {"password": "pass-Word-123"})

    response = client.post("/accounts/2fa/totp/deactivate/")

    assert response.status_code == 200
    assert "您不能停用两步验证。" in response.content.decode()
    assert Authenticator.objects.filter(user=regulator.user, type=Authenticator.Type.TOTP).exists()


def test_an_inactive_regulator_is_not_forced(client):
    regulator = RegulatorFactory(is_active=False)
    client.force_login(regulator.user)

    assert client.get("/workspace/").status_code == 200


def test_other_users_are_not_redirected(client):
    user = UserFactory()
    log_in(client, user.email)

    assert client.get("/workspace/").status_code == 200


def test_a_regulator_session_that_did_not_pass_totp_is_logged_out_whatever_logged_it_in(client):
    """The rule judges the session (allauth's record of its steps), not the page that opened it."""
    regulator = RegulatorFactory()
    client.force_login(regulator.user)
    forget_login_steps(client)  # as a password form outside allauth would have left it

    for path in ["/regulator/catalogue/", "/workspace/", "/accounts/2fa/recovery-codes/generate/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/accounts/login/?" + urlencode({"next": path}), path
        assert "_auth_user_id" not in client.session, path
        client.force_login(regulator.user)
        forget_login_steps(client)
    assert not Authenticator.objects.filter(user=regulator.user, type=Authenticator.Type.RECOVERY_CODES).exists()

    client.logout()
    log_in(client, regulator.user.email)
    secret = decrypt(Authenticator.objects.get(user=regulator.user, type=Authenticator.Type.TOTP).data["secret"])
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert client.get("/regulator/catalogue/").status_code == 200


def test_a_regulator_who_belongs_to_no_organisation_lands_in_the_regulator_workspace(client):
    regulator = RegulatorFactory()
    client.force_login(regulator.user)

    response = client.get(reverse("providers:workspace"))

    assert response.status_code == 302
    assert response["Location"] == reverse("regulator:dashboard")
    assert "您还没有加入任何机构" not in client.get(response["Location"]).content.decode()


def test_a_regulator_who_is_also_a_member_keeps_the_workspace(client):
    regulator = RegulatorFactory()
    MembershipFactory(user=regulator.user)
    client.force_login(regulator.user)

    assert client.get(reverse("providers:workspace")).status_code == 200


def test_a_code_one_step_old_is_accepted_but_not_two():
    """The step may change while someone types the code (and phones' clocks drift)."""
    import time

    from allauth.mfa import app_settings as mfa_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, generate_totp_secret, hotp_value, validate_totp_code

    secret = generate_totp_secret()

    def step():
        return int(time.time()) // mfa_settings.TOTP_PERIOD

    while True:   # asked within one step (a boundary passing in between would move "now")
        now = step()
        one_old = validate_totp_code(secret, format_hotp_value(hotp_value(secret, now - 1)))
        two_old = validate_totp_code(secret, format_hotp_value(hotp_value(secret, now - 2)))
        if step() == now:
            break
    assert one_old and not two_old
