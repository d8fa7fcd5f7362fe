"""A random-inspection campaign's scene for the tests (tests/oversight_inspections and
tests/oversight_inspection_pages build theirs from `deyang_scene`): a department, its category
and item, a region, the agencies of the pool and the inspectors; `create`, `announced`, `beacon`,
`drawn` and `published` bring a campaign to each state through the services."""
import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from oversight.services import inspections as services
from providers.models import Region

from .marketplace import AgencyServiceFactory, RegulatorFactory, ServiceCategoryFactory, ServiceItemFactory
from .providers import AgencyFactory, DepartmentFactory, RegionFactory

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

    def published(self, **overrides):
        from oversight.models import CampaignEntry

        campaign = self.drawn(**overrides)
        drawn = CampaignEntry.objects.filter(campaign=campaign, pool="agency", drawn=True).select_related("agency")
        for number, entry in enumerate(drawn):
            services.finding_record(actor=self.lead.user, campaign=campaign, agency=entry.agency,
                                    result="minor" if number == 0 else "compliant",
                                    details=f"检查情况{number}", remedy="责令限期整改" if number == 0 else "",
                                    inspected_on=timezone.localdate())
        services.campaign_publish(actor=self.lead.user, campaign=campaign, summary="共抽查 3 家，1 家存在一般问题。")
        campaign.refresh_from_db()
        return campaign


def deyang_scene():
    """The scene both test folders start from: 德阳市's department of ecology supervising 环境评价
    (its first of four inspectors covers the category), five agencies offering an item of it in
    the city and its county (旌阳区), and 成都市 beside them; `others` holds the county and 成都市,
    for each folder to add its own people and agencies."""
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
    return Scene(department=department, category=category, item=item, region=deyang, agencies=agencies,
                 inspectors=inspectors, others={"county": county, "chengdu": chengdu})
