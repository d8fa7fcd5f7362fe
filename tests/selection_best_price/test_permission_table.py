"""Who may open the pages and press the buttons of 均价比选 and 信用择优抽取 — as one table, in
the style of tests/bidding_permissions/test_permission_table.py.

Roles, in the order of ROLES: anonymous; owner (a member of the job's owner); bidder (a member of
an agency whose bid is on the job); other_agency (a member of an agency offering the item that
did not bid); regulator (an active regulator supervising the item's category).

States: bp_published / cd_published (before the close: the bid is sealed); bp_closed /
cd_closed (after the close, the public beacon value fixed, awaiting selection); cd_drawn (the
short list drawn, awaiting the owner's pick); bp_publicity / cd_publicity (selected).

A POST changes nothing unless its line is in ACTS (no audit entry, no status, rank, short list
or draw changed); while the bid is sealed no page shows anyone but the bidder its price or name.
"""
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from bidding.models import Bid, Draw, Job
from bidding.services.best_price import select_best_price
from bidding.services.credit_draw import select_shortlisted, shortlist_draw
from tests.factories import (
    AgencyFactory,
    AgencyServiceFactory,
    BidFactory,
    DrawBeaconFactory,
    JobFactory,
    MembershipFactory,
    OwnerFactory,
    RegulatorFactory,
    ServiceItemFactory,
)
from tests.permission_tables import assert_lines_of, cases

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "owner", "bidder", "other_agency", "regulator")
PRICE = Decimal("61234")
BIDDER_NAME = "德阳均价测试咨询有限公司"

# page, method, state:                                   anonymous owner bidder other_agency regulator
TABLE = [
    # The owner's selection page shows the method's part
    ("selection", "GET", "bp_closed",                     302, 200, 404, 404, 404),
    ("selection", "GET", "bp_publicity",                  302, 200, 404, 404, 404),
    ("selection", "GET", "cd_closed",                     302, 200, 404, 404, 404),
    ("selection", "GET", "cd_drawn",                      302, 200, 404, 404, 404),
    ("selection", "GET", "cd_publicity",                  302, 200, 404, 404, 404),
    # 均价比选: draw K and select
    ("selection_best_price", "GET", "bp_closed",          302, 405, 405, 405, 405),
    ("selection_best_price", "POST", "bp_published",      302, 302, 404, 404, 404),
    ("selection_best_price", "POST", "bp_closed",         302, 302, 404, 404, 404),
    ("selection_best_price", "POST", "bp_publicity",      302, 302, 404, 404, 404),
    ("selection_best_price", "POST", "cd_closed",         302, 302, 404, 404, 404),
    # 信用择优抽取: draw the short list, then pick from it
    ("selection_shortlist_draw", "POST", "cd_published",  302, 302, 404, 404, 404),
    ("selection_shortlist_draw", "POST", "cd_closed",     302, 302, 404, 404, 404),
    ("selection_shortlist_draw", "POST", "cd_drawn",      302, 302, 404, 404, 404),
    ("selection_shortlist_draw", "POST", "bp_closed",     302, 302, 404, 404, 404),
    ("selection_shortlist_select", "GET", "cd_drawn",     302, 405, 405, 405, 405),
    ("selection_shortlist_select", "POST", "cd_closed",   302, 302, 404, 404, 404),
    ("selection_shortlist_select", "POST", "cd_drawn",    302, 302, 404, 404, 404),
    ("selection_shortlist_select", "POST", "cd_publicity", 302, 400, 404, 404, 404),
    ("selection_shortlist_blank", "POST", "cd_drawn",     302, 400, 404, 404, 404),
    # The regulators' beacon entry page: these methods always draw
    ("beacon", "GET", "bp_closed",                        302, 403, 403, 403, 200),
    ("beacon", "GET", "cd_closed",                        302, 403, 403, 403, 200),
    # The public notices and draw proofs
    ("notice", "GET", "bp_published",                     200, 200, 200, 200, 200),
    ("notice", "GET", "bp_publicity",                     200, 200, 200, 200, 200),
    ("notice", "GET", "cd_published",                     200, 200, 200, 200, 200),
    ("notice", "GET", "cd_drawn",                         200, 200, 200, 200, 200),
    ("notice", "GET", "cd_publicity",                     200, 200, 200, 200, 200),
    ("notice_draw", "GET", "bp_publicity",                200, 200, 200, 200, 200),
    ("notice_draw", "GET", "cd_publicity",                200, 200, 200, 200, 200),
]

# The only (page, method, state, role) lines whose POST may change something.
ACTS = {
    ("selection_best_price", "POST", "bp_closed", "owner"),
    ("selection_shortlist_draw", "POST", "cd_closed", "owner"),
    ("selection_shortlist_select", "POST", "cd_drawn", "owner"),
}


