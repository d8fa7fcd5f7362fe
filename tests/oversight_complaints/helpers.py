"""Scenes for the complaint tests: a prefecture and county, departments supervising a category,
a platform operator, and a complaint filed through the service."""
import datetime

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from oversight.services.complaints import complaint_file
from providers.models import Region
from tests.factories import (
    AgencyFactory,
    DepartmentFactory,
    RegionFactory,
    RegulatorFactory,
    ServiceCategoryFactory,
    ServiceItemFactory,
)

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def at(year, month, day, hour=10, minute=0):
    """A moment in Beijing time."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def regions():
    province = RegionFactory(code="510000", name="四川省", level=Region.Level.PROVINCE, full_name="四川省")
    prefecture = RegionFactory(code="510600", name="德阳市", level=Region.Level.PREFECTURE, full_name="四川省德阳市",
                               parent=province)
    county = RegionFactory(code="510603", name="旌阳区", level=Region.Level.COUNTY, full_name="四川省德阳市旌阳区",
                           parent=prefecture)
    other = RegionFactory(code="510700", name="绵阳市", level=Region.Level.PREFECTURE, full_name="四川省绵阳市",
                          parent=province)
    return province, prefecture, county, other


class Scene:
    """德阳市: 生态环境局 (two regulators supervising `category`, one of them its head), the
    platform operator 政务服务和大数据局 (with a head); an agency in 旌阳区 and an item."""

    def __init__(self):
        self.province, self.prefecture, self.county, self.other_region = regions()
        self.category = ServiceCategoryFactory()
        self.item = ServiceItemFactory(category=self.category)
        self.department = DepartmentFactory(name="生态环境局", region=self.prefecture)
        self.regulator = RegulatorFactory(department=self.department, categories=[self.category]).user
        self.colleague = RegulatorFactory(department=self.department, categories=[self.category]).user
        self.head = RegulatorFactory(department=self.department, is_head=True).user
        self.operator = DepartmentFactory(name="政务服务和大数据局", region=self.prefecture, is_platform_operator=True)
        self.operator_staff = RegulatorFactory(department=self.operator).user
        self.operator_head = RegulatorFactory(department=self.operator, is_head=True).user
        self.agency = AgencyFactory(region=self.county)

    def file(self, **kwargs):
        values = dict(actor=AnonymousUser(), about="agency", agency=self.agency, item=self.item,
                      summary="收费高于承诺标准", details="该机构实际收费比公示的收费标准高出一倍。",
                      anonymous=False, complainant_name="王先生", contact_phone="13800000000",
                      contact_email="wang@example.cn", now=timezone.now())
        values.update(kwargs)
        return complaint_file(**values)
