"""The pages of part D: the agency's capacity page (with its permission table), the bid form's
benchmark and capacity warning, the owner's job form's benchmark table, and the public item and
agency pages."""
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from bidding.models import Job
from marketplace.models import AgencyCapacity
from tests.factories import (
    AgencyCapacityFactory,
    AgencyFactory,
    AgencyServiceFactory,
    JobFactory,
    MembershipFactory,
    OwnerFactory,
    RegulatorFactory,
    ServiceItemFactory,
    won_job,
)

pytestmark = pytest.mark.django_db

PRICES = [65000, 40000, 88000, 52000, 70000, 61000]  # median 63,000.00, P25 54,250.00, P75 68,750.00


class Scene:
    def __init__(self):
        self.item = ServiceItemFactory(name="环境影响报告表编制")
        self.agency = AgencyFactory(name="德阳清源环境咨询有限公司")
        self.other_agency = AgencyFactory()
        self.owner = OwnerFactory()
        for agency in (self.agency, self.other_agency):
            AgencyServiceFactory(agency=agency, item=self.item)
        self.users = {
            "anonymous": None,
            "agency": MembershipFactory(organisation=self.agency).user,
            "other_agency": MembershipFactory(organisation=self.other_agency).user,
            "owner": MembershipFactory(organisation=self.owner).user,
            "regulator": RegulatorFactory(categories=[self.item.category]).user,
        }


@pytest.fixture
def scene():
    return Scene()


def _client(client, user):
    if user is not None:
        client.force_login(user)
    return client


# --- the permission table ------------------------------------------------------------------------

ROLES = ("anonymous", "agency", "other_agency", "owner", "regulator")
# page, method:          anonymous  agency  other_agency  owner  regulator    (?org= the agency's)
TABLE = [
    ("capacity", "GET", 302, 200, 403, 403, 403),
    ("capacity", "POST", 302, 302, 403, 403, 403),
    ("capacity_remove", "GET", 302, 405, 405, 405, 405),
    ("capacity_remove", "POST", 302, 302, 403, 403, 403),
]


@pytest.mark.parametrize("page,method,role,code", [
    pytest.param(page, method, role, code, id=f"{page}-{method}-{role}-{code}")
    for page, method, *codes in TABLE for role, code in zip(ROLES, codes, strict=True)])
def test_permission_table(client, scene, page, method, role, code):
    AgencyCapacityFactory(agency=scene.agency, item=scene.item, limit=3)
    url = reverse(f"bidding:{page}") + f"?org={scene.agency.pk}"
    client = _client(client, scene.users[role])
    audit_before = AuditEntry.objects.count()
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, {"item": scene.item.pk, "limit": 1})
    assert response.status_code == code
    if code == 302 and role == "anonymous":
        assert "login" in response["Location"]
    if not (method == "POST" and role == "agency"):  # refusals write nothing
        assert AuditEntry.objects.count() == audit_before
        assert AgencyCapacity.objects.get().limit == 3


# --- the capacity page ---------------------------------------------------------------------------

def test_the_agency_declares_and_sees_its_capacity_and_load(client, scene):
    won_job(item=scene.item, agency=scene.agency)
    client = _client(client, scene.users["agency"])
    url = reverse("bidding:capacity") + f"?org={scene.agency.pk}"
    page = client.get(url).content.decode()
    assert "环境影响报告表编制" in page and "未申报" in page
    response = client.post(url, {"item": scene.item.pk, "limit": "1"}, follow=True)
    page = response.content.decode()
    assert "已申报“环境影响报告表编制”的承接能力：1 个项目。" in page and "已达承接能力" in page
    assert AgencyCapacity.objects.get().limit == 1


