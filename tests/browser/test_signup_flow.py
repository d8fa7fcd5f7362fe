"""The whole registration path through the real pages, in a real browser:
sign up → confirm the e-mail → log in → workspace → register an agency → listed publicly at once."""
import re

import pytest
from django.core import mail

from core.demo.site import ensure_page_tree
from tests.factories import valid_uscc

pytestmark = pytest.mark.browser

EMAIL = "zhang.wei@example.cn"
PASSWORD = "Huanping-2024-ok"
AGENCY = "德阳蓝天环保科技有限公司"


def submit(page, field_name):
    """Click the submit button of the form holding the named field; wait for the next page."""
    form = page.locator("main form").filter(has=page.locator(f'[name="{field_name}"]'))
    with page.expect_navigation():
        form.locator('button[type="submit"]:visible').last.click()


def confirmation_link():
    (message,) = [m for m in mail.outbox if EMAIL in m.to]
    return re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)


def sign_up_and_log_in(page, screenshot):
    page.goto("/accounts/signup/")
    page.fill('[name="email"]', EMAIL)
    page.fill('[name="full_name"]', "张伟")
    page.fill('[name="password1"]', PASSWORD)
    page.fill('[name="password2"]', PASSWORD)
    screenshot("1-signup")
    submit(page, "password1")
    assert "/accounts/confirm-email/" in page.url

    page.goto(confirmation_link())
    screenshot("2-confirm-email")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url.endswith("/accounts/login/")

    page.fill('[name="login"]', EMAIL)
    page.fill('[name="password"]', PASSWORD)
    submit(page, "password")


def test_a_new_user_registers_an_agency_that_is_listed_publicly_at_once(page, screenshot, live_server):
    ensure_page_tree()
    uscc = valid_uscc("browser-signup")

    sign_up_and_log_in(page, screenshot)
    screenshot("3-workspace")
    assert page.url == f"{live_server.url}/workspace/"
    assert page.locator("html").get_attribute("lang") == "zh-hans"

    page.goto("/workspace/register/agency/")
    page.fill('[name="uscc"]', uscc.lower())
    page.fill('[name="name"]', AGENCY)
    page.fill('[name="legal_representative"]', "李明")
    page.fill('[name="legal_representative_id_number"]', "510603198001010015")
    page.fill('[name="id_number"]', "510603198512310028")  # the new user's own, asked once
    with page.expect_navigation():  # choosing a province redraws the region list (small script)
        page.select_option('[name="province"]', "510000")
    assert page.input_value('[name="name"]') == AGENCY
    page.select_option('[name="region"]', "510603")
    page.fill('[name="address"]', "四川省德阳市旌阳区长江西路一段 8 号")
    page.fill('[name="contact_name"]', "张伟")
    page.fill('[name="contact_phone"]', "0838-2345678")
    page.fill('[name="contact_email"]', "office@lantian-env.example.cn")
    screenshot("4-register-agency")
    submit(page, "uscc")
    screenshot("5-profile")
    assert "/workspace/org/" in page.url
    assert AGENCY in page.locator(".messages").inner_text()

    page.goto(f"/agencies/{uscc}/")
    screenshot("6-public-profile")
    assert page.locator("h1").inner_text() == AGENCY
    assert uscc in page.locator("main").inner_text()

    page.goto("/agencies/")
    assert AGENCY in page.locator("main").inner_text()
