"""Who may open which bidding page, and who may press which button — as one table.

Each line of TABLE is one page or action in one state of the job, with the answer expected for
each role, in the order of ROLES:

    anonymous     a visitor who has not logged in
    owner         a member of the job's owner organisation
    bidder        a member of the agency whose bid is on the job ("the bid")
    other_agency  a member of another agency that offers the same service item
    regulator     an active regulator (TOTP set up) supervising the item's category

States: draft; published (before the close: the bid is sealed); due (the window has passed but
the close has not been applied: the bids are still sealed); closed (after the close, before
selection); publicity (drawn; the bidder has an open objection, a third bidder's objection has
been escalated to the regulators). Every job has one attachment, public once it is published.

Two further rules are checked on every line:
- sealed: while the bid is sealed (draft, published, due), no page answers anyone but the bidder
  with the bid's price, its receipt number, or the bidder's name;
- a POST changes nothing unless its line is listed in ACTS: no audit entry, no status moved,
  no row added (jobs, bids, objections, integrity patterns), no notice marked read.
"""
import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from bidding.models import Bid, DrawBeacon, IntegrityPattern, Job, JobAttachment, Objection
from bidding.services.objections import objection_answer, objection_escalate, objection_raise
from bidding.services.selection import draw_run
from core.models import Notice
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
PRICE_TEXTS = ("61234", "61,234")
BIDDER_NAME = "德阳密封测试咨询有限公司"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# A pattern a regulator adds (or rewrites another into); its example is what it must catch.
PATTERN = {"kind": "industry", "syntax": "phrase", "pattern": "示范单位/标杆单位",
           "explanation": "以荣誉称号限定参与机构，是行业性执业限制。", "example": "须为党建示范单位"}

