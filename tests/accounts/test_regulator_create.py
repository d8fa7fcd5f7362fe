"""Regulators are created by platform admins only: by command, by the admin site, by the service."""
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import CommandError, call_command

from accounts.models import User
from audit.actions import Action
from audit.models import AuditEntry
from core.errors import NotAllowed
from marketplace.errors import AlreadyRegulator
from marketplace.services.regulators import regulator_create
from providers.models import Regulator
from tests.factories import DepartmentFactory, RegulatorFactory, ServiceCategoryFactory, UserFactory

from .helpers import link_in_last_mail, log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def platform_admin():
    return UserFactory(is_staff=True, is_superuser=True)


def test_a_non_admin_cannot_create_a_regulator(user):
    department = DepartmentFactory()

    with pytest.raises(NotAllowed) as refused:
        regulator_create(actor=user, email="new@gov.example.cn", full_name="王五", department=department)

    assert str(refused.value) == "只有平台管理员可以管理监管人员。"
    assert not Regulator.objects.exists()
    assert not User.objects.filter(email="new@gov.example.cn").exists()
    assert not AuditEntry.objects.exists()
    assert mail.outbox == []


def test_an_existing_regulator_is_refused(platform_admin):
    regulator = RegulatorFactory(totp=False)
    entries = AuditEntry.objects.count()

    with pytest.raises(AlreadyRegulator) as refused:
        regulator_create(actor=platform_admin, email=regulator.user.email, full_name="x",
                         department=DepartmentFactory())

    assert str(refused.value) == str(AlreadyRegulator.default_message)
    assert Regulator.objects.count() == 1
    assert AuditEntry.objects.count() == entries


def test_admin_creates_a_regulator_who_sets_a_password_by_mail(
    client, platform_admin, django_capture_on_commit_callbacks
):
    department = DepartmentFactory()
    category = ServiceCategoryFactory(code="env")

    with django_capture_on_commit_callbacks(execute=True):
        regulator = regulator_create(actor=platform_admin, email="Wang@Gov.example.cn", full_name="王五",
                                     department=department, categories=[category], title="科长")

    assert regulator.user.email == "wang@gov.example.cn"
    assert not regulator.user.has_usable_password()
    assert list(regulator.categories.all()) == [category]
    assert EmailAddress.objects.get(user=regulator.user).verified
    entry = AuditEntry.objects.get()
    assert entry.action == "regulator.create"
    assert entry.actor_id == platform_admin.pk
    assert entry.after["categories"] == ["env"]
    assert mail.outbox[-1].to == ["wang@gov.example.cn"]

    set_path = link_in_last_mail(r"/accounts/password/reset/key/[^\s]+/")
    form_page = client.get(set_path, follow=True)
    client.post(form_page.redirect_chain[-1][0], {"password1": "Gov-Secret-2024", "password2": "Gov-Secret-2024"})
    client.logout()
    assert log_in(client, "wang@gov.example.cn", "Gov-Secret-2024")["Location"] == "/workspace/"


def test_command_creates_a_regulator_and_prints_a_one_time_password(client):
    department = DepartmentFactory(name="生态环境局")
    ServiceCategoryFactory(code="env")
    ServiceCategoryFactory(code="survey")
    out = StringIO()

    call_command("create_regulator", "li@gov.example.cn", "--name", "李六", "--department", "生态环境局",
                 "--region", department.region_id, "--categories", "env,survey", "--print-password", stdout=out)

    regulator = Regulator.objects.get(user__email="li@gov.example.cn")
    assert regulator.department == department
    assert sorted(regulator.categories.values_list("code", flat=True)) == ["env", "survey"]
    password = out.getvalue().split("：")[-1].strip()
    assert regulator.user.check_password(password)
    assert AuditEntry.objects.filter(action=Action.REGULATOR_CREATE).count() == 1
    assert log_in(client, "li@gov.example.cn", password).status_code == 302


def test_command_refuses_unknown_categories_and_writes_nothing():
    department = DepartmentFactory()

    with pytest.raises(CommandError, match="未知的服务类别代码：nope"):
        call_command("create_regulator", "x@gov.example.cn", "--name", "某人",
                     "--department-id", str(department.pk), "--categories", "nope")

    assert not User.objects.filter(email="x@gov.example.cn").exists()
    assert not AuditEntry.objects.exists()


def test_command_needs_a_department():
    with pytest.raises(CommandError, match="请用 --department-id"):
        call_command("create_regulator", "x@gov.example.cn", "--name", "某人")

    assert not User.objects.filter(email="x@gov.example.cn").exists()
    assert not AuditEntry.objects.exists()


def test_django_admin_creates_regulators_through_the_service(client, platform_admin):
    department = DepartmentFactory()
    category = ServiceCategoryFactory()
    client.force_login(platform_admin)

    response = client.post("/django-admin/providers/regulator/add/", {
        "email": "zhou@gov.example.cn", "full_name": "周七", "department": department.pk,
        "categories": [category.pk], "title": "",
    })

    assert response.status_code == 302, response.content.decode()[:2000]
    regulator = Regulator.objects.get(user__email="zhou@gov.example.cn")
    assert list(regulator.categories.all()) == [category]
    assert AuditEntry.objects.filter(action=Action.REGULATOR_CREATE, object_id=str(regulator.pk)).count() == 1

    edit = client.post(f"/django-admin/providers/regulator/{regulator.pk}/change/", {
        "department": department.pk, "categories": [], "title": "处长", "is_active": "",
    })

    assert edit.status_code == 302
    regulator.refresh_from_db()
    assert regulator.title == "处长" and not regulator.is_active
    assert not regulator.categories.exists()
    assert AuditEntry.objects.filter(action=Action.REGULATOR_UPDATE).count() == 1
