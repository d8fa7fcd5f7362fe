"""Bans (禁入): for the period of an approved blacklisting, its legal representative and named
senior managers — matched by identity number, never stored in clear — may not register another
agency, become another agency's admin, or stand behind another agency's bid. Each refusal names
the blacklisted agency and the end of the ban, and writes nothing."""
import datetime

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone

from accounts.models import User
from accounts.services import identity_declare
from audit.models import AuditEntry
from bidding import errors as bidding_errors
from bidding.eligibility import bid_refusal
from bidding.models import Bid
from bidding.services.bids import bid_submit
from providers import errors
from providers.models import Invitation, Membership, Organisation, PersonBan, Region
from providers.services.members import invitation_accept, invitation_create, member_change_role
from providers.services.registration import agency_register, organisation_update
from providers.standing_rules import agency_bans
from reviews.models import BlacklistPerson
from tests.factories import AgencyFactory, JobFactory, MembershipFactory, OwnerFactory, UserFactory
from tests.factories.blacklist import MANAGER_ID, approved
from tests.factories.providers import declared_identity, valid_id_number
from tests.providers.helpers import agency_data
from tests.writes import nothing_written

from .conftest import ADMIN_ID, REPRESENTATIVE_ID

pytestmark = pytest.mark.django_db

NEW_PERSON = valid_id_number(31337)


@pytest.fixture
def deyang(db):
    return Region.objects.get(code="510603")


@pytest.fixture
def entry(agency, admin):
    """The agency blacklisted for two years: its legal representative and 陈经理 banned."""
    return approved(agency)


def _until(entry):
    return timezone.localtime(entry.ends_at).strftime("%Y-%m-%d %H:%M")


def declared_user(number, **fields):
    return UserFactory(**declared_identity(number), **fields)


# --- registering another agency -------------------------------------------------------------

def test_the_banned_legal_representative_cannot_register_another_agency(deyang, entry, agency):
    user = UserFactory()
    with pytest.raises(errors.RegistrationBanned) as refused, nothing_written(Organisation, Membership, PersonBan):
        agency_register(actor=user, data=agency_data(deyang, legal_representative="王 建国",
                                                     legal_representative_id_number=REPRESENTATIVE_ID.lower()))
    message = str(refused.value)
    assert "法定代表人王 建国" in message and agency.name in message and agency.uscc in message
    assert _until(entry) in message and "禁入" in message
    user.refresh_from_db()
    assert not user.id_number_hash  # the declaration that came with it was not kept either


def test_a_banned_manager_cannot_register_an_agency_themselves(deyang, entry, agency):
    with pytest.raises(errors.RegistrationBanned) as refused, nothing_written(Organisation, Membership):
        agency_register(actor=UserFactory(), data=agency_data(deyang, legal_representative_id_number=NEW_PERSON,
                                                              id_number=MANAGER_ID))
    assert "您本人" in str(refused.value) and agency.name in str(refused.value)

    declared = declared_user(MANAGER_ID)  # declared before: the same
    with pytest.raises(errors.RegistrationBanned), nothing_written(Organisation, Membership):
        agency_register(actor=declared, data=agency_data(deyang, legal_representative_id_number=NEW_PERSON))


def test_the_registration_page_shows_the_refusal_and_writes_nothing(client, deyang, entry, agency):
    client.force_login(UserFactory())
    data = {key: value for key, value in agency_data("510603", legal_representative_id_number=REPRESENTATIVE_ID)
            .items() if value is not None}
    response = client.post("/workspace/register/agency/", data)
    assert response.status_code == 200
    assert agency.name in response.content.decode() and _until(entry) in response.content.decode()
    assert Organisation.objects.filter(kind=Organisation.Kind.AGENCY).count() == 1


def test_others_register_as_before_and_a_banned_person_may_still_register_an_owner(deyang, entry):
    from providers.services.registration import owner_register
    from tests.factories.providers import valid_uscc

    assert agency_register(actor=UserFactory(), data=agency_data(deyang, legal_representative_id_number=NEW_PERSON))
    # The ban is on running agencies: a project owner is not concerned.
    owner = owner_register(actor=declared_user(MANAGER_ID), data=agency_data(
        deyang, uscc=valid_uscc(seed=77), owner_type=Organisation.OwnerType.PRIVATE))
    assert owner.kind == Organisation.Kind.OWNER and not owner.legal_representative_id_hash


def test_naming_a_banned_person_legal_representative_of_another_agency_is_refused(entry, agency):
    other = MembershipFactory()
    with pytest.raises(errors.RegistrationBanned) as refused, nothing_written():
        organisation_update(actor=other.user, organisation=other.organisation,
                            data={"legal_representative": "王建国",
                                  "legal_representative_id_number": REPRESENTATIVE_ID})
    assert refused.value.field == "legal_representative_id_number" and agency.name in str(refused.value)
    other.organisation.refresh_from_db()
    assert other.organisation.legal_representative == "李四"


# --- becoming another agency's admin --------------------------------------------------------

def _invite(role, email):
    inviter = MembershipFactory()
    invitation = invitation_create(actor=inviter.user, organisation=inviter.organisation, email=email, role=role)
    return inviter.organisation, invitation


def test_a_banned_person_cannot_accept_an_admin_invitation_to_another_agency(entry, agency):
    banned = declared_user(MANAGER_ID, email="chen@example.cn")
    other, invitation = _invite("admin", "chen@example.cn")
    with pytest.raises(errors.AdminBanned) as refused, nothing_written(Membership):
        invitation_accept(actor=banned, token=invitation.token)
    assert agency.name in str(refused.value) and _until(entry) in str(refused.value)
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


