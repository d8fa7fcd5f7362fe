"""A scene for the owner's announcements: an owner with an admin and an operator, a service item
with one law-required qualification, and a draft that would pass every publication check on
Friday 6 March 2026 (weekends are the only non-working days: the holiday table is empty)."""
import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from bidding.models import Job
from providers.models import Membership
from tests.factories import (
    JobFactory,
    MembershipFactory,
    OwnerFactory,
    QualificationTypeFactory,
    ServiceItemFactory,
    UserFactory,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
FRIDAY = datetime.datetime(2026, 3, 6, 10, 0, tzinfo=SHANGHAI)
# Three working days after Friday: Monday, Tuesday, Wednesday 11 March.
EARLIEST_CLOSE = datetime.datetime(2026, 3, 11, 9, 0, tzinfo=SHANGHAI)


def at(day, hour=17, minute=0):
    return datetime.datetime(2026, 3, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def friday():
    with time_machine.travel(FRIDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def owner(db):
    return OwnerFactory()


@pytest.fixture
def admin(owner):
    return MembershipFactory(organisation=owner, role=Membership.Role.ADMIN).user


@pytest.fixture
def operator(owner):
    return MembershipFactory(organisation=owner, role=Membership.Role.OPERATOR).user


@pytest.fixture
def outsider(db):
    """A member of another owner organisation."""
    return MembershipFactory(organisation=OwnerFactory(), role=Membership.Role.ADMIN).user


@pytest.fixture
def surveying(db):
    return QualificationTypeFactory(code="surveying-b", name="测绘资质乙级")


@pytest.fixture
def item(surveying):
    item = ServiceItemFactory(statutory_days=30)
    item.required_qualifications.add(surveying)
    return item


def make_draft(owner, user, item, **fields):
    values = dict(
        owner=owner, created_by=user, item=item, status=Job.Status.DRAFT, closes_at=EARLIEST_CLOSE,
        published_at=None, draw_seed="", draw_commitment="", budget=80000, ceiling_price=80000,
        service_days=20, description="编制建设项目环境影响报告表并取得批复。", requirements="",
    )
    values.update(fields)
    return JobFactory(**values)


@pytest.fixture
def draft(owner, admin, item):
    return make_draft(owner, admin, item)


@pytest.fixture
def anyone(db):
    return UserFactory()
