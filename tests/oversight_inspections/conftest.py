"""A campaign's scene: one department supervising a category in 德阳市, five agencies offering an
item of it there (one elsewhere, one blacklisted, one of another category), four inspectors."""
import datetime
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from oversight.services import inspections as services
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

BEACON = "03 11 17 22 28 + 09"
REFERENCE = "双色球 第2026001期开奖号码"


@dataclass
class Scene:
    department: object
    category: object
    item: object
    region: object
    agencies: list
    inspectors: list
    others: dict = field(default_factory=dict)

    @property
    def lead(self):
        return self.inspectors[0]

    def create(self, **overrides):
        fields = dict(title="2026年环评机构双随机抽查", region=self.region, categories=[self.category],
                      agency_count=3, inspector_count=2, checks="资质、从业人员、报告质量")
        fields.update(overrides)
        return services.campaign_create(actor=self.lead.user, **fields)

    def announced(self, **overrides):
        campaign = self.create(**overrides)
        services.campaign_announce(actor=self.lead.user, campaign=campaign,
                                   now=timezone.now() - datetime.timedelta(hours=2))
        campaign.refresh_from_db()
        return campaign

    def beacon(self, campaign, value=BEACON):
        services.campaign_beacon_enter(actor=self.inspectors[1].user, campaign=campaign, value=value,
                                       reference=REFERENCE)
        services.campaign_beacon_confirm(actor=self.inspectors[2].user, campaign=campaign, value=value)
        campaign.refresh_from_db()
        return campaign

    def drawn(self, **overrides):
        campaign = self.beacon(self.announced(**overrides))
        services.campaign_draw(actor=self.lead.user, campaign=campaign)
        campaign.refresh_from_db()
        return campaign


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
