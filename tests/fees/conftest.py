import pytest

from tests.factories import FeeRuleFactory, RegulatorFactory, ServiceCategoryFactory, ServiceItemFactory


@pytest.fixture
def category(db):
    return ServiceCategoryFactory(code="env", name="生态环境")


@pytest.fixture
def regulator(category):
    """An active regulator supervising `category`, with two-factor login set up."""
    regulator = RegulatorFactory(user__full_name="王监管")
    regulator.categories.add(category)
    return regulator


@pytest.fixture
def outsider_regulator(db):
    """A regulator supervising another category only."""
    regulator = RegulatorFactory()
    regulator.categories.add(ServiceCategoryFactory(code="geo", name="地质灾害"))
    return regulator


@pytest.fixture
def item(category):
    """A government-priced item without a fee rule yet."""
    return ServiceItemFactory(code="ZJ-0101", name="地震安全性评价", category=category, fee_type="government")


@pytest.fixture
def rule(category):
    """An item with a fee rule: 0–1000万元 at 10元/万元, above at 5元/万元, minimum 5000 元."""
    return FeeRuleFactory(item__code="ZJ-0102", item__name="环境影响评价报告书编制", item__category=category)
