"""On PostgreSQL, every query the public lists run is served by an index: the first page, each
filter, each sort, the count, a page by cursor deep in the list and the last page, for the
directory, the notices and the home page's newest rows.

Each page is requested as a visitor would, the queries it ran are captured, and each is
EXPLAINed with sequential scans disabled (so the check does not depend on how many rows the
test made): no Seq Scan on the big tables, no Sort over a whole table (a Sort may only order the
rows an index condition found), no index read end to end unless a LIMIT stops it, and the index
meant for each list in the plan. The catalogue's table holds a few hundred items and is left to
the planner."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bidding.models import Bid, Job
from core import pagination
from marketplace.models import AgencyService
from providers.models import Organisation, Region
from tests.factories import (
    AgencyFactory,
    AgencyServiceFactory,
    BidFactory,
    DepartmentFactory,
    JobFactory,
    OwnerFactory,
    RegionFactory,
    ServiceCategoryFactory,
    ServiceItemFactory,
    UserFactory,
    valid_uscc,
)

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the plans are PostgreSQL's"),
    pytest.mark.django_db,
]

BIG_TABLES = {"providers_organisation", "bidding_job", "bidding_bid", "marketplace_agencyservice"}
SCANS = {"Index Scan", "Index Only Scan", "Bitmap Heap Scan", "Seq Scan"}


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def data(home):
    """20 items; 2,000 agencies (a third rated) offering one each; 3,000 jobs of owners in two
    provinces (one owner with a job in a hundred) in five statuses (a few cancelled), drawn at
    random (a few auctioned), three bids on each published one, the awarded ones with a winner;
    the statistics brought up to date."""
    sichuan = RegionFactory(code="510603", name="旌阳区", level=Region.Level.COUNTY, full_name="四川省德阳市旌阳区")
    beijing = RegionFactory(code="110105", name="朝阳区", level=Region.Level.COUNTY, full_name="北京市朝阳区")
    category = ServiceCategoryFactory(code="env", name="生态环境")
    department = DepartmentFactory(region=sichuan)
    items = [ServiceItemFactory(code=f"ZJ-HJ-{n:03d}", category=category, approving_department=department)
             for n in range(20)]
    now = timezone.now()
    rows = AgencyFactory.build_batch(2000)
    for number, agency in enumerate(rows):
        agency.uscc = valid_uscc(seed=f"plans-{number}")
        agency.name = f"德阳{number:04d}环境咨询有限公司"
        agency.region = sichuan if number % 4 else beijing
        if number % 3 == 0:
            agency.credit_rated_at, agency.credit_grade, agency.credit_score = now, "ABCD"[number % 4], 60 + number % 40
            # Graded since long ago or lately: a part of the A-graded ones is on the red list.
            agency.credit_grade_since = now - datetime.timedelta(days=100 + 10 * (number % 100))
    agencies = Organisation.objects.bulk_create(rows)
    AgencyService.objects.bulk_create(
        AgencyServiceFactory.build(agency=agency, item=items[number % 20]) for number, agency in enumerate(agencies)
    )
    owners = [OwnerFactory(region=sichuan), OwnerFactory(region=beijing),
              OwnerFactory(region=beijing, name="北京市朝阳区交通局")]
    user = UserFactory()
    jobs = JobFactory.build_batch(3000, created_by=user)
    statuses = [Job.Status.PUBLISHED, Job.Status.CLOSED, Job.Status.AWARDED, Job.Status.FAILED, Job.Status.DRAFT]
    for number, job in enumerate(jobs):
        job.owner, job.item = owners[2 if number % 100 == 1 else number % 2], items[number % 20]
        job.status = Job.Status.CANCELLED if number % 100 == 7 else statuses[number % 5]
        job.selection_method = Job.Method.AUCTION if number % 100 == 3 else Job.Method.RANDOM
        job.published_at = None if job.status == Job.Status.DRAFT else now - datetime.timedelta(hours=number)
    Job.objects.bulk_create(jobs)
    bids = Bid.objects.bulk_create(
        BidFactory.build(job=job, agency=agencies[(number * 3 + slot) % len(agencies)], submitted_by=user,
                         status=Bid.Status.VALID)
        for number, job in enumerate(jobs) if job.status != Job.Status.DRAFT for slot in range(3)
    )
    awarded = {bid.job_id: bid for bid in reversed(bids) if bid.job.status == Job.Status.AWARDED}
    for job in jobs:
        job.winner = awarded.get(job.pk)
    Job.objects.bulk_update([job for job in jobs if job.winner], ["winner"])
    with connection.cursor() as cursor:
        for table in BIG_TABLES:
            cursor.execute(f"ANALYZE {table}")
    return items


def plans(client, url):
    """The plans of the queries `url` runs that read a big table, EXPLAINed with sequential
    scans off."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    found = []
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT") or not any(f'"{t}"' in sql for t in BIG_TABLES):
                continue
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
            found.append((sql, plan[0]["Plan"] if isinstance(plan, list) else plan))
        cursor.execute("RESET enable_seqscan")
    assert found, url
    return found


