"""Public list selectors: filters, and a fixed number of queries whatever the number of rows."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from marketplace.selectors.catalogue import catalogue_items, item_history
from marketplace.selectors.directory import agency_directory
from marketplace.selectors.offers import offers_of
from marketplace.services.catalogue import item_update
from providers.models import Region
from tests.factories import (
    AgencyFactory,
    AgencyServiceFactory,
    QualificationTypeFactory,
    RegionFactory,
    ServiceItemFactory,
)
from tests.marketplace.conftest import EFFECTIVE

pytestmark = pytest.mark.django_db


@pytest.fixture
def regions(db):
    province = RegionFactory(code="510000", name="四川省", level=Region.Level.PROVINCE, full_name="四川省")
    city = RegionFactory(code="510600", name="德阳市", level=Region.Level.PREFECTURE, full_name="四川省德阳市")
    county = RegionFactory(code="510603", name="旌阳区", level=Region.Level.COUNTY, full_name="四川省德阳市旌阳区")
    elsewhere = RegionFactory(code="330100", name="杭州市", level=Region.Level.PREFECTURE, full_name="浙江省杭州市")
    return province, city, county, elsewhere


def test_directory_filters_by_item_offered(item):
    offering = AgencyServiceFactory(item=item).agency
    AgencyServiceFactory()  # another item
    AgencyFactory()  # offers nothing
    assert list(agency_directory(item_code=item.code)) == [offering]


def test_directory_region_filter_takes_everything_under_the_region(regions):
    province, city, county, elsewhere = regions
    in_county = AgencyFactory(region=county)
    in_city = AgencyFactory(region=city)
    far = AgencyFactory(region=elsewhere)

    assert set(agency_directory(region_code="510000")) == {in_county, in_city}
    assert set(agency_directory(region_code="510600")) == {in_county, in_city}
    assert set(agency_directory(region_code="510603")) == {in_county}
    assert set(agency_directory(region_code="330100")) == {far}


def test_directory_filters_by_credit_grade():
    # Only grades the credit rules gave count (an unrated agency's stored "A" is a default).
    a = AgencyFactory(credit_grade="A", credit_rated_at=timezone.now())
    AgencyFactory(credit_grade="C", credit_rated_at=timezone.now())
    AgencyFactory(credit_grade="A")
    assert list(agency_directory(grade="A")) == [a]


def test_an_agency_offering_two_matching_items_is_listed_once(item):
    agency = AgencyServiceFactory(item=item).agency
    AgencyServiceFactory(agency=agency)
    assert list(agency_directory()) == [agency]


def _rows(n):
    quals = [QualificationTypeFactory(), QualificationTypeFactory()]
    agency = AgencyFactory()
    for _ in range(n):
        item = ServiceItemFactory()
        item.required_qualifications.set(quals)
        AgencyServiceFactory(item=item, agency=agency)
        AgencyServiceFactory(item=item)
    return agency


@pytest.mark.parametrize(
    "read",
    [
        lambda agency: [(i.category.name, str(i.approving_department), list(i.required_qualifications.all()),
                         getattr(i, "fee_rule", None)) for i in catalogue_items()],
        lambda agency: [(a.region.name, [s.item.code for s in a.services.all()]) for a in agency_directory()],
        lambda agency: [(o.item.name, o.item.category.name) for o in offers_of(agency)],
    ],
    ids=["catalogue_items", "agency_directory", "offers_of"],
)
def test_list_selectors_run_the_same_number_of_queries_for_3_rows_and_30(read, django_assert_num_queries):
    agency = _rows(3)
    with CaptureQueriesContext(connection) as few:
        read(agency)
    _rows(27)
    with django_assert_num_queries(len(few)):
        read(agency)


def test_item_history_runs_the_same_number_of_queries_for_3_versions_and_30(
    regulator, item_data, django_assert_num_queries
):
    item = ServiceItemFactory(category=item_data["category"], code="HP-9")

    def bump(times):
        for _ in range(times):
            item.refresh_from_db()
            item_update(actor=regulator.user, item=item,
                        data={**item_data, "code": item.code, "statutory_days": item.statutory_days + 1,
                              "required_qualifications": [QualificationTypeFactory()]},
                        effective_from=EFFECTIVE, reason="调整")

    bump(2)
    with CaptureQueriesContext(connection) as few:
        assert len(item_history(item)) == 3
    bump(27)
    with django_assert_num_queries(len(few)):
        assert len(item_history(item)) == 30
