"""A small public world for the search pages: the EIA and soil-conservation items, agencies
offering them (one blacklisted), jobs of them (one a draft), the synonym table's 环评 and 水保;
indexed by `manage.py search_rebuild`, as a fresh start does."""
import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from bidding.models import Job
from search.models import SynonymGroup
from tests.factories import (
    AgencyFactory,
    AgencyServiceFactory,
    DepartmentFactory,
    JobFactory,
    OwnerFactory,
    RegionFactory,
    ServiceCategoryFactory,
    ServiceItemFactory,
)


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False  # each request renders (the cache has its own test)


@pytest.fixture
def home(db):
    from core.demo.site import ensure_page_tree

    return ensure_page_tree()


def reindex():
    call_command("search_rebuild", verbosity=0)


@pytest.fixture
def world(home):
    sichuan = RegionFactory(code="510000", name="四川省", level=1, full_name="四川省")
    deyang = RegionFactory(code="510600", name="德阳市", level=2, parent=sichuan, full_name="四川省德阳市")
    jingyang = RegionFactory(code="510603", name="旌阳区", level=3, parent=deyang, full_name="四川省德阳市旌阳区")
    env = ServiceCategoryFactory(code="env", name="生态环境")
    water = ServiceCategoryFactory(code="water", name="水利水保")
    department = DepartmentFactory(region=deyang)
    eia = ServiceItemFactory(code="ZJ-HJ-001", name="建设项目环境影响报告书编制", category=env,
                             approving_department=department, approval_item="建设项目环境影响评价文件审批")
    soil = ServiceItemFactory(code="ZJ-SB-001", name="水土保持方案报告书编制", category=water,
                              approving_department=department, approval_item="生产建设项目水土保持方案审批",
                              legal_basis="《中华人民共和国水土保持法》第二十五条")
    green = AgencyFactory(name="德阳清源技术服务有限公司", region=jingyang)
    AgencyServiceFactory(agency=green, item=eia)
    barred = AgencyFactory(name="旌阳蓝天咨询有限公司", region=jingyang, blacklist_reason="出具虚假报告",
                           blacklisted_since=timezone.now() - datetime.timedelta(days=3),
                           blacklisted_until=timezone.now() + datetime.timedelta(days=300))
    AgencyServiceFactory(agency=barred, item=eia)
    digger = AgencyFactory(name="德阳山川工程咨询有限公司", region=deyang)
    AgencyServiceFactory(agency=digger, item=soil)
    owner = OwnerFactory(name="德阳市旌阳区住房和城乡建设局", region=jingyang)
    road = JobFactory(owner=owner, item=eia, title="旌阳区东湖路改建工程报告书编制",
                      project_code="2026-510603-48-01-000777")
    dam = JobFactory(owner=owner, item=soil, title="旌阳区某水库除险加固工程方案编制")
    draft = JobFactory(owner=owner, item=eia, title="尚未发布的园区道路工程报告书编制", status=Job.Status.DRAFT,
                       published_at=None)
    SynonymGroup.objects.create(words="环评\n环境影响评价\n环境影响报告")
    SynonymGroup.objects.create(words="水保\n水土保持")
    reindex()
    return {"sichuan": sichuan, "deyang": deyang, "jingyang": jingyang, "env": env, "water": water,
            "eia": eia, "soil": soil, "green": green, "barred": barred, "digger": digger, "owner": owner,
            "road": road, "dam": dam, "draft": draft}
