"""A second agency whose legal representative has the same name as a suspended or blacklisted
agency's is flagged to regulators: at registration (an audit entry and a notice to every active
regulator, the registration itself going through) and in their red flags. The name is only a
clue; the ban itself (禁入) matches identity numbers (tests/blacklist/test_bans.py)."""
import datetime

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from core.models import Notice
from providers.models import Organisation, Region, Standing
from providers.services.registration import FLAG_ACTION, agency_register, organisation_update
from providers.standing_rules import (
    agencies_sharing_a_barred_representative,
    representative_key,
    representative_key_expression,
)
from tests.factories import AgencyFactory, MembershipFactory, RegulatorFactory, UserFactory
from tests.factories.providers import valid_uscc

from .helpers import REPRESENTATIVE_ID, agency_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def deyang():
    return Region.objects.get(code="510603")


@pytest.fixture
def blacklisted(db):
    """Blacklisted (the blacklist's input); no ban on its legal representative's number, so a
    namesake registers and is only flagged."""
    return AgencyFactory(
        name="德阳市造假评估有限公司", legal_representative="王建国", blacklist_reason="出具虚假评估报告",
        blacklisted_since=timezone.now() - datetime.timedelta(days=10),
        blacklisted_until=timezone.now() + datetime.timedelta(days=365),
    )


@pytest.fixture
def regulators(db):
    return [RegulatorFactory(), RegulatorFactory()]


@pytest.mark.parametrize("spelling", ["王建国", " 王 建国", "王　建国"])
def test_registering_under_a_blacklisted_agencys_representative_is_flagged_to_every_active_regulator(
    deyang, blacklisted, regulators, spelling
):
    inactive = RegulatorFactory(is_active=False)
    agency = agency_register(actor=UserFactory(), data=agency_data(deyang, legal_representative=spelling))

    assert Organisation.objects.filter(pk=agency.pk).exists()  # registration stays open
    entry = AuditEntry.objects.get(action=FLAG_ACTION)
    assert entry.object_id == str(agency.pk)
    assert entry.after["barred"] == [{"uscc": blacklisted.uscc, "name": blacklisted.name, "standing": "blacklisted"}]
    for regulator in regulators:
        notice = Notice.objects.get(user=regulator.user)
        assert "法定代表人" in notice.title
        assert "德阳市造假评估有限公司" in notice.body and "出具虚假评估报告" in notice.body
        assert notice.link == f"/regulator/providers/standing/{agency.pk}/"
    assert not Notice.objects.filter(user=inactive.user).exists()


def test_no_flag_for_another_person_or_a_standing_that_has_ended(deyang, blacklisted, regulators):
    agency_register(actor=UserFactory(), data=agency_data(deyang, legal_representative="王建军"))
    blacklisted.blacklisted_until = timezone.now() - datetime.timedelta(seconds=1)
    blacklisted.save(update_fields=["blacklisted_until"])
    agency_register(actor=UserFactory(), data=agency_data(deyang, uscc=valid_uscc(seed=4242),
                                                          name="另一家", legal_representative="王建国"))
    assert not AuditEntry.objects.filter(action=FLAG_ACTION).exists()
    assert not Notice.objects.filter(user__in=[regulator.user for regulator in regulators]).exists()


def test_changing_the_representative_to_a_barred_one_is_flagged_too(blacklisted, regulators):
    membership = MembershipFactory(organisation=AgencyFactory(legal_representative="李四"))
    organisation_update(actor=membership.user, organisation=membership.organisation,
                        data={"legal_representative": "王建国", "legal_representative_id_number": REPRESENTATIVE_ID})
    assert AuditEntry.objects.filter(action=FLAG_ACTION, object_id=str(membership.organisation.pk)).count() == 1
    assert Notice.objects.filter(user=regulators[0].user).count() == 1


def test_the_list_of_matches_carries_the_evidence(blacklisted):
    suspended = AgencyFactory(name="德阳暂停咨询有限公司", legal_representative="张 三", standing=Standing.SUSPENDED,
                              standing_reason="围标嫌疑调查中")
    second = AgencyFactory(name="德阳新壳咨询有限公司", legal_representative="王建国")
    third = AgencyFactory(legal_representative="张三")
    AgencyFactory(legal_representative="王建")
    links = agencies_sharing_a_barred_representative(timezone.now())
    assert {(link.agency, link.barred) for link in links} == {(second, blacklisted), (third, suspended)}
    [link] = [link for link in links if link.agency == second]
    assert "王建国" in link.evidence and blacklisted.uscc in link.evidence and "列入黑名单" in link.evidence


@pytest.mark.parametrize("name", [
    "王建国", " 王 建国 ", "阿卜杜·热合曼", "阿卜杜•热合曼", "John SMITH", "王-建国", "王.建国",
])
def test_the_database_compares_names_as_python_does(name):
    agency = AgencyFactory(legal_representative=name)
    stored = Organisation.objects.annotate(key=representative_key_expression()).get(pk=agency.pk).key
    assert stored == representative_key(name)