# page, method, state:                       anonymous  owner  bidder  other_agency  regulator
TABLE = [
    # The owner's announcements
    ("owner_jobs", "GET", "published",                302, 200, 403, 403, 403),
    ("owner_job_new", "GET", "published",             302, 200, 403, 403, 403),
    ("owner_job_new", "POST", "published",            302, 302, 403, 403, 403),
    ("owner_job", "GET", "draft",                     302, 200, 404, 404, 404),
    ("owner_job", "GET", "published",                 302, 200, 404, 404, 404),
    ("owner_job", "GET", "closed",                    302, 200, 404, 404, 404),
    ("owner_job", "GET", "publicity",                 302, 200, 404, 404, 404),
    ("owner_job_edit", "GET", "draft",                302, 200, 404, 404, 404),
    ("owner_job_edit", "POST", "draft",               302, 302, 404, 404, 404),
    ("owner_job_edit", "GET", "published",            302, 302, 404, 404, 404),
    ("owner_job_publish", "POST", "draft",            302, 302, 404, 404, 404),
    ("owner_job_publish", "POST", "published",        302, 200, 404, 404, 404),
    ("owner_job_cancel", "POST", "published",         302, 302, 404, 404, 404),
    ("owner_job_cancel", "POST", "publicity",         302, 302, 404, 404, 404),
    ("owner_job_reannounce", "POST", "published",     302, 302, 404, 404, 404),
    # The owner's selection page and its actions
    ("selection", "GET", "published",                 302, 200, 404, 404, 404),
    ("selection", "GET", "closed",                    302, 200, 404, 404, 404),
    ("selection", "GET", "publicity",                 302, 200, 404, 404, 404),
    ("selection", "GET", "due",                       302, 200, 404, 404, 404),
    # "判定报名并开始选取": the owner applies the close once the window has passed
    ("selection_close", "POST", "published",          302, 302, 404, 404, 404),
    ("selection_close", "POST", "due",                302, 302, 404, 404, 404),
    ("selection_close", "POST", "closed",             302, 302, 404, 404, 404),
    ("selection_draw", "POST", "published",           302, 302, 404, 404, 404),
    ("selection_draw", "POST", "closed",              302, 302, 404, 404, 404),
    ("selection_draw", "POST", "publicity",           302, 302, 404, 404, 404),
    ("selection_direct", "POST", "closed",            302, 400, 404, 404, 404),
    # (the closed job's public beacon value is fixed already: asking again changes nothing)
    ("selection_beacon_request", "POST", "closed",    302, 302, 404, 404, 404),
    # The agencies' pages
    ("opportunities", "GET", "published",             302, 403, 200, 200, 403),
    ("bid_form", "GET", "draft",                      302, 403, 404, 404, 403),
    ("bid_form", "GET", "published",                  302, 403, 200, 200, 403),
    ("bid_form", "GET", "closed",                     302, 403, 302, 200, 403),
    ("bid_form", "POST", "published",                 302, 403, 302, 302, 403),
    ("bid_form", "POST", "closed",                    302, 403, 302, 200, 403),
    ("bid_receipt", "GET", "published",               302, 404, 200, 404, 404),
    ("bid_receipt", "GET", "closed",                  302, 404, 200, 404, 404),
    ("bid_receipt", "GET", "publicity",               302, 404, 200, 404, 404),
    ("bid_withdraw", "POST", "published",             302, 404, 302, 404, 404),
    ("bid_withdraw", "POST", "closed",                302, 404, 302, 404, 404),
    ("my_bids", "GET", "published",                   302, 403, 200, 200, 403),
    # ... without ?org: the user's only agency (a member of several is asked which)
    ("opportunities_any", "GET", "published",         302, 403, 200, 200, 403),
    ("my_bids_any", "GET", "published",               302, 403, 200, 200, 403),
    ("bid_form", "GET", "due",                        302, 403, 302, 200, 403),
    ("bid_receipt", "GET", "due",                     302, 404, 200, 404, 404),
    # Objections (workspace side)
    ("objection_new", "GET", "publicity",             302, 403, 200, 403, 403),
    ("objection_new", "POST", "closed",               302, 403, 400, 403, 403),
    ("objection_new", "POST", "publicity",            302, 403, 400, 403, 403),
    ("objection", "GET", "publicity",                 302, 200, 200, 403, 403),
    ("objection_answer", "POST", "publicity",         302, 302, 400, 403, 403),
    ("objection_escalate", "POST", "publicity",       302, 400, 400, 403, 403),
    # Regulators: complaints and flags
    ("complaints", "GET", "publicity",                302, 403, 403, 403, 200),
    ("complaint", "GET", "publicity",                 302, 403, 403, 403, 200),
    ("complaint", "POST", "publicity",                302, 403, 403, 403, 302),
    ("flags", "GET", "published",                     403, 403, 403, 403, 200),
    ("flags_zombies", "GET", "published",             403, 403, 403, 403, 200),
    ("flags_job", "GET", "published",                 403, 403, 403, 403, 404),
    ("flags_job", "GET", "closed",                    403, 403, 403, 403, 200),
    # Regulators: the public beacon value of draws (any active regulator; entering a fixed one is refused)
    ("beacons", "GET", "closed",                      302, 403, 403, 403, 200),
    ("beacon", "GET", "published",                    302, 403, 403, 403, 404),
    ("beacon", "GET", "closed",                       302, 403, 403, 403, 200),
    ("beacon", "POST", "closed",                      302, 403, 403, 403, 302),
    ("beacon", "GET", "due",                          302, 403, 403, 403, 404),
    # Regulators: the integrity patterns (restrictive-clause rules)
    ("patterns", "GET", "published",                  302, 403, 403, 403, 200),
    ("pattern_create", "GET", "published",            302, 403, 403, 403, 200),
    ("pattern_create", "POST", "published",           302, 403, 403, 403, 302),
    ("pattern_edit", "GET", "published",              302, 403, 403, 403, 200),
    ("pattern_edit", "POST", "published",             302, 403, 403, 403, 302),
    ("pattern_active", "GET", "published",            302, 403, 403, 403, 200),
    ("pattern_active", "POST", "published",           302, 403, 403, 403, 302),
    ("pattern_history", "GET", "published",           302, 403, 403, 403, 200),
    # The public notices
    ("notices", "GET", "published",                   200, 200, 200, 200, 200),
    ("notice", "GET", "draft",                        404, 404, 404, 404, 404),
    ("notice", "GET", "published",                    200, 200, 200, 200, 200),
    ("notice", "GET", "publicity",                    200, 200, 200, 200, 200),
    ("notice_draw", "GET", "published",               200, 200, 200, 200, 200),
    ("notice_draw", "GET", "publicity",               200, 200, 200, 200, 200),
    ("notice", "GET", "due",                          200, 200, 200, 200, 200),
    # The announcement's attachments: public once published; a draft's is not even known
    ("job_attachment", "GET", "draft",                404, 404, 404, 404, 404),
    ("job_attachment", "GET", "published",            200, 200, 200, 200, 200),
    ("job_attachment", "GET", "publicity",            200, 200, 200, 200, 200),
    ("job_attachment", "POST", "published",           405, 405, 405, 405, 405),
    # The inbox: everyone's own; someone else's notice is not found
    ("inbox", "GET", "publicity",                     302, 200, 200, 200, 200),
    ("inbox_read", "POST", "publicity",               302, 302, 404, 404, 404),
]

