import datetime

import pytest

from tests.factories import (
    DepartmentFactory,
    MembershipFactory,
    QualificationTypeFactory,
    RegulatorFactory,
    ServiceCategoryFactory,
    ServiceItemFactory,
)

EFFECTIVE = datetime.date(2025, 7, 1)


@pytest.fixture
def category(db):
    return ServiceCategoryFactory(code="env", name="生态环境")


@pytest.fixture
def other_category(db):
    return ServiceCategoryFactory(code="geo", name="地质灾害")


@pytest.fixture
def regulator(category):
    """An active regulator supervising `category`, with two-factor login set up."""
    regulator = RegulatorFactory()
    regulator.categories.add(category)
    return regulator


@pytest.fixture
def outsider_regulator(other_category):
    """A regulator supervising another category only."""
    regulator = RegulatorFactory()
    regulator.categories.add(other_category)
    return regulator


@pytest.fixture
def item(category):
    return ServiceItemFactory(code="ZJ-0001", name="环境影响评价报告书编制", category=category, statutory_days=30)


@pytest.fixture
def department(db):
    return DepartmentFactory(name="生态环境局")


@pytest.fixture
def qualifications(db):
    return [QualificationTypeFactory(code="eia", name="环评资质"),
            QualificationTypeFactory(code="survey", name="测绘资质")]


@pytest.fixture
def item_data(category, department):
    return {
        "code": "HP-001",
        "name": "环境影响报告表编制",
        "category": category,
        "legal_basis": "《中华人民共和国环境影响评价法》第十六条",
        "approval_item": "建设项目环境影响评价文件审批",
        "approving_department": department,
        "statutory_days": 20,
        "fee_type": "market",
        "required_qualifications": [],
        "description": "编制建设项目环境影响报告表",
    }


@pytest.fixture
def member(db):
    """An operator of an agency."""
    return MembershipFactory(role="operator")


@pytest.fixture
def regulator_client(client, regulator):
    client.force_login(regulator.user)
    return client
