"""The regulators' workspace home (/regulator/): one section of queues, each counted within what
the regulator's department supervises (marketplace.selectors.scope), linking to its page, which
applies the same scope and offers filters. Regulators only; a constant number of queries."""
import datetime
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bidding.models import Bid, Job, Objection
from bidding.selectors import queues as bidding_queues
from bidding.selectors.flags import COLLUSION, flag_jobs
from marketplace.selectors.scope import scope_of
from providers.models import Organisation, Standing
from reviews.models import BlacklistEntry, CreditRepair
from tests.factories import (
    AgencyFactory,
    AgencyServiceFactory,
    BidFactory,
    CertificateFactory,
    DepartmentFactory,
    JobFactory,
    MembershipFactory,
    RegionFactory,
    RegulatorFactory,
    ServiceCategoryFactory,
    ServiceItemFactory,
    UserFactory,
)
from tests.factories.blacklist import BlacklistEntryFactory
from tests.factories.reviews import ReviewAppealFactory, ReviewFactory, open_contract

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)
QUEUE_PAGES = ("/regulator/jobs/complaints/", "/regulator/jobs/flags/", "/regulator/jobs/flags/zombies/",
               "/regulator/credit/blacklist/", "/regulator/credit/repairs/", "/regulator/credit/appeals/",
               "/regulator/providers/certificates/")


def separate_agency(**fields):
    """An agency sharing nothing (representative, phone, mail domain, address) with any other."""
    n = next(_numbers)
    return AgencyFactory(**{"legal_representative": f"代表人{n}", "contact_phone": f"0838-7{n:06d}",
                            "contact_email": f"office@ws{n}.com.cn", "address": f"德阳市旌阳区天山路{n}号",
                            **fields})


def closed_job(item, **fields):
    now = timezone.now()
    return JobFactory(item=item, **{"status": Job.Status.CLOSED, "published_at": now - datetime.timedelta(days=10),
                                    "closes_at": now - datetime.timedelta(days=2),
                                    "closed_at": now - datetime.timedelta(days=2), **fields})


def valid_bids(job, prices):
    return [BidFactory(job=job, agency=separate_agency(), price=Decimal(price), status=Bid.Status.VALID,
                       ip=f"10.9.{next(_numbers) % 250}.{index + 1}") for index, price in enumerate(prices)]


class Department:
    """A department supervising one category, with two regulators."""

    def __init__(self, name, *, region=None, operator=False):
        self.department = DepartmentFactory(name=name, region=region or RegionFactory(),
                                            is_platform_operator=operator)
        self.category = ServiceCategoryFactory()
        self.item = ServiceItemFactory(category=self.category)
        self.regulator = RegulatorFactory(department=self.department)
        self.colleague = RegulatorFactory(department=self.department)
        if not operator:
            self.category.supervisors.add(self.regulator, self.colleague)

    @property
    def user(self):
        return self.regulator.user


def scene(department, n, *, item=None, owner_region=None):
    """n of each kind of waiting work about `item` (the department's by default)."""
    item = item or department.item
    now, today = timezone.now(), timezone.localdate()
    owner_fields = {"owner__region": owner_region} if owner_region else {}
    agency_fields = {"region": owner_region} if owner_region else {}
    made = {"titles": [], "agencies": []}
    for _n in range(n):
        # An escalated objection (its job has one valid bid: a single-bidder red flag too).
        job = closed_job(item, title=f"异议项目{next(_numbers)}", **owner_fields)
        [bid] = valid_bids(job, ["60000"])
        Objection.objects.create(job=job, bid=bid, raised_by=UserFactory(), reasons="评审不公。",
                                 status=Objection.Status.ESCALATED, raised_at=now, escalated_at=now,
                                 escalation_reasons="答复不满意。")
        made["titles"].append(job.title)
        # A job whose bidders quote identical prices (a collusion sign).
        collusion = closed_job(item, title=f"串标项目{next(_numbers)}", **owner_fields)
        valid_bids(collusion, ["60000", "60000", "73500"])
        made.setdefault("collusion", []).append(collusion.title)
        # An agency offering the item, registered long ago and never bidding (a zombie listing),
        # with a certificate to verify, one about to expire and one expired.
        agency = separate_agency(name=f"僵尸咨询有限公司{next(_numbers)}", **agency_fields)
        Organisation.objects.filter(pk=agency.pk).update(created_at=now - datetime.timedelta(days=500))
        AgencyServiceFactory(agency=agency, item=item)
        made["agencies"].append(agency)
        CertificateFactory(agency=agency)
        CertificateFactory(agency=agency, issued_on=today - datetime.timedelta(days=700), verified_at=now,
                           valid_until=today + datetime.timedelta(days=10))
        CertificateFactory(agency=agency, issued_on=today - datetime.timedelta(days=700), verified_at=now,
                           valid_until=today - datetime.timedelta(days=1))
        # A colleague's blacklist proposal (waits for this regulator), the regulator's own (does
        # not), and a pending repair of an entry in force.
        # (One entry per agency: the others are about agencies offering the item, registered now.)
        BlacklistEntryFactory(agency=agency, proposed_by=department.colleague.user)
        own, repaired = (separate_agency(**agency_fields) for _n in range(2))
        for other in (own, repaired):
            AgencyServiceFactory(agency=other, item=item)
        made.setdefault("repaired", []).append(repaired)
        BlacklistEntryFactory(agency=own, proposed_by=department.user)
        entry = BlacklistEntryFactory(agency=repaired, proposed_by=department.colleague.user,
                                      status=BlacklistEntry.Status.APPROVED, decided_by=department.user,
                                      decided_at=now, starts_at=now, ends_at=now + datetime.timedelta(days=365))
        CreditRepair.objects.create(entry=entry, applied_by=UserFactory(), applied_at=now, rectification="已整改。")
        # An open review appeal about a contract of the item.
        contract = open_contract(job__item=item, **({"job__owner__region": owner_region} if owner_region else {}))
        ReviewAppealFactory(review=ReviewFactory(contract=contract))
    return made


