"""The public lists run the same queries for 10 rows and for 1,000: the first page, a filtered
page, a page by cursor and the last page of the directory, the notices, the catalogue, the red
list and the blacklist.
(SQLite or PostgreSQL; the plans of those queries are tests/cms/test_list_plans.py's.)"""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bidding.models import Job
from bidding.selectors.public import public_jobs
from core.pagination import ListPaginator
from marketplace.models import AgencyService, ServiceItem
from marketplace.selectors.directory import agency_directory
from marketplace.selectors.versions import catalogue_in_force
from providers.models import Organisation
from reviews.models import BlacklistEntry, BlacklistPerson
from reviews.selectors.blacklist import public_entries
from reviews.selectors.redlist import redlist
from tests.factories import (
    AgencyFactory,
    AgencyServiceFactory,
    DepartmentFactory,
    JobFactory,
    OwnerFactory,
    RegionFactory,
    ServiceCategoryFactory,
    ServiceItemFactory,
    UserFactory,
    valid_uscc,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False  # every request renders: its queries are what is counted


@pytest.fixture
def scene(home):
    region = RegionFactory(code="510603", name="旌阳区", level=3, full_name="四川省德阳市旌阳区")
    category = ServiceCategoryFactory(code="env", name="生态环境")
    department = DepartmentFactory(region=region)
    item = ServiceItemFactory(code="ZJ-HJ-001", category=category, approving_department=department)
    return {"region": region, "category": category, "department": department, "item": item,
            "owner": OwnerFactory(region=region), "user": UserFactory(), "checker": UserFactory(), "made": 0}


def add_agencies(scene, count):
    rows = AgencyFactory.build_batch(count, region=scene["region"])
    for agency in rows:
        scene["made"] += 1
        agency.uscc = valid_uscc(seed=f"lists-{scene['made']}")
        if scene["made"] % 3 == 0:
            agency.credit_rated_at, agency.credit_grade = timezone.now(), "A"
    agencies = Organisation.objects.bulk_create(rows)
    AgencyService.objects.bulk_create(
        AgencyServiceFactory.build(agency=agency, item=scene["item"]) for agency in agencies[::2]
    )


def add_red_listed(scene, count):
    """Agencies graded A for three years (the red list's rule: two), a few lately."""
    rows = AgencyFactory.build_batch(count, region=scene["region"])
    long_ago = timezone.now() - datetime.timedelta(days=3 * 365)
    for agency in rows:
        scene["made"] += 1
        agency.uscc = valid_uscc(seed=f"redlist-{scene['made']}")
        agency.credit_rated_at, agency.credit_grade, agency.credit_score = timezone.now(), "A", 90 + scene["made"] % 10
        agency.credit_grade_since = long_ago if scene["made"] % 5 else timezone.now()
    Organisation.objects.bulk_create(rows)


def add_blacklistings(scene, count):
    """Approved blacklistings of new agencies, each banning two people; some ended by repair."""
    add_agencies(scene, count)
    agencies = list(Organisation.objects.filter(kind="agency").order_by("-pk")[:count])
    now = timezone.now()
    entries = BlacklistEntry.objects.bulk_create(
        BlacklistEntry(agency=agency, facts="出具虚假报告", legal_basis="管理办法第二十条", years=1,
                       status="repaired" if number % 4 == 0 else "approved", proposed_by=scene["user"],
                       proposed_at=now, decided_by=scene["checker"], decided_at=now,
                       starts_at=now - datetime.timedelta(days=number), ended_at=now if number % 4 == 0 else None,
                       ends_at=now + datetime.timedelta(days=365 - number))
        for number, agency in enumerate(agencies))
    BlacklistPerson.objects.bulk_create(
        BlacklistPerson(entry=entry, role=role, name=f"人员{entry.pk}{role}", id_hash=f"{entry.pk}-{role}",
                        id_masked="5106**********0001")
        for entry in entries for role in ("legal_rep", "manager"))


def add_jobs(scene, count):
    now = timezone.now()
    rows = JobFactory.build_batch(count, owner=scene["owner"], item=scene["item"], created_by=scene["user"])
    for number, job in enumerate(rows):
        job.published_at = now - datetime.timedelta(hours=number)
        job.status = Job.Status.CLOSED if number % 4 == 0 else Job.Status.PUBLISHED
    Job.objects.bulk_create(rows)


def add_items(scene, count):
    start = ServiceItem.objects.count()
    ServiceItem.objects.bulk_create(
        ServiceItemFactory.build(code=f"ZJ-QT-{start + n:04d}", category=scene["category"],
                                 approving_department=scene["department"]) for n in range(count)
    )


def urls(path, queryset, filters):
    """The list's first page, a filtered one, a page after its fifth row and its last page."""
    paginator = ListPaginator(queryset, per_page=20)
    fifth = list(paginator.queryset[4:5])[0]
    after = paginator.key.encode(2, paginator.key.values(fifth))
    return [path, f"{path}?{filters}", f"{path}?after={after}", f"{path}?before=end"]


def queries(client, url):
    client.get(url)  # process-level memos (site root, settings) are filled once
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


LISTS = {
    "directory": ("/agencies/", add_agencies, agency_directory, "q=测试&item=ZJ-HJ-001&province=510000&grade=A"),
    "notices": ("/notices/", add_jobs, public_jobs, "q=道路&item=ZJ-HJ-001&province=510000&status=closed"),
    "catalogue": ("/catalogue/", add_items, catalogue_in_force, "q=环境&category=env&fee_type=market"),
    "redlist": ("/credit/redlist/", add_red_listed, redlist, "q=测试"),
    "blacklist": ("/credit/blacklist/", add_blacklistings, public_entries, "q=测试"),
}


@pytest.mark.parametrize("name", LISTS)
def test_a_list_runs_the_same_queries_for_10_rows_and_for_1000(client, scene, name):
    path, add, queryset, filters = LISTS[name]
    add(scene, 10)
    few = {url.split("=")[0]: queries(client, url) for url in urls(path, queryset(), filters)}
    add(scene, 990)
    many = {url.split("=")[0]: queries(client, url) for url in urls(path, queryset(), filters)}

    assert many == few
    assert len(few) == 4