def test_a_capacity_of_zero_with_live_jobs_is_refused_on_the_page_with_the_input_kept(client, scene):
    won_job(item=scene.item, agency=scene.agency, status=Job.Status.IN_SERVICE)
    client = _client(client, scene.users["agency"])
    audit_before = AuditEntry.objects.count()
    response = client.post(reverse("bidding:capacity") + f"?org={scene.agency.pk}",
                           {"item": scene.item.pk, "limit": "0"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "仍有 1 个正在承接的项目，不能将承接能力申报为 0" in page
    assert 'name="limit" value="0"' in page
    assert not AgencyCapacity.objects.exists() and AuditEntry.objects.count() == audit_before


@pytest.mark.parametrize("limit", ["-1", "abc", "1000", "99999999999999999999", ""])
def test_bad_numbers_are_a_message_not_an_error(client, scene, limit):
    client = _client(client, scene.users["agency"])
    response = client.post(reverse("bidding:capacity") + f"?org={scene.agency.pk}",
                           {"item": scene.item.pk, "limit": limit})
    assert response.status_code == 400 and not AgencyCapacity.objects.exists()
    assert 'class="errorlist"' in response.content.decode()


def test_an_item_the_agency_does_not_offer_is_not_a_choice(client, scene):
    client = _client(client, scene.users["agency"])
    response = client.post(reverse("bidding:capacity") + f"?org={scene.agency.pk}",
                           {"item": ServiceItemFactory().pk, "limit": "1"})
    assert response.status_code == 400 and "请选择贵机构提供的服务事项。" in response.content.decode()


def test_the_remove_button_withdraws_the_declaration(client, scene):
    AgencyCapacityFactory(agency=scene.agency, item=scene.item, limit=0)
    client = _client(client, scene.users["agency"])
    response = client.post(reverse("bidding:capacity_remove") + f"?org={scene.agency.pk}", {"item": scene.item.pk},
                           follow=True)
    assert "已取消“环境影响报告表编制”的承接能力申报。" in response.content.decode()
    assert not AgencyCapacity.objects.exists()


# --- the bid form and the job form ----------------------------------------------------------------

def test_the_bid_form_shows_the_benchmark_and_the_capacity_warning(client, scene):
    for price in PRICES:
        won_job(item=scene.item, price=price)
    job = JobFactory(item=scene.item, ceiling_price=Decimal("80000"),
                     closes_at=timezone.now() + datetime.timedelta(days=5))
    client = _client(client, scene.users["agency"])
    url = reverse("bidding:bid_form", args=[job.pk]) + f"?org={scene.agency.pk}"
    page = client.get(url).content.decode()
    assert "63000.00" in page and "54250.00" in page and "68750.00" in page and "44100.00" in page
    assert 'name="benchmark_justification"' in page
    AgencyCapacityFactory(agency=scene.agency, item=scene.item, limit=1)
    won_job(item=scene.item, agency=scene.agency, status=Job.Status.IN_SERVICE, awarded_days_ago=400)
    page = client.get(url).content.decode()
    assert "已达到承接能力，不能报名" in page and 'name="price"' not in page


def test_the_owner_job_form_shows_the_item_benchmarks(client, scene):
    for price in PRICES:
        won_job(item=scene.item, price=price)
    job = JobFactory(owner=scene.owner, item=scene.item, status=Job.Status.DRAFT, published_at=None,
                     draw_seed="", draw_commitment="")
    client = _client(client, scene.users["owner"])
    page = client.get(reverse("bidding:owner_job_edit", args=[job.pk])).content.decode()
    assert "“环境影响报告表编制”的价格基准" in page and "63000.00" in page and "样本不足" in page


# --- the public pages -----------------------------------------------------------------------------

@pytest.fixture
def site(db):
    from core.demo.site import ensure_page_tree

    return ensure_page_tree()


def test_the_item_page_shows_its_benchmarks(client, scene, site):
    for price in PRICES:
        won_job(item=scene.item, price=price)
    page = client.get(f"/catalogue/{scene.item.code}/").content.decode()
    assert "“环境影响报告表编制”的价格基准" in page
    assert "54250.00" in page and "63000.00" in page and "68750.00" in page


def test_the_agency_page_shows_capacity_and_load(client, scene, site):
    AgencyCapacityFactory(agency=scene.agency, item=scene.item, limit=2)
    won_job(item=scene.item, agency=scene.agency)
    won_job(item=scene.item, agency=scene.agency, status=Job.Status.COMPLETED)
    page = client.get(f"/agencies/{scene.agency.uscc}/").content.decode()
    assert "承接能力与在承接项目" in page and "尚可承接 1 个" in page
    AgencyCapacityFactory(agency=scene.agency, item=ServiceItemFactory(name="水土保持方案编制"), limit=0)
    page = client.get(f"/agencies/{scene.agency.uscc}/").content.decode()  # the page cache knows it changed
    assert "水土保持方案编制" in page and "已达承接能力" in page