class Scene:
    """An owner, the bidding agency (with four or five other bidders), another agency, a
    regulator and one job of the method in `state`."""

    def __init__(self, state, *, public_site=False):
        if public_site:
            from core.demo.site import ensure_page_tree

            ensure_page_tree()
        self.state = state
        self.item = ServiceItemFactory()
        self.owner = OwnerFactory()
        self.bidding_agency = AgencyFactory(name=BIDDER_NAME)
        self.other_agency = AgencyFactory()
        AgencyServiceFactory(agency=self.bidding_agency, item=self.item)
        AgencyServiceFactory(agency=self.other_agency, item=self.item)
        self.users = {
            "anonymous": None,
            "owner": MembershipFactory(organisation=self.owner).user,
            "bidder": MembershipFactory(organisation=self.bidding_agency).user,
            "other_agency": MembershipFactory(organisation=self.other_agency).user,
            "regulator": RegulatorFactory(categories=[self.item.category]).user,
        }
        method, stage = state.split("_", 1)
        self.job = self._job(Job.Method.BEST_PRICE if method == "bp" else Job.Method.CREDIT_DRAW, stage)
        self.job.refresh_from_db()

    def _job(self, method, stage):
        now = timezone.now()
        closed = stage != "published"
        job = JobFactory(owner=self.owner, item=self.item, selection_method=method,
                         status=Job.Status.CLOSED if closed else Job.Status.PUBLISHED,
                         published_at=now - datetime.timedelta(days=8),
                         closes_at=now + datetime.timedelta(days=5) if not closed else now - datetime.timedelta(days=1),
                         closed_at=now - datetime.timedelta(days=1) if closed else None)
        status = Bid.Status.VALID if closed else Bid.Status.LIVE
        self.bid = BidFactory(job=job, agency=self.bidding_agency, price=PRICE, status=status,
                              submitted_by=self.users["bidder"], credit_at_close=Decimal(95) if closed else None)
        for index, price in enumerate((55000, 58000, 70000, 72000)):
            BidFactory(job=job, price=price, status=status, credit_at_close=Decimal(90 - index) if closed else None)
        if not closed:
            return job
        DrawBeaconFactory(job=job)
        owner = self.users["owner"]
        if method == Job.Method.BEST_PRICE and stage == "publicity":
            select_best_price(actor=owner, job=job)
        if method == Job.Method.CREDIT_DRAW and stage in ("drawn", "publicity"):
            shortlist_draw(actor=owner, job=job)
        if method == Job.Method.CREDIT_DRAW and stage == "publicity":
            select_shortlisted(actor=owner, job=job, bid=self.shortlisted(job).pk, reason="方案最切合本项目")
        return job

    def shortlisted(self, job=None):
        """The first short-listed bid of the job (None before the draw)."""
        return Bid.objects.filter(job=job or self.job, shortlisted=True).order_by("pk").first()


def url(scene, page):
    job = scene.job
    if page == "notice":
        return f"/notices/{job.pk}/"
    if page == "notice_draw":
        return f"/notices/{job.pk}/draw/"
    if page == "beacon":
        return reverse("bidding_regulator:beacon", args=[job.pk])
    if page == "selection_shortlist_blank":
        page = "selection_shortlist_select"
    return reverse(f"bidding:{page}", args=[job.pk])


def post_data(scene, page):
    shortlisted = scene.shortlisted()
    if page == "selection_shortlist_select":
        return {"bid": shortlisted.pk if shortlisted else "", "reason": "方案最切合本项目"}
    if page == "selection_shortlist_blank":
        return {"bid": shortlisted.pk if shortlisted else "", "reason": "  "}
    return {}


def state_of_everything():
    return {
        "audit": AuditEntry.objects.count(),
        "jobs": sorted(Job.objects.values_list("pk", "status", "winner_id")),
        "bids": sorted(Bid.objects.values_list("pk", "status", "rank", "shortlisted")),
        "draws": Draw.objects.count(),
    }


@pytest.mark.parametrize("page, method, role, state, expected", cases(TABLE, ROLES))
def test_permission_table(client, page, method, role, state, expected):
    scene = Scene(state, public_site=page.startswith("notice"))
    user = scene.users[role]
    if user is not None:
        client.force_login(user)
    before = state_of_everything()
    target = url(scene, page)
    response = client.get(target) if method == "GET" else client.post(target, post_data(scene, page))
    body = response.content.decode(errors="replace")
    assert response.status_code == expected, body[:2000]
    if expected == 302 and role == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    if method == "POST" and (page, method, state, role) not in ACTS:
        assert state_of_everything() == before
    if state.endswith("published") and role != "bidder":
        assert "61234" not in body and "61,234" not in body and BIDDER_NAME not in body


def test_every_listed_action_is_a_line_of_the_table():
    assert_lines_of(ACTS, TABLE)


@pytest.mark.parametrize("page, method, state, role", sorted(ACTS))
def test_the_permitted_actions_do_act(client, page, method, state, role):
    scene = Scene(state)
    client.force_login(scene.users[role])
    before = state_of_everything()
    client.post(url(scene, page), post_data(scene, page))
    assert state_of_everything() != before
