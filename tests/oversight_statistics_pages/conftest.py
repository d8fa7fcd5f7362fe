"""The statistics pages over a small materialised summary (StatsMonth / StatsWinnerMonth rows
made directly: the pages only lay out what oversight/selectors/statistics.py sums; the sums
themselves are tested in tests/oversight_statistics/).

The regulator's department (德阳市, region prefix 5106) supervises category X only:
- item A (category X) in 旌阳区 510603: in scope;
- item A in 锦江区 510104 (Chengdu): outside the department's region;
- item B (category Y) in 510603: a category the department does not supervise.
"""
from types import SimpleNamespace

import pytest
from django.utils import timezone

from oversight.forms.statistics import add_months
from oversight.models import StatsMonth, StatsWinnerMonth
from providers.models import Region
from tests.factories import UserFactory
from tests.factories.marketplace import (
    AgencyServiceFactory,
    RegulatorFactory,
    ServiceCategoryFactory,
    ServiceItemFactory,
)
from tests.factories.providers import AgencyFactory, DepartmentFactory, MembershipFactory


def this_month():
    return timezone.localdate().replace(day=1)


def month_row(item, region, month, *, awarded=1, scale=1, **extra):
    """A StatsMonth row with plausible figures; `scale` multiplies the counts."""
    values = {
        "jobs_published": awarded + 1, "jobs_awarded": awarded, "jobs_failed": 1,
        "budget_fen": 10_000_000 * awarded, "budget_awarded_fen": 8_500_000 * awarded,
        "ceiling_fen": 12_000_000 * awarded, "ceiling_awarded_fen": 8_500_000 * awarded,
        "awarded_fen": 8_500_000 * awarded, "completed": awarded, "service_days": 18 * awarded,
        "statutory_days": 30 * awarded, "on_time": awarded, "bids": 3 * awarded, "single_bidder": 0,
        "outside_winners": 0, "complaints": 0, "refreshed_at": timezone.now(),
    }
    values.update(extra)
    return StatsMonth.objects.create(item=item, region=region, month=month, **values)


@pytest.fixture
def scene(db):
    regions = {}
    for code, name, level, parent in [("510000", "四川省", 1, None), ("510600", "德阳市", 2, "510000"),
                                      ("510603", "旌阳区", 3, "510600"), ("510681", "广汉市", 3, "510600"),
                                      ("510100", "成都市", 2, "510000"), ("510104", "锦江区", 3, "510100")]:
        regions[code], _created = Region.objects.get_or_create(code=code, defaults={
            "name": name, "level": level, "parent_id": parent, "full_name": name})
    x, y = ServiceCategoryFactory(code="x", name="环境评价类"), ServiceCategoryFactory(code="y", name="测绘类")
    department = DepartmentFactory(name="德阳市生态环境局", region=regions["510600"])
    regulator = RegulatorFactory(department=department, categories=[x], user__full_name="统计监管员")
    item_a = ServiceItemFactory(code="ZJ-A", name="环境影响评价", category=x)
    item_b = ServiceItemFactory(code="ZJ-B", name="地形测绘", category=y)
    ag1 = AgencyFactory(name="德阳环评有限公司", region=regions["510603"], credit_grade="A")
    ag2 = AgencyFactory(name="成都环评有限公司", region=regions["510104"], credit_grade="B")
    ag3 = AgencyFactory(name="旌阳测绘有限公司", region=regions["510603"], credit_grade="B")
    AgencyServiceFactory(agency=ag1, item=item_a)
    AgencyServiceFactory(agency=ag2, item=item_a)
    AgencyServiceFactory(agency=ag3, item=item_b)
    now = this_month()
    two_ago = add_months(now, -2)
    # In scope: this month and two months ago, and the same months a year earlier (slower).
    month_row(item_a, regions["510603"], now, awarded=4, complaints=1, single_bidder=1, outside_winners=1)
    month_row(item_a, regions["510603"], two_ago, awarded=2)
    month_row(item_a, regions["510603"], add_months(now, -12), awarded=3, service_days=30 * 3)
    month_row(item_a, regions["510603"], add_months(two_ago, -12), awarded=2, service_days=28 * 2)
    # Out of the department's scope: another region, another category.
    month_row(item_a, regions["510104"], now, awarded=7)
    month_row(item_b, regions["510603"], now, awarded=9)
    for agency, wins in ((ag1, 3), (ag2, 1)):
        StatsWinnerMonth.objects.create(item=item_a, region=regions["510603"], month=now, agency=agency, wins=wins,
                                        awarded_fen=8_500_000 * wins)
    StatsWinnerMonth.objects.create(item=item_a, region=regions["510104"], month=now, agency=ag2, wins=7,
                                    awarded_fen=8_500_000 * 7)
    return SimpleNamespace(regulator=regulator, department=department, item_a=item_a, item_b=item_b,
                           x=x, y=y, regions=regions, ag1=ag1, ag2=ag2, month=now)


def grow(scene, months=10):
    """More data of every kind (rows in more months, items and agencies): the pages' query
    counts must not change."""
    region = scene.regions["510603"]
    items = [ServiceItemFactory(category=scene.x) for _n in range(3)]
    agencies = [AgencyFactory() for _n in range(4)]
    for index in range(months):
        month = add_months(scene.month, -index - 1)
        for item in items:
            if not StatsMonth.objects.filter(item=item, region=region, month=month).exists():
                month_row(item, region, month, awarded=1 + index % 3)
            for agency in agencies:
                StatsWinnerMonth.objects.create(item=item, region=region, month=month, agency=agency, wins=1,
                                                awarded_fen=100)


@pytest.fixture
def regulator_client(client, scene):
    client.force_login(scene.regulator.user)
    return client


@pytest.fixture
def agency_member(db):
    return MembershipFactory(user=UserFactory()).user


@pytest.fixture
def summary_url(db):
    """The public summary's address: a Wagtail page (cms.StatisticsPage) in the site's page tree."""
    from core.demo.site import ensure_page_tree

    ensure_page_tree()
    return "/statistics/"
