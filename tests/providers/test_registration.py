"""Agency and owner registration: zero barriers, live at once, duplicates refused."""
import pytest
from django.urls import reverse

from audit.actions import Action
from audit.models import AuditEntry
from core.models import Notice
from marketplace.selectors.directory import agency_directory
from providers.errors import DuplicateUscc, InvalidUscc, NotOrganisationMember, OwnerTypeRequired
from providers.models import Membership, Organisation, Region
from providers.services.registration import agency_register, organisation_update, owner_register
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

from .helpers import agency_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def deyang():
    return Region.objects.get(code="510603")  # 四川省德阳市旌阳区


def _post_data(region_code, **overrides):
    data = agency_data(None, **overrides)
    data["region"] = region_code
    return {key: value for key, value in data.items() if value is not None}


# --- the service ----------------------------------------------------------------------------

def test_a_duplicate_uscc_is_refused_and_nothing_is_written(deyang):
    first = UserFactory()
    agency_register(actor=first, data=agency_data(deyang))
    second = UserFactory()
    entries = AuditEntry.objects.count()
    with pytest.raises(DuplicateUscc) as refused:
        agency_register(actor=second, data=agency_data(deyang, uscc="91510600ma62j6qx1m", name="另一家"))
    assert refused.value.field == "uscc"
    assert str(refused.value) == "该统一社会信用代码已注册，请勿重复注册；如需加入该机构，请联系其管理员邀请您。"
    assert Organisation.objects.count() == 1
    assert not Membership.objects.filter(user=second).exists()
    assert AuditEntry.objects.count() == entries


def test_a_wrong_check_digit_is_refused_by_the_service_too(deyang):
    with pytest.raises(InvalidUscc) as refused:
        agency_register(actor=UserFactory(), data=agency_data(deyang, uscc="91510600MA62J6QX1B"))
    assert refused.value.field == "uscc"
    assert "校验位错误" in str(refused.value)
    assert not Organisation.objects.exists()
    assert not AuditEntry.objects.exists()


