"""Agency and owner registration: zero barriers, live at once, duplicates refused; an agency gives
its legal representative's identity number and the registering user declares their own, both kept
only as keyed hashes and masked forms."""
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

from .helpers import OWN_ID, REPRESENTATIVE_ID, agency_data

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


# --- identity numbers -----------------------------------------------------------------------

def _everything_stored(*rows):
    """Every stored value of the rows and of the audit log, as one text."""
    from django.forms.models import model_to_dict

    values = [str(model_to_dict(row)) for row in rows]
    values += [f"{entry.before} {entry.after} {entry.object_repr}" for entry in AuditEntry.objects.all()]
    return " ".join(values)


def test_the_numbers_are_kept_only_hashed_and_masked(deyang):
    from accounts.identity import identity_hash

    user = UserFactory()
    agency = agency_register(actor=user, data=agency_data(deyang))
    agency.refresh_from_db()
    user.refresh_from_db()
    assert agency.legal_representative_id_hash == identity_hash(REPRESENTATIVE_ID)
    assert agency.legal_representative_id_masked == "5106**********0015"
    assert user.id_number_hash == identity_hash(OWN_ID) and user.id_number_masked == "5106**********0028"
    stored = _everything_stored(agency, user)
    assert REPRESENTATIVE_ID not in stored and OWN_ID not in stored
    assert AuditEntry.objects.filter(action=Action.IDENTITY_DECLARE, actor_id=user.pk).count() == 1


def test_a_user_who_declared_before_is_not_asked_again(deyang):
    from accounts.services import identity_declare

    user = UserFactory()
    identity_declare(actor=user, id_number=OWN_ID)
    agency_register(actor=user, data=agency_data(deyang, id_number=""))
    assert AuditEntry.objects.filter(action=Action.IDENTITY_DECLARE).count() == 1


@pytest.mark.parametrize("field,number,message", [
    ("legal_representative_id_number", "", "请填写居民身份证号码。"),
    ("legal_representative_id_number", "510603198001010016", "校验位"),
    ("legal_representative_id_number", "510603198002300013", "出生日期"),
    ("id_number", "", "请填写居民身份证号码。"),
    ("id_number", "5106031985", "18 位"),
])
def test_a_missing_or_invalid_number_is_refused_and_nothing_is_written(deyang, field, number, message):
    user = UserFactory()
    with pytest.raises(Exception) as refused:
        agency_register(actor=user, data=agency_data(deyang, **{field: number}))
    assert refused.value.field == field and message in str(refused.value)
    user.refresh_from_db()
    assert not Organisation.objects.exists() and not user.id_number_hash
    assert not AuditEntry.objects.exists()


def test_the_form_asks_the_users_own_number_only_until_it_is_declared(client):
    from accounts.services import identity_declare

    user = UserFactory()
    client.force_login(user)
    page = client.get(reverse("providers:register_agency")).content.decode()
    assert 'name="legal_representative_id_number"' in page and 'name="id_number"' in page
    identity_declare(actor=user, id_number=OWN_ID)
    page = client.get(reverse("providers:register_agency")).content.decode()
    assert 'name="legal_representative_id_number"' in page and 'name="id_number"' not in page


def test_a_wrong_number_through_the_form_is_shown_next_to_the_field_and_nothing_is_written(client):
    client.force_login(UserFactory())
    response = client.post(reverse("providers:register_agency"),
                           _post_data("510603", legal_representative_id_number="510603198001010016"))
    assert response.status_code == 200
    assert "校验位" in response.context["form"].errors["legal_representative_id_number"][0]
    assert not Organisation.objects.exists() and not AuditEntry.objects.exists()


def test_a_new_legal_representative_comes_with_an_identity_number():
    from providers.errors import RepresentativeIdentityRequired

    membership = MembershipFactory()
    agency = membership.organisation
    old_hash = agency.legal_representative_id_hash
    with pytest.raises(RepresentativeIdentityRequired) as refused:
        organisation_update(actor=membership.user, organisation=agency, data={"legal_representative": "赵新"})
    assert refused.value.field == "legal_representative_id_number"
    agency.refresh_from_db()
    assert agency.legal_representative == "李四" and agency.legal_representative_id_hash == old_hash
    organisation_update(actor=membership.user, organisation=agency,
                        data={"legal_representative": "赵新", "legal_representative_id_number": REPRESENTATIVE_ID})
    agency.refresh_from_db()
    assert agency.legal_representative == "赵新" and agency.legal_representative_id_masked == "5106**********0015"
    # The same person, other details: no number needed.
    organisation_update(actor=membership.user, organisation=agency, data={"legal_representative": "赵新",
                                                                          "address": "新地址"})


def test_the_declaration_page(client):
    from accounts.identity import identity_hash

    user = UserFactory()
    client.force_login(user)
    assert 'name="id_number"' in client.get(reverse("providers:identity")).content.decode()
    wrong = client.post(reverse("providers:identity"), {"id_number": "510603198512310029"})
    assert wrong.status_code == 400 and "校验位" in wrong.content.decode()
    response = client.post(reverse("providers:identity"), {"id_number": OWN_ID.lower()})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.id_number_hash == identity_hash(OWN_ID)
    page = client.get(reverse("providers:identity")).content.decode()
    assert "5106**********0028" in page and 'name="id_number"' not in page
    again = client.post(reverse("providers:identity"), {"id_number": REPRESENTATIVE_ID})
    assert again.status_code == 400 and "不能自行更改" in again.content.decode()
    user.refresh_from_db()
    assert user.id_number_hash == identity_hash(OWN_ID)
    assert "5106**********0028" in client.get(reverse("providers:workspace")).content.decode()