def test_a_banned_person_who_declares_with_the_invitation_is_refused_and_nothing_is_kept(entry):
    user = UserFactory(email="chen@example.cn")
    _other, invitation = _invite("admin", "chen@example.cn")
    with pytest.raises(errors.AdminBanned), nothing_written(Membership):
        invitation_accept(actor=user, token=invitation.token, id_number=MANAGER_ID)
    user.refresh_from_db()
    assert not user.id_number_hash


def test_a_banned_person_cannot_be_made_admin_of_another_agency(entry, agency):
    other_admin = MembershipFactory()
    operator = MembershipFactory(organisation=other_admin.organisation, role="operator",
                                 user=declared_user(REPRESENTATIVE_ID))
    with pytest.raises(errors.AdminBanned) as refused, nothing_written():
        member_change_role(actor=other_admin.user, membership=operator, role="admin")
    assert "禁入" in str(refused.value)
    operator.refresh_from_db()
    assert operator.role == "operator"


def test_an_admin_needs_a_declared_number(db):
    user = UserFactory(email="new.admin@example.cn")
    other, invitation = _invite("admin", "new.admin@example.cn")
    with pytest.raises(errors.AdminIdentityRequired), nothing_written(Membership):
        invitation_accept(actor=user, token=invitation.token)
    membership = invitation_accept(actor=user, token=invitation.token, id_number=NEW_PERSON)
    assert membership.role == "admin"
    user.refresh_from_db()
    assert user.id_number_masked == NEW_PERSON[:4] + "*" * 10 + NEW_PERSON[-4:]

    operator = MembershipFactory(organisation=other, role="operator")
    admin = Membership.objects.get(user=user, organisation=other)
    with pytest.raises(errors.MemberIdentityRequired), nothing_written():
        member_change_role(actor=admin.user, membership=operator, role="admin")


def test_the_invitation_page_asks_for_the_number_and_shows_a_ban(client, entry, agency):
    user = UserFactory(email="chen@example.cn")
    _other, invitation = _invite("admin", "chen@example.cn")
    client.force_login(user)
    url = f"/workspace/invitations/{invitation.token}/"
    assert 'name="id_number"' in client.get(url).content.decode()
    response = client.post(url, {"id_number": MANAGER_ID})
    assert response.status_code == 400 and agency.name in response.content.decode()
    assert not Membership.objects.filter(user=user).exists()


def test_operators_and_owners_are_not_concerned(entry):
    banned = declared_user(MANAGER_ID, email="chen@example.cn")
    _other, invitation = _invite("operator", "chen@example.cn")
    assert invitation_accept(actor=banned, token=invitation.token).role == "operator"
    owner_admin = MembershipFactory(organisation=OwnerFactory())
    member = MembershipFactory(organisation=owner_admin.organisation, role="operator", user=UserFactory())
    assert member_change_role(actor=owner_admin.user, membership=member, role="admin").role == "admin"


# --- at every bid ---------------------------------------------------------------------------

def test_another_agency_under_a_banned_legal_representative_or_admin_may_not_bid(entry, agency):
    job = JobFactory(closes_at=timezone.now() + datetime.timedelta(days=5))
    # Registered before the ban, so nothing stopped it then.
    shell = AgencyFactory(name="德阳新壳咨询有限公司", legal_representative="王建国",
                          legal_representative_id_number=REPRESENTATIVE_ID)
    user = MembershipFactory(organisation=shell, role="operator").user
    with pytest.raises(bidding_errors.AgencyMayNotBid) as refused, nothing_written(Bid):
        bid_submit(actor=user, agency=shell, job=job, data={"price": 60000, "promised_days": 15, "plan": "方案"})
    message = str(refused.value)
    assert "法定代表人王建国" in message and agency.name in message and _until(entry) in message

    run_by_a_manager = AgencyFactory()
    MembershipFactory(organisation=run_by_a_manager, user=declared_user(MANAGER_ID, full_name="陈经理"))
    refusal = bid_refusal(run_by_a_manager, job, at=timezone.now())
    assert "管理员陈经理" in refusal and agency.name in refusal

    # The blacklisted agency's own ban is not "another agency's": it is refused as blacklisted.
    agency.refresh_from_db()
    assert agency_bans(agency, timezone.now()) == []
    assert "列入黑名单" in bid_refusal(agency, job, at=timezone.now())
    assert bid_refusal(AgencyFactory(), job, at=timezone.now()) is None


# --- never in clear -------------------------------------------------------------------------

def test_identity_numbers_are_never_stored_in_clear(deyang, proposer, reviewer):
    from reviews.services.blacklist import blacklist_approve
    from tests.factories.blacklist import propose

    user = UserFactory()
    identity_declare(actor=user, id_number=ADMIN_ID)
    agency = agency_register(actor=user, data=agency_data(deyang, legal_representative_id_number=REPRESENTATIVE_ID))
    blacklist_approve(actor=reviewer, entry=propose(agency, proposer=proposer, managers=[("陈经理", MANAGER_ID)]))

    stored = [model_to_dict(row) for model in (Organisation, User, PersonBan, BlacklistPerson)
              for row in model.objects.all()]
    stored += [(entry.before, entry.after, entry.object_repr) for entry in AuditEntry.objects.all()]
    text = str(stored)
    for number in (REPRESENTATIVE_ID, MANAGER_ID, ADMIN_ID):
        assert number not in text and number[6:14] not in text  # not even the birth date
    assert PersonBan.objects.count() == 2
    assert all(len(ban.id_hash) == 64 and "*" * 10 in ban.id_masked for ban in PersonBan.objects.all())