# The only (page, method, state, role) lines whose POST may change something.
ACTS = {
    ("owner_job_new", "POST", "published", "owner"),         # a new draft
    ("owner_job_edit", "POST", "draft", "owner"),
    ("owner_job_publish", "POST", "draft", "owner"),
    ("owner_job_cancel", "POST", "published", "owner"),
    ("owner_job_cancel", "POST", "publicity", "owner"),
    ("selection_draw", "POST", "closed", "owner"),
    ("selection_close", "POST", "due", "owner"),             # the bids judged at once
    ("bid_form", "POST", "published", "bidder"),             # changes its own bid
    ("bid_form", "POST", "published", "other_agency"),       # a second agency bids
    ("bid_withdraw", "POST", "published", "bidder"),
    ("objection_answer", "POST", "publicity", "owner"),
    ("complaint", "POST", "publicity", "regulator"),
    ("pattern_create", "POST", "published", "regulator"),
    ("pattern_edit", "POST", "published", "regulator"),
    ("pattern_active", "POST", "published", "regulator"),
    ("inbox_read", "POST", "publicity", "owner"),           # the owner's own notice
}


# --- the scene: one per state -----------------------------------------------------------------

class Scene:
    """An owner, the bidding agency, another agency, a regulator and one job in `state`."""

    def __init__(self, state, *, public_site=False):
        if public_site:  # the Wagtail page tree is the slowest part: built only for /notices/
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
        self.job = getattr(self, f"_{state}")()
        self.job.refresh_from_db()

    def _draft(self):
        return JobFactory(owner=self.owner, item=self.item, status=Job.Status.DRAFT, published_at=None,
                          closes_at=timezone.now() + datetime.timedelta(days=10), draw_seed="", draw_commitment="")

    def _published(self):
        job = JobFactory(owner=self.owner, item=self.item, closes_at=timezone.now() + datetime.timedelta(days=5))
        self.bid = BidFactory(job=job, agency=self.bidding_agency, price=PRICE, submitted_by=self.users["bidder"])
        return job

    def _due(self):
        """Published, the window passed a minute ago; nothing has applied the close yet."""
        now = timezone.now()
        job = JobFactory(owner=self.owner, item=self.item, published_at=now - datetime.timedelta(days=8),
                         closes_at=now - datetime.timedelta(minutes=1))
        self.bid = BidFactory(job=job, agency=self.bidding_agency, price=PRICE, submitted_by=self.users["bidder"])
        self.third = [BidFactory(job=job, price=price) for price in (55000, 70000)]
        return job

    def _closed(self):
        now = timezone.now()
        job = JobFactory(owner=self.owner, item=self.item, status=Job.Status.CLOSED,
                         published_at=now - datetime.timedelta(days=8), closes_at=now - datetime.timedelta(days=1),
                         closed_at=now - datetime.timedelta(days=1))
        self.bid = BidFactory(job=job, agency=self.bidding_agency, price=PRICE, status=Bid.Status.VALID,
                              submitted_by=self.users["bidder"])
        self.third = [BidFactory(job=job, price=price, status=Bid.Status.VALID) for price in (55000, 70000)]
        self.beacon = DrawBeaconFactory(job=job)  # two regulators fixed the public beacon value
        return job

    def _publicity(self):
        job = self._closed()
        owner = self.users["owner"]
        draw_run(actor=owner, job=job)
        self.objection = objection_raise(actor=self.users["bidder"], job=job, bid=self.bid,
                                         reasons="中选机构证书已过期")
        third = self.third[0]
        third_member = MembershipFactory(organisation=third.agency).user
        self.complaint = objection_raise(actor=third_member, job=job, bid=third, reasons="报价计算有误")
        objection_answer(actor=owner, objection=self.complaint, answer="报价无误")
        objection_escalate(actor=third_member, objection=self.complaint, reasons="答复不实")
        self.owner_notice = Notice.objects.filter(user=owner, read_at__isnull=True).first()
        return job

    def attachment(self):
        return JobAttachment.objects.create(job=self.job, name="招标文件.pdf", file=ContentFile(PDF, name="tender.pdf"))

    def pattern(self):
        return IntegrityPattern.objects.filter(is_active=True).order_by("pk").first()

    def org_for(self, role):
        """The organisation a role names in ?org= (regulators and visitors try the bidder's)."""
        return {"owner": self.owner, "other_agency": self.other_agency}.get(role, self.bidding_agency).pk


