"""A campaign's scene: one department supervising a category in 德阳市, five agencies offering an
item of it there (one elsewhere, one blacklisted, one of another category), four inspectors."""
import datetime

import pytest
from django.utils import timezone

from providers.models import Region
from tests.factories import (
    AgencyFactory,
    AgencyServiceFactory,
    DepartmentFactory,
    RegionFactory,
    RegulatorFactory,
    ServiceCategoryFactory,
    ServiceItemFactory,
)
from tests.factories.inspections import BEACON, REFERENCE, Scene  # noqa: F401 (the tests import them from here)


@pytest.fixture
def scene(db):
    deyang = RegionFactory()
    county = RegionFactory(code="510603", name="旌阳区", level=Region.Level.COUNTY, full_name="四川省德阳市旌阳区",
                           parent=deyang)
    chengdu = RegionFactory(code="510100", name="成都市", level=Region.Level.PREFECTURE, full_name="四川省成都市")
    department = DepartmentFactory(region=deyang, name="德阳市生态环境局")
    category = ServiceCategoryFactory(code="env", name="环境评价")
    item = ServiceItemFactory(category=category)
    inspectors = [RegulatorFactory(department=department, user__full_name=f"检查员{n}") for n in range(4)]
    inspectors[0].categories.set([category])
    agencies = [AgencyFactory(region=county if n % 2 else deyang, name=f"德阳环评{n}号有限公司") for n in range(5)]
    for agency in agencies:
        AgencyServiceFactory(agency=agency, item=item)
    elsewhere = AgencyFactory(region=chengdu, name="成都环评有限公司")
    AgencyServiceFactory(agency=elsewhere, item=item)
    blacklisted = AgencyFactory(region=deyang, name="黑名单环评有限公司",
                                blacklisted_until=timezone.now() + datetime.timedelta(days=300))
    AgencyServiceFactory(agency=blacklisted, item=item)
    other_item = ServiceItemFactory(category=ServiceCategoryFactory(code="survey", name="测绘"))
    surveyor = AgencyFactory(region=deyang, name="德阳测绘有限公司")
    AgencyServiceFactory(agency=surveyor, item=other_item)
    return Scene(department=department, category=category, item=item, region=deyang, agencies=agencies,
                 inspectors=inspectors,
                 others={"elsewhere": elsewhere, "blacklisted": blacklisted, "surveyor": surveyor,
                         "county": county, "chengdu": chengdu})
