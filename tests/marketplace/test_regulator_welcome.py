"""A new regulator is welcomed by a notice (inbox and e-mail) telling how to log in."""
import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from audit.models import AuditEntry
from core.models import Notice
from marketplace import errors
from marketplace.services.regulators import regulator_create
from providers.models import Regulator
from tests.factories import DepartmentFactory, RegulatorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def platform_admin(db):
    return UserFactory(is_staff=True, is_superuser=True)


def test_a_new_account_gets_a_notice_with_a_one_time_link_to_set_its_password(
    platform_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        regulator = regulator_create(actor=platform_admin, email="wu@gov.example.cn", full_name="吴八",
                                     department=DepartmentFactory())

    notice = Notice.objects.get(user=regulator.user)
    assert notice.title == "[中介超市] 监管人员账户已开通"
    (message,) = mail.outbox
    assert message.to == ["wu@gov.example.cn"]
    assert message.subject == notice.title
    link = re.search(r"https?://\S+", message.body).group(0)
    assert link.startswith(f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/accounts/password/reset/key/")
    assert "首次登录后须启用两步验证" in message.body


def test_an_existing_account_is_told_where_to_log_in(platform_admin, django_capture_on_commit_callbacks):
    user = UserFactory(email="qian@gov.example.cn")

    with django_capture_on_commit_callbacks(execute=True):
        regulator_create(actor=platform_admin, email=user.email, full_name="", department=DepartmentFactory())

    (message,) = mail.outbox
    assert f"登录地址：{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{reverse('account_login')}" in message.body
    assert "password/reset/key" not in message.body
    assert Notice.objects.filter(user=user).count() == 1


def test_a_refused_creation_sends_no_notice(platform_admin, django_capture_on_commit_callbacks):
    existing = RegulatorFactory()
    entries = AuditEntry.objects.count()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(errors.AlreadyRegulator) as refused:
        regulator_create(actor=platform_admin, email=existing.user.email, full_name="x",
                         department=DepartmentFactory())

    assert str(refused.value) == "该邮箱对应的用户已经是监管人员。"
    assert Regulator.objects.count() == 1
    assert AuditEntry.objects.count() == entries
    assert not Notice.objects.exists()
    assert mail.outbox == []


def test_only_a_platform_admin_creates_regulators(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(errors.PlatformAdminOnly) as refused:
        regulator_create(actor=UserFactory(), email="sun@gov.example.cn", full_name="孙九",
                         department=DepartmentFactory())

    assert str(refused.value) == "只有平台管理员可以管理监管人员。"
    assert not Regulator.objects.exists()
    assert not AuditEntry.objects.exists()
    assert not Notice.objects.exists()
    assert mail.outbox == []
