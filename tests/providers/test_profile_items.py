"""Practitioners and declared affiliations, kept by the agency's own members."""
import pytest
from django.urls import reverse

from audit.models import AuditEntry
from providers.errors import DuplicateAffiliation, InvalidRelation, NotAnAgency, NotOrganisationMember
from providers.models import Affiliation, Membership, Practitioner
from providers.services import profile as services
from tests.factories import AgencyFactory, DepartmentFactory, MembershipFactory, OwnerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator():
    return MembershipFactory(role=Membership.Role.OPERATOR)


def test_an_outsider_cannot_add_a_practitioner():
    with pytest.raises(NotOrganisationMember) as refused:
        services.practitioner_add(actor=UserFactory(), agency=AgencyFactory(), data={"name": "张工"})
    assert str(refused.value) == "只有本机构的成员可以执行此操作。"
    assert not Practitioner.objects.exists()
    assert not AuditEntry.objects.exists()


def test_an_owner_has_no_certificates_or_practitioners(client):
    membership = MembershipFactory(organisation=OwnerFactory())
    with pytest.raises(NotAnAgency) as refused:
        services.practitioner_add(actor=membership.user, agency=membership.organisation, data={"name": "张工"})
    assert str(refused.value) == "只有中介机构可以登记资质证书、从业人员和关联关系。"
    assert not Practitioner.objects.exists()
    assert not AuditEntry.objects.exists()
    client.force_login(membership.user)
    assert client.get(reverse("providers:org_profile", args=[membership.organisation.pk])).status_code == 200
    assert client.get(reverse("providers:practitioner_add", args=[membership.organisation.pk])).status_code == 404


def test_practitioners_are_added_edited_and_removed(client, operator):
    client.force_login(operator.user)
    agency = operator.organisation
    response = client.post(reverse("providers:practitioner_add", args=[agency.pk]),
                           {"name": "张工", "title": "高级工程师", "qualification": "注册测绘师"})
    assert response.status_code == 302
    practitioner = Practitioner.objects.get(agency=agency)
    client.post(reverse("providers:practitioner_edit", args=[agency.pk, practitioner.pk]),
                {"name": "张工", "title": "正高级工程师"})
    practitioner.refresh_from_db()
    assert practitioner.title == "正高级工程师"
    client.post(reverse("providers:practitioner_remove", args=[agency.pk, practitioner.pk]))
    assert not Practitioner.objects.exists()


def test_affiliations_are_declared_once_and_withdrawn(client, operator):
    department = DepartmentFactory(name="德阳市生态环境局")
    agency = operator.organisation
    services.affiliation_declare(actor=operator.user, agency=agency, department=department,
                                 relation=Affiliation.Relation.SUPERVISOR)
    entries = AuditEntry.objects.count()
    with pytest.raises(DuplicateAffiliation) as refused:
        services.affiliation_declare(actor=operator.user, agency=agency, department=department,
                                     relation=Affiliation.Relation.SUPERVISOR)
    assert refused.value.field == "department"
    assert str(refused.value) == "已申报过与该部门的这一关系。"
    with pytest.raises(InvalidRelation) as refused:
        services.affiliation_declare(actor=operator.user, agency=agency, department=department, relation="friend")
    assert (refused.value.field, str(refused.value)) == ("relation", "请选择关联关系。")
    assert Affiliation.objects.count() == 1
    assert AuditEntry.objects.count() == entries
    client.force_login(operator.user)
    affiliation = Affiliation.objects.get()
    client.post(reverse("providers:affiliation_withdraw", args=[agency.pk, affiliation.pk]))
    assert not Affiliation.objects.exists()


def test_the_department_picker_narrows_by_province_without_javascript(client, operator):
    DepartmentFactory(name="德阳市自然资源和规划局")
    DepartmentFactory(name="北京市规划和自然资源委员会",
                      region_id="110000")
    client.force_login(operator.user)
    url = reverse("providers:affiliation_add", args=[operator.organisation.pk])
    everything = client.get(url).content.decode()
    assert "德阳市自然资源和规划局" in everything and "北京市规划和自然资源委员会" in everything
    sichuan = client.get(url, {"region": "510000"}).content.decode()
    assert "德阳市自然资源和规划局" in sichuan and "北京市规划和自然资源委员会" not in sichuan
    department = DepartmentFactory(name="德阳市水利局")
    response = client.post(url + "?region=510000", {"department": department.pk, "relation": "sponsor"})
    assert response.status_code == 302
    assert Affiliation.objects.get().department == department