def queue_counts(client, user):
    client.force_login(user)
    response = client.get("/regulator/")
    assert response.status_code == 200
    return {row.queue.key: (row.count, row.urgent) for row in response.context["queues"]}


@pytest.fixture
def departments(db):
    return Department("生态环境局"), Department("水利局")


def test_counts_are_scoped_by_the_department(client, departments):
    env, water = departments
    scene(env, 2)
    scene(water, 1)
    for department, n in ((env, 2), (water, 1)):
        counts = queue_counts(client, department.user)
        assert counts["objections_escalated"] == (n, None)
        assert counts["flags_collusion"][0] == n
        assert counts["zombie_listings"] == (n, None)
        assert counts["blacklist_waiting"] == (n, None)  # the regulator's own proposals left out
        assert counts["repairs_pending"] == (n, None)
        assert counts["appeals_open"] == (n, None)
        assert counts["certificates_verify"] == (n, None)
        assert counts["certificates_expiring"] == (2 * n, n)  # urgent: already expired


def test_a_colleague_of_the_same_department_sees_the_same_queues(client, departments):
    env, _water = departments
    scene(env, 1)
    mine, colleagues = queue_counts(client, env.user), queue_counts(client, env.colleague.user)
    assert {key: value for key, value in mine.items() if key != "blacklist_waiting"} == \
        {key: value for key, value in colleagues.items() if key != "blacklist_waiting"}


def test_work_outside_the_department_region_is_not_counted(client, departments):
    env, _water = departments
    elsewhere = RegionFactory(code="510700", name="绵阳市", full_name="四川省绵阳市")
    scene(env, 1, owner_region=elsewhere)
    counts = queue_counts(client, env.user)
    assert all(count == 0 for count, _urgent in counts.values()), counts


def test_a_platform_operator_sees_every_category_of_its_region(client, departments):
    env, water = departments
    scene(env, 1)
    scene(water, 2)
    operator = Department("德阳市政务服务和大数据局", operator=True)
    counts = queue_counts(client, operator.user)
    assert counts["objections_escalated"] == (3, None)
    assert counts["appeals_open"] == (3, None)
    assert counts["certificates_verify"] == (3, None)


def test_each_queue_links_to_its_page(client, departments):
    env, _water = departments
    client.force_login(env.user)
    html = client.get("/regulator/").content.decode()
    for path in ("/regulator/jobs/complaints/?status=escalated", "/regulator/jobs/flags/?kind=collusion",
                 "/regulator/jobs/flags/?kind=other", "/regulator/jobs/flags/zombies/", "/regulator/credit/blacklist/",
                 "/regulator/credit/repairs/", "/regulator/credit/appeals/", "/regulator/providers/certificates/",
                 "/regulator/providers/certificates/?show=expiring"):
        assert f'href="{path}"' in html, path


@pytest.mark.parametrize("role", ["anonymous", "plain user", "agency member", "inactive regulator"])
def test_everyone_but_an_active_regulator_is_refused(client, departments, role):
    env, _water = departments
    made = scene(env, 1)
    user = {
        "anonymous": lambda: None,
        "plain user": UserFactory,
        "agency member": lambda: MembershipFactory(organisation=made["agencies"][0]).user,
        "inactive regulator": lambda: RegulatorFactory(is_active=False).user,
    }[role]()
    if user is not None:
        client.force_login(user)
    for path in ("/regulator/", *QUEUE_PAGES):
        response = client.get(path)
        if user is None:
            assert response.status_code == 403 or response["Location"].startswith("/accounts/login/"), path
        else:
            assert response.status_code == 403, path