def test_registering_makes_the_user_admin_and_writes_an_audit_entry(
    deyang, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        agency = agency_register(actor=user, data=agency_data(deyang, uscc="91510600ma62j6qx1m"))
    assert agency.uscc == "91510600MA62J6QX1M"
    assert agency.kind == Organisation.Kind.AGENCY
    assert Membership.objects.get(user=user, organisation=agency).role == Membership.Role.ADMIN
    entry = AuditEntry.objects.get(action=Action.AGENCY_REGISTER)
    assert entry.object_id == str(agency.pk) and entry.actor_id == user.pk
    assert [m.to for m in mailoutbox] == [[user.email]]
    notice = Notice.objects.get(user=user)                            # and the inbox
    assert agency.name in notice.title
    assert notice.link == reverse("providers:org_profile", args=[agency.pk])


def test_the_same_code_may_register_as_agency_and_as_owner(deyang):
    # The unique constraint is per kind: a firm can both offer and buy services.
    user = UserFactory()
    agency_register(actor=user, data=agency_data(deyang))
    owner = owner_register(actor=user, data=agency_data(deyang, owner_type=Organisation.OwnerType.PRIVATE))
    assert owner.kind == Organisation.Kind.OWNER


def test_an_owner_needs_its_type(deyang):
    with pytest.raises(OwnerTypeRequired) as refused:
        owner_register(actor=UserFactory(), data=agency_data(deyang, owner_type=""))
    assert refused.value.field == "owner_type"
    assert str(refused.value) == "请选择业主性质。"
    assert not Organisation.objects.exists()
    assert not AuditEntry.objects.exists()


def test_an_outsider_cannot_update_an_organisation():
    agency = AgencyFactory()
    with pytest.raises(NotOrganisationMember) as refused:
        organisation_update(actor=UserFactory(), organisation=agency, data={"name": "改名"})
    assert str(refused.value) == "只有本机构的成员可以执行此操作。"
    agency.refresh_from_db()
    assert agency.name != "改名"
    assert not AuditEntry.objects.exists()


# --- through the web ------------------------------------------------------------------------

def test_the_whole_path_register_an_agency_and_it_is_listed_at_once(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("providers:register_agency")).status_code == 200
    response = client.post(reverse("providers:register_agency"), _post_data("510603"))
    agency = Organisation.objects.get(uscc="91510600MA62J6QX1M")
    assert response.status_code == 302
    assert response["Location"] == reverse("providers:org_profile", args=[agency.pk])
    assert agency in agency_directory()
    assert agency in agency_directory(region_code="510600")
    public = client.get(f"/agencies/{agency.uscc}/")
    if public.status_code == 200:  # once the cms directory page exists
        assert agency.name in public.content.decode()
    assert client.get(response["Location"]).status_code == 200


def test_the_registration_page_needs_a_login(client):
    response = client.get(reverse("providers:register_agency"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_duplicate_through_the_form_shows_the_message_and_keeps_the_input(client):
    AgencyFactory(uscc="91510600MA62J6QX1M")
    client.force_login(UserFactory())
    response = client.post(reverse("providers:register_agency"), _post_data("510603", name="重复的公司"))
    assert response.status_code == 200
    assert response.context["form"].errors["uscc"] == [str(DuplicateUscc.default_message)]
    assert "重复的公司" in response.content.decode()
    assert Organisation.objects.count() == 1
    assert not AuditEntry.objects.exists()


def test_a_wrong_check_digit_through_the_form_is_shown_next_to_the_field(client):
    client.force_login(UserFactory())
    response = client.post(reverse("providers:register_agency"), _post_data("510603", uscc="91510600MA62J6QX1B"))
    assert response.status_code == 200
    assert "校验位错误" in response.context["form"].errors["uscc"][0]
    assert not Organisation.objects.exists()


def test_choosing_a_province_first_keeps_what_was_typed_and_narrows_the_list(client):
    client.force_login(UserFactory())
    data = _post_data("", name="先选省份的公司")
    data.update(province="510000", _filter_regions="1")
    response = client.post(reverse("providers:register_agency"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert not response.context["form"].errors
    assert "先选省份的公司" in page
    assert 'label="四川省 德阳市"' in page and "北京市" not in page.split('name="region"')[1].split("</select>")[0]
    assert not Organisation.objects.exists()


def test_owner_registration_through_the_web(client):
    user = UserFactory()
    client.force_login(user)
    data = _post_data("510600", name="德阳市交通运输局", owner_type="department", uscc="11510600MB1234567X")
    data["uscc"] = _valid_with_body("11510600MB1234567")
    response = client.post(reverse("providers:register_owner"), data)
    assert response.status_code == 302
    owner = Organisation.objects.get(kind=Organisation.Kind.OWNER)
    assert owner.owner_type == "department"
    assert Membership.objects.get(user=user, organisation=owner).role == Membership.Role.ADMIN


def test_a_member_edits_the_profile_and_the_uscc_stays(client):
    membership = MembershipFactory(role=Membership.Role.OPERATOR)
    agency = membership.organisation
    uscc_before = agency.uscc
    client.force_login(membership.user)
    data = _post_data("510681", name="新名称咨询有限公司", uscc="91110000600037341L")
    response = client.post(reverse("providers:org_profile", args=[agency.pk]), data)
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.name == "新名称咨询有限公司" and agency.region_id == "510681"
    assert uscc_before != "91110000600037341L"                           # the form did offer a new code
    assert agency.uscc == uscc_before                                   # and it was not taken
    assert AuditEntry.objects.filter(action=Action.AGENCY_UPDATE, object_id=str(agency.pk)).exists()


def _valid_with_body(body):
    from stdnum.cn import uscc

    return body + uscc.calc_check_digit(body)


def test_a_concurrent_duplicate_caught_by_the_database_is_reported_like_any_other(deyang):
    # Two requests can both pass the friendly check; the unique constraint decides.
    from unittest import mock

    from django.db.models import QuerySet

    agency_register(actor=UserFactory(), data=agency_data(deyang))
    late = UserFactory()
    entries = AuditEntry.objects.count()
    with mock.patch.object(QuerySet, "exists", return_value=False), pytest.raises(DuplicateUscc) as refused:
        agency_register(actor=late, data=agency_data(deyang, name="并发注册"))
    assert refused.value.field == "uscc"
    assert str(refused.value) == str(DuplicateUscc.default_message)
    assert Organisation.objects.count() == 1
    assert not Membership.objects.filter(user=late).exists()
    assert AuditEntry.objects.count() == entries
