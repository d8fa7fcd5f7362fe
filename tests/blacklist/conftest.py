"""Blacklist scenes: two regulators on duty (a proposer and a reviewer), an agency with its admin."""
import pytest

from tests.factories import AgencyFactory, MembershipFactory, RegulatorFactory
from tests.factories.providers import declared_identity, valid_id_number

# The blacklisted agency's legal representative, and its admin.
REPRESENTATIVE_ID = valid_id_number(5555)
ADMIN_ID = valid_id_number(9001)


@pytest.fixture
def proposer(db):
    return RegulatorFactory(user__full_name="监管员甲", department__is_platform_operator=True).user


@pytest.fixture
def reviewer(db):
    return RegulatorFactory(user__full_name="监管员乙", department__is_platform_operator=True).user


@pytest.fixture
def agency(db):
    return AgencyFactory(name="德阳市造假评估有限公司", legal_representative="王建国",
                         legal_representative_id_number=REPRESENTATIVE_ID)


@pytest.fixture
def admin(agency):
    """The agency's admin (a user with a declared identity number)."""
    identity = declared_identity(ADMIN_ID)
    return MembershipFactory(organisation=agency, user__full_name="机构管理员",
                             user__id_number_hash=identity["id_number_hash"],
                             user__id_number_masked=identity["id_number_masked"]).user