def test_queue_pages_show_only_what_the_department_supervises(client, departments):
    env, water = departments
    env_made, water_made = scene(env, 1), scene(water, 1)
    for department, mine, theirs in ((env, env_made, water_made), (water, water_made, env_made)):
        client.force_login(department.user)
        pages = {path: client.get(path).content.decode() for path in QUEUE_PAGES}
        assert mine["titles"][0] in pages["/regulator/jobs/complaints/"]
        assert theirs["titles"][0] not in pages["/regulator/jobs/complaints/"]
        assert mine["collusion"][0] in pages["/regulator/jobs/flags/"]
        assert theirs["collusion"][0] not in pages["/regulator/jobs/flags/"]
        for path in ("/regulator/jobs/flags/zombies/", "/regulator/providers/certificates/"):
            assert mine["agencies"][0].name in pages[path], path
            assert theirs["agencies"][0].name not in pages[path], path
        assert mine["repaired"][0].name in pages["/regulator/credit/repairs/"]
        assert theirs["repaired"][0].name not in pages["/regulator/credit/repairs/"]
        blacklist = pages["/regulator/credit/blacklist/"]
        assert blacklist.count(mine["agencies"][0].name) >= 1


def test_a_job_flag_page_outside_the_scope_is_refused(client, departments):
    env, water = departments
    made = scene(water, 1)
    job = Job.objects.get(title=made["collusion"][0])
    client.force_login(env.user)
    assert client.get(f"/regulator/jobs/flags/{job.pk}/").status_code == 403
    client.force_login(water.user)
    assert client.get(f"/regulator/jobs/flags/{job.pk}/").status_code == 200


def test_the_queue_pages_filters(client, departments):
    env, _water = departments
    made = scene(env, 2)
    client.force_login(env.user)
    decided = Objection.objects.get(job__title=made["titles"][1])
    decided.status, decided.decided_at = Objection.Status.REJECTED, timezone.now()
    decided.save()

    escalated = client.get("/regulator/jobs/complaints/?status=escalated").content.decode()
    assert made["titles"][0] in escalated and made["titles"][1] not in escalated
    done = client.get("/regulator/jobs/complaints/?status=decided").content.decode()
    assert made["titles"][1] in done and made["titles"][0] not in done
    assert made["titles"][0] not in client.get("/regulator/jobs/complaints/?q=无此项目").content.decode()

    collusion = client.get("/regulator/jobs/flags/?kind=collusion").content.decode()
    other = client.get("/regulator/jobs/flags/?kind=other").content.decode()
    assert made["collusion"][0] in collusion and made["titles"][0] not in collusion
    assert made["titles"][0] in other and made["collusion"][0] not in other

    first, second = made["agencies"]
    zombies = client.get("/regulator/jobs/flags/zombies/", {"q": first.name}).content.decode()
    assert first.name in zombies and second.name not in zombies

    for show, expected in (("verify", 2), ("expiring", 4), ("expired", 2)):
        response = client.get("/regulator/providers/certificates/", {"show": show})
        assert response.status_code == 200 and response.context["page"].paginator.count == expected, show
    named = client.get("/regulator/providers/certificates/", {"q": first.name})
    assert named.context["page"].paginator.count == 1
    assert client.get("/regulator/providers/certificates/", {"show": "<script>"}).status_code == 400


def test_flag_counts_agree_with_the_flags_page(departments):
    env, _water = departments
    scene(env, 1)
    item = env.item
    # A winning price at the ceiling, and one agency winning three times from one owner.
    favourite = separate_agency()
    first = closed_job(item, ceiling_price=Decimal("80000"))
    for job in (first, closed_job(item, owner=first.owner), closed_job(item, owner=first.owner)):
        bid = BidFactory(job=job, agency=favourite, price=Decimal("80000"), status=Bid.Status.VALID, ip="10.8.0.1")
        valid_bids(job, ["61000"])
        job.winner, job.status, job.selected_at = bid, Job.Status.AWARDED, timezone.now()
        job.save()
    # A bidder whose legal representative is that of a suspended agency.
    barred_like = closed_job(item)
    valid_bids(barred_like, ["50000", "61000"])
    separate_agency(legal_representative=barred_like.bids.first().agency.legal_representative,
                    standing=Standing.SUSPENDED)
    scope = scope_of(env.regulator)
    expected = {job.pk: {flag.kind for flag in flags} for job, flags in flag_jobs(
        since=timezone.now() - datetime.timedelta(days=bidding_queues.FLAG_WINDOW_DAYS), scope=scope)}
    assert bidding_queues.flag_kinds(scope) == expected
    kinds = set().union(*expected.values())
    assert {"same_price", "single_bidder", "ceiling_win", "repeat_winner", "barred_representative"} <= kinds
    assert bidding_queues.count_collusion(scope) == sum(1 for k in expected.values() if k & set(COLLUSION))


def test_the_home_runs_the_same_number_of_queries_whatever_the_data(client, departments):
    env, _water = departments
    client.force_login(env.user)
    scene(env, 1)
    client.get("/regulator/")
    with CaptureQueriesContext(connection) as few:
        client.get("/regulator/")
    scene(env, 4)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/regulator/")
    assert response.context["queues"][0].count > 1
    assert len(many) == len(few)
    queues = response.context["queues"]
    # The frame, the session, the regulator, its scope and the catalogue figures, then at most
    # one query per count (and per urgent count) of each queue.
    per_queue = sum(1 + (row.urgent is not None) for row in queues)
    assert len(many) <= per_queue + 20, [query["sql"][:80] for query in many.captured_queries]