def url(scene, page, role):
    job = scene.job
    org = scene.org_for(role)
    workspace = {
        "owner_jobs": lambda: reverse("bidding:owner_jobs"),
        "owner_job_new": lambda: reverse("bidding:owner_job_new") + f"?org={scene.owner.pk}",
        "opportunities": lambda: reverse("bidding:opportunities") + f"?org={org}&all=1",
        "bid_form": lambda: reverse("bidding:bid_form", args=[job.pk]) + f"?org={org}",
        "my_bids": lambda: reverse("bidding:my_bids") + f"?org={org}",
        "opportunities_any": lambda: reverse("bidding:opportunities"),
        "my_bids_any": lambda: reverse("bidding:my_bids"),
        "job_attachment": lambda: reverse("bidding_files:job_attachment", args=[job.pk, scene.attachment().pk]),
        "patterns": lambda: reverse("bidding_regulator:patterns"),
        "pattern_create": lambda: reverse("bidding_regulator:pattern_create"),
        "pattern_edit": lambda: reverse("bidding_regulator:pattern_edit", args=[scene.pattern().pk]),
        "pattern_active": lambda: reverse("bidding_regulator:pattern_active", args=[scene.pattern().pk]),
        "pattern_history": lambda: reverse("bidding_regulator:pattern_history", args=[scene.pattern().pk]),
        "bid_receipt": lambda: reverse("bidding:bid_receipt", args=[scene.bid.pk]),
        "bid_withdraw": lambda: reverse("bidding:bid_withdraw", args=[scene.bid.pk]),
        "objection_new": lambda: reverse("bidding:objection_new", args=[job.pk]) + f"?bid={scene.bid.pk}",
        "objection": lambda: reverse("bidding:objection", args=[scene.objection.pk]),
        "objection_answer": lambda: reverse("bidding:objection_answer", args=[scene.objection.pk]),
        "objection_escalate": lambda: reverse("bidding:objection_escalate", args=[scene.objection.pk]),
        "inbox": lambda: reverse("core:inbox"),
        "inbox_read": lambda: reverse("core:inbox_read", args=[scene.owner_notice.pk]),
        "complaints": lambda: reverse("bidding_regulator:complaints"),
        "complaint": lambda: reverse("bidding_regulator:complaint", args=[scene.complaint.pk]),
        "flags": lambda: reverse("bidding_regulator:flags"),
        "flags_zombies": lambda: reverse("bidding_regulator:flags_zombies"),
        "flags_job": lambda: reverse("bidding_regulator:flags_job", args=[job.pk]),
        "beacons": lambda: reverse("bidding_regulator:beacons"),
        "beacon": lambda: reverse("bidding_regulator:beacon", args=[job.pk]),
        "notices": lambda: "/notices/",
        "notice": lambda: f"/notices/{job.pk}/",
        "notice_draw": lambda: f"/notices/{job.pk}/draw/",
    }
    if page in workspace:
        return workspace[page]()
    if page.startswith("selection_"):
        return reverse(f"bidding:{page}", args=[job.pk])
    return reverse(f"bidding:{page}", args=[job.pk])  # owner_job*, selection


def job_form(scene):
    closes = timezone.localtime(timezone.now() + datetime.timedelta(days=14))
    return {
        "title": "旌阳区某道路改建工程环境影响评价", "project_code": "", "item": scene.item.pk,
        "budget": "80000", "ceiling_price": "80000", "fee_quantity": "", "selection_method": "random",
        "price_mode": "amount", "closes_on": closes.date().isoformat(), "closes_time": "17:00",
        "service_days": "20", "description": "编制环境影响报告表。", "requirements": "",
        "avoid-TOTAL_FORMS": "0", "avoid-INITIAL_FORMS": "0", "avoid-MIN_NUM_FORMS": "0",
        "avoid-MAX_NUM_FORMS": "20",
    }


