"""A person signs up through the real pages, confirms the e-mail, logs in and reaches the workspace."""
import re

import pytest
from django.core import mail

pytestmark = pytest.mark.browser

EMAIL = "zhang.wei@example.cn"
PASSWORD = "Huanping-2024-ok"


def submit(page, field_name):
    """Click the submit button of the form holding the named field, and wait for the next page."""
    form = page.locator("main form").filter(has=page.locator(f'[name="{field_name}"]'))
    with page.expect_navigation():
        form.locator('button[type="submit"]').click()


def confirmation_link():
    (message,) = [m for m in mail.outbox if EMAIL in m.to]
    return re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)


def test_sign_up_confirm_email_log_in_reach_the_workspace(page, screenshot, live_server):
    page.goto("/accounts/signup/")
    page.fill('[name="email"]', EMAIL)
    page.fill('[name="full_name"]', "张伟")
    page.fill('[name="password1"]', PASSWORD)
    page.fill('[name="password2"]', PASSWORD)
    screenshot("1-signup")
    submit(page, "password1")
    screenshot("2-verify-sent")
    assert "/accounts/confirm-email/" in page.url

    page.goto(confirmation_link())
    screenshot("3-confirm")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url.endswith("/accounts/login/")

    page.fill('[name="login"]', EMAIL)
    page.fill('[name="password"]', PASSWORD)
    submit(page, "password")
    screenshot("4-workspace")
    assert page.url == f"{live_server.url}/workspace/"
    assert page.locator("html").get_attribute("lang") == "zh-hans"
