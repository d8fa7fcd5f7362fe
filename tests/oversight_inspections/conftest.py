"""A campaign's scene: one department supervising a category in 德阳市, five agencies offering an
item of it there (one elsewhere, one blacklisted, one of another category), four inspectors."""
import datetime

import pytest
from django.utils import timezone

from tests.factories import AgencyFactory, AgencyServiceFactory, ServiceCategoryFactory, ServiceItemFactory
from tests.factories.inspections import BEACON, REFERENCE, deyang_scene  # noqa: F401 (the tests import the first two here)


@pytest.fixture
def scene(db):
    scene = deyang_scene()
    deyang, item = scene.region, scene.item
    elsewhere = AgencyFactory(region=scene.others["chengdu"], name="成都环评有限公司")
    AgencyServiceFactory(agency=elsewhere, item=item)
    blacklisted = AgencyFactory(region=deyang, name="黑名单环评有限公司",
                                blacklisted_until=timezone.now() + datetime.timedelta(days=300))
    AgencyServiceFactory(agency=blacklisted, item=item)
    other_item = ServiceItemFactory(category=ServiceCategoryFactory(code="survey", name="测绘"))
    surveyor = AgencyFactory(region=deyang, name="德阳测绘有限公司")
    AgencyServiceFactory(agency=surveyor, item=other_item)
    scene.others.update(elsewhere=elsewhere, blacklisted=blacklisted, surveyor=surveyor)
    return scene