def post_data(scene, page):
    return {
        "owner_job_new": lambda: job_form(scene),
        "owner_job_edit": lambda: job_form(scene),
        "owner_job_cancel": lambda: {"reason": "项目已取消立项"},
        "selection_direct": lambda: {"bid": scene.bid.pk, "reason": "唯一熟悉该项目的机构"},
        "bid_form": lambda: {"org": scene.bidding_agency.pk, "price": "50000", "promised_days": "10",
                             "plan": "现场踏勘后编制报告表。"},
        "objection_new": lambda: {"reasons": "中选机构证书已过期"},
        "objection_answer": lambda: {"answer": "证书在有效期内"},
        "objection_escalate": lambda: {"reasons": "答复不实"},
        "complaint": lambda: {"upheld": "no", "decision": "经核查，报价计算无误。"},
        "beacon": lambda: {"action": "enter", "reference": "福彩3D 第2026318期开奖号码", "value": "5 2 8"},
        "pattern_create": lambda: {**PATTERN, "reason": "新发现的设限方式"},
        "pattern_edit": lambda: {**PATTERN, "reason": "改写"},
        "pattern_active": lambda: {"reason": "暂停使用"},
    }.get(page, dict)()


def state_of_everything():
    """What a refused POST must leave as it was."""
    return {
        "audit": AuditEntry.objects.count(),
        "jobs": sorted(Job.objects.values_list("pk", "status")),
        "bids": sorted(Bid.objects.values_list("pk", "status", "price")),
        "objections": sorted(Objection.objects.values_list("pk", "status")),
        "read": Notice.objects.filter(read_at__isnull=False).count(),
        "beacons": sorted(DrawBeacon.objects.values_list("pk", "value", "fixed_at", "requested_at")),
        "patterns": sorted(IntegrityPattern.objects.values_list("pk", "pattern", "is_active")),
    }


def sealed_secrets(scene):
    if scene.state not in ("draft", "published", "due") or not hasattr(scene, "bid"):
        return []
    return [*PRICE_TEXTS, scene.bid.receipt_number, scene.bid.random_value, BIDDER_NAME]


# --- the test -----------------------------------------------------------------------------------

@pytest.mark.parametrize("page, method, role, state, expected", cases(TABLE, ROLES))
def test_permission_table(client, page, method, role, state, expected):
    scene = Scene(state, public_site=page.startswith("notice"))
    user = scene.users[role]
    if user is not None:
        client.force_login(user)
    # The other agency bids with its own org (a POST names its org in the form, as the page does).
    data = post_data(scene, page)
    if page == "bid_form":
        data["org"] = scene.org_for(role)
    before = state_of_everything()

    response = client.get(url(scene, page, role)) if method == "GET" else client.post(url(scene, page, role), data)

    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == expected, body.decode(errors="replace")[:2000]
    if expected == 302 and role == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    if method == "POST" and (page, method, state, role) not in ACTS:
        assert state_of_everything() == before
    if response.streaming and expected == 200:  # a file: downloaded, never shown inline
        assert response["Content-Disposition"].startswith("attachment")
    if role != "bidder":
        for secret in sealed_secrets(scene):
            assert secret not in body.decode(errors="replace"), secret


def test_every_listed_action_is_a_line_of_the_table():
    assert_lines_of(ACTS, TABLE)


@pytest.mark.parametrize("page, method, state, role", sorted(ACTS))
def test_the_permitted_actions_do_act(client, page, method, state, role):
    """The other side of the table: the allowed POSTs really change something (or the table's
    'nothing changed' for refused POSTs would prove little)."""
    scene = Scene(state)
    client.force_login(scene.users[role])
    data = post_data(scene, page)
    if page == "bid_form":
        data["org"] = scene.org_for(role)
    before = state_of_everything()
    client.post(url(scene, page, role), data)
    assert state_of_everything() != before


def test_the_sealed_secrets_are_what_the_bidder_itself_reads(client):
    """The table's leak check looks for the right strings: the bidder's own receipt shows them all."""
    scene = Scene("published")
    client.force_login(scene.users["bidder"])
    body = client.get(url(scene, "bid_receipt", "bidder")).content.decode()
    assert all(secret in body for secret in sealed_secrets(scene) if secret != "61,234")
