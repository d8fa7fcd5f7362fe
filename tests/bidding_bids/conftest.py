import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import (
    AgencyFactory,
    AgencyServiceFactory,
    FeeRuleFactory,
    JobFactory,
    MembershipFactory,
    ServiceItemFactory,
)

COMPLEXITY = [{"key": "complexity", "name": "复杂程度调整系数", "min": "0.8", "max": "1.2", "default": "1.0"}]


@pytest.fixture
def agency(db):
    return AgencyFactory(name="德阳清源环境咨询有限公司")


@pytest.fixture
def member(agency):
    """An operator of `agency`."""
    return MembershipFactory(organisation=agency, role="operator").user


@pytest.fixture
def item(db):
    return ServiceItemFactory(name="环境影响报告表编制")


@pytest.fixture
def job(item):
    """Open for bids for five more days; a random draw (needs 3 valid bids)."""
    return JobFactory(item=item, ceiling_price=Decimal("80000"),
                      closes_at=timezone.now() + datetime.timedelta(days=5))


@pytest.fixture
def offered(agency, item):
    return AgencyServiceFactory(agency=agency, item=item)


@pytest.fixture
def gov_rule(db):
    """2000 万元 → standard fee 15,000 元, range 12,000–18,000 元 with the complexity coefficient."""
    return FeeRuleFactory(coefficients=COMPLEXITY)


def bid_data(**overrides):
    data = {"price": Decimal("60000"), "promised_days": 15, "plan": "现场踏勘后编制报告表。"}
    data.update(overrides)
    return data


def new_bidder(job, **agency_fields):
    """Another agency with a member: (agency, user)."""
    agency = AgencyFactory(**agency_fields)
    return agency, MembershipFactory(organisation=agency, role="operator").user
