"""The inspection pages' scene: a department of 德阳市 supervising one category, five agencies
offering an item of it there, four inspectors of the department, a regulator of another
department, an agency member and a plain user. Campaigns are brought to each state through the
services (oversight/services/inspections.py), the pages are driven through the test client."""
import pytest

from providers.models import Region
from tests.factories import (
    AgencyFactory,
    AgencyServiceFactory,
    DepartmentFactory,
    MembershipFactory,
    RegionFactory,
    RegulatorFactory,
    ServiceCategoryFactory,
    ServiceItemFactory,
    UserFactory,
)
from tests.factories.inspections import BEACON, REFERENCE, Scene  # noqa: F401 (the tests import them from here)


@pytest.fixture
def scene(db, settings):
    settings.DRAW_BEACON = "regulators"
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
    other_department = DepartmentFactory(region=chengdu, name="成都市住房和城乡建设局")
    outsider = RegulatorFactory(department=other_department, user__full_name="外部门监管员")
    member = UserFactory(full_name="机构员工")
    MembershipFactory(user=member, organisation=agencies[0])
    return Scene(department=department, category=category, item=item, region=deyang, agencies=agencies,
                 inspectors=inspectors,
                 others={"county": county, "chengdu": chengdu, "outsider": outsider, "member": member,
                         "plain": UserFactory(full_name="普通用户"),
                         "other_category": ServiceCategoryFactory(code="survey", name="测绘")})