def nodes(node, ancestors=()):
    yield node, ancestors
    for child in node.get("Plans", []):
        yield from nodes(child, (*ancestors, node))


def problems(plan):
    """What in `plan` reads a whole big table."""
    found = []
    for node, ancestors in nodes(plan):
        kinds = {a["Node Type"] for a in ancestors}
        table = node.get("Relation Name")
        if node["Node Type"] not in SCANS or table not in BIG_TABLES:
            continue
        narrowed = "Index Cond" in node or "Recheck Cond" in node
        if node["Node Type"] == "Seq Scan":
            found.append(f"Seq Scan on {table}")
        elif "Sort" in kinds and not narrowed:
            found.append(f"Sort over all of {table} ({node.get('Index Name')})")
        elif not narrowed and "Limit" not in kinds:
            found.append(f"{node['Node Type']} over all of {table} ({node.get('Index Name')})")
    return found


def indexes(plan):
    return {node.get("Index Name") for node, _a in nodes(plan)} - {None}


def check(client, url, *expected_indexes):
    """No query of `url` reads a whole big table, and the page's list uses `expected_indexes`."""
    used = set()
    for sql, plan in plans(client, url):
        assert not problems(plan), (url, problems(plan), sql)
        used |= indexes(plan)
    missing = set(expected_indexes) - used
    assert not missing, (url, missing, used)
    return used


@pytest.fixture
def deep(monkeypatch):
    """Cursors from the second page on, so a short list reaches its keyset pages."""
    monkeypatch.setattr(pagination.ListPaginator, "numbered_pages", 1)


def next_link(client, url):
    page = client.get(url).context
    for name in ("agencies", "jobs", "entries"):
        if page.get(name) is not None:
            return page[name].next_url
    raise AssertionError(url)


def test_the_directory_every_filter_and_page_uses_an_index(client, data, deep):
    check(client, "/agencies/", "org_directory_order")
    check(client, "/agencies/?grade=A", "org_directory_grade")
    check(client, "/agencies/?province=110000")
    check(client, f"/agencies/?item={data[0].code}")
    # A keyword is answered by the search (its plans: tests/search_behaviour/test_database_pg.py);
    # the list then reads the hits' rows by id.
    check(client, "/agencies/?grade=A&province=510000&item=" + data[0].code)
    after = next_link(client, "/agencies/?page=1")
    assert "after=" in after
    check(client, "/agencies/" + after, "org_directory_order")
    check(client, "/agencies/" + next_link(client, "/agencies/?grade=B"), "org_directory_grade")
    check(client, "/agencies/?before=end", "org_directory_order")


def test_the_cursor_page_is_a_range_of_the_index(client, data, deep):
    after = next_link(client, "/agencies/")
    [page_plan] = [plan for sql, plan in plans(client, "/agencies/" + after) if "ROW(" in str(plan)]
    [scan] = [node for node, _a in nodes(page_plan) if node.get("Index Name") == "org_directory_order"]
    assert scan["Index Cond"].startswith("(ROW(")


def test_the_notices_every_filter_and_page_uses_an_index(client, data, deep, monkeypatch):
    check(client, "/notices/", "job_notices_order")
    check(client, "/notices/?status=closed")
    check(client, "/notices/?status=cancelled", "job_notices_status")  # a rare status: its own index
    check(client, f"/notices/?item={data[1].code}", "job_notices_item")
    check(client, "/notices/?method=auction", "job_notices_method")  # a rare method: its own index
    check(client, "/notices/?method=random")
    check(client, "/notices/?province=110000")
    # A keyword is answered by the search (tests/search_behaviour/test_database_pg.py).
    check(client, "/notices/" + next_link(client, "/notices/"), "job_notices_order")
    check(client, "/notices/" + next_link(client, "/notices/?status=cancelled"), "job_notices_status")
    check(client, "/notices/?before=end", "job_notices_order")


def test_the_red_list_every_filter_and_page_uses_an_index(client, data, deep):
    check(client, "/credit/redlist/", "org_directory_grade")
    check(client, "/credit/redlist/?q=0042环境")
    check(client, "/credit/redlist/" + next_link(client, "/credit/redlist/"), "org_directory_grade")
    check(client, "/credit/redlist/?before=end", "org_directory_grade")


def test_the_home_page_reads_the_newest_rows_from_indexes(client, data):
    check(client, "/", "org_newest_agencies", "job_notices_order")


def test_past_the_count_limit_the_count_is_the_planners_estimate(client, data, monkeypatch):
    monkeypatch.setattr(pagination.ListPaginator, "count_limit", 100)
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/agencies/").content.decode()
    assert "约 2000家机构" in html
    assert any(query["sql"].startswith("EXPLAIN (FORMAT JSON)") for query in captured.captured_queries)
    check(client, "/agencies/", "org_directory_order")
