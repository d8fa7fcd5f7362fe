"""The inspection pages' scene: a department of 德阳市 supervising one category, five agencies
offering an item of it there, four inspectors of the department, a regulator of another
department, an agency member and a plain user. Campaigns are brought to each state through the
services (oversight/services/inspections.py), the pages are driven through the test client."""
import pytest

from tests.factories import DepartmentFactory, MembershipFactory, RegulatorFactory, ServiceCategoryFactory, UserFactory
from tests.factories.inspections import BEACON, REFERENCE, deyang_scene  # noqa: F401 (the tests import the first two here)


@pytest.fixture
def scene(db, settings):
    settings.DRAW_BEACON = "regulators"
    scene = deyang_scene()
    other_department = DepartmentFactory(region=scene.others["chengdu"], name="成都市住房和城乡建设局")
    outsider = RegulatorFactory(department=other_department, user__full_name="外部门监管员")
    member = UserFactory(full_name="机构员工")
    MembershipFactory(user=member, organisation=scene.agencies[0])
    scene.others.update(outsider=outsider, member=member, plain=UserFactory(full_name="普通用户"),
                        other_category=ServiceCategoryFactory(code="survey", name="测绘"))
    return scene
