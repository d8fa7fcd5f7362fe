"""Who may open which quote comparison (询比) page, and who may press which button — one table,
in the style of tests/bidding_permissions/test_permission_table.py.

Roles: anonymous; owner (a member of the job's owner); bidder (a member of an invited agency
with a quote on the job); other_agency (a member of an agency offering the item, not invited);
regulator (an active regulator supervising the item's category).

States: open (published, other funds, one agency invited); fiscal (published on fiscal funds,
nothing fixed yet); listed (fiscal, the candidates' list fixed, the regulators' value not yet
entered); drawable (listed, and the value fixed by two regulators); closed (past the close,
three valid quotes, the beacon value of the close fixed).

A POST changes nothing unless its line is in ACTS: no audit entry, invitation, beacon value,
draw, score or status written.
"""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bidding.models import Bid, DrawBeacon, Job
from bidding.services.beacon import beacon_confirm, beacon_enter
from bidding.services.quote import invitation_pool_fix
from tests.factories import BidFactory, DrawBeaconFactory, JobInvitationFactory
from tests.permission_tables import assert_lines_of, cases

from .conftest import QuoteScene, everything

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "owner", "bidder", "other_agency", "regulator")
PRICE_TEXTS = ("61234", "61,234")
INVITATION = DrawBeacon.Stage.INVITATION

# page, method, state:                           anonymous  owner  bidder  other_agency  regulator
TABLE = [
    ("quote_invitations", "GET", "open",                  302, 200, 404, 404, 404),
    ("quote_invitations", "GET", "fiscal",                302, 200, 404, 404, 404),
    ("quote_invitations", "GET", "listed",                302, 200, 404, 404, 404),
    ("quote_invitations", "GET", "closed",                302, 200, 404, 404, 404),
    ("quote_invite", "POST", "open",                      302, 302, 404, 404, 404),
    ("quote_invite", "POST", "fiscal",                    302, 302, 404, 404, 404),  # refused: drawn only
    ("quote_pool_fix", "POST", "fiscal",                  302, 302, 404, 404, 404),
    ("quote_pool_fix", "POST", "open",                    302, 302, 404, 404, 404),  # refused: chosen
    ("quote_invitation_draw", "POST", "listed",           302, 302, 404, 404, 404),  # refused: waits
    ("quote_invitation_draw", "POST", "drawable",         302, 302, 404, 404, 404),
    ("selection", "GET", "closed",                        302, 200, 404, 404, 404),
    ("quote_scores", "POST", "closed",                    302, 302, 404, 404, 404),
    ("quote_scores", "POST", "open",                      302, 302, 404, 404, 404),  # refused: not closed
    ("selection_quote", "POST", "closed",                 302, 302, 404, 404, 404),
    ("selection_quote", "POST", "open",                   302, 302, 404, 404, 404),  # refused: not closed
    # The regulators' entry of the invitation draw's public value
    ("beacon_invitation", "GET", "listed",                302, 403, 403, 403, 200),
    ("beacon_invitation", "POST", "listed",               302, 403, 403, 403, 302),
    ("beacon_invitation", "GET", "open",                  302, 403, 403, 403, 404),
    ("beacons", "GET", "listed",                          302, 403, 403, 403, 200),
    # The public notice and draw proof
    ("notice_draw", "GET", "drawable",                    200, 200, 200, 200, 200),
    ("notice", "GET", "closed",                           200, 200, 200, 200, 200),
]

ACTS = {
    ("quote_invite", "POST", "open", "owner"),
    ("quote_pool_fix", "POST", "fiscal", "owner"),
    ("quote_invitation_draw", "POST", "drawable", "owner"),
    ("quote_scores", "POST", "closed", "owner"),
    ("selection_quote", "POST", "closed", "owner"),
    ("beacon_invitation", "POST", "listed", "regulator"),
}


class Scene(QuoteScene):
    def __init__(self, state, *, public_site=False):
        if public_site:
            from core.demo.site import ensure_page_tree

            ensure_page_tree()
        super().__init__()
        self.state = state
        self.bidding_agency = self.agency()
        self.other_agency = self.agency()
        self.others = self.agencies(3)
        self.users = {"anonymous": None, "owner": self.owner_user, "bidder": self.bidding_agency.member,
                      "other_agency": self.other_agency.member, "regulator": self.regulators[0]}
        self.job = getattr(self, f"_{state}")()

    def _open(self):
        job = self.open_job()
        JobInvitationFactory(job=job, agency=self.bidding_agency)
        self.bid = BidFactory(job=job, agency=self.bidding_agency, price=61234, submitted_by=self.users["bidder"])
        return job

    def _fiscal(self):
        return self.open_job(fiscal=True)

    def _listed(self):
        job = self._fiscal()
        invitation_pool_fix(actor=self.owner_user, job=job)
        return job

    def _drawable(self):
        job = self._listed()
        beacon_enter(actor=self.regulators[0], job=job, value="3 1 4", reference="福彩3D 第2026320期", stage=INVITATION)
        beacon_confirm(actor=self.regulators[1], job=job, value="3 1 4", stage=INVITATION)
        return job

    def _closed(self):
        job = self.open_job(status=Job.Status.CLOSED, closes_at=timezone.now() - datetime.timedelta(hours=2))
        DrawBeaconFactory(job=job, entered_at=job.closes_at + datetime.timedelta(minutes=20))
        self.bid = BidFactory(job=job, agency=self.bidding_agency, price=61234, status=Bid.Status.VALID,
                              submitted_by=self.users["bidder"], criteria_scores={"报价": "90", "服务方案": "90",
                                                                                  "服务时限": "90"})
        for agency, score in zip(self.others[:2], ("80", "70"), strict=True):
            JobInvitationFactory(job=job, agency=agency)
            BidFactory(job=job, agency=agency, status=Bid.Status.VALID,
                       criteria_scores={"报价": score, "服务方案": score, "服务时限": score})
        JobInvitationFactory(job=job, agency=self.bidding_agency)
        return job


def url(scene, page):
    job = scene.job
    if page == "beacon_invitation":
        return reverse("bidding_regulator:beacon_invitation", args=[job.pk])
    if page == "beacons":
        return reverse("bidding_regulator:beacons")
    if page == "notice":
        return f"/notices/{job.pk}/"
    if page == "notice_draw":
        return f"/notices/{job.pk}/draw/"
    return reverse(f"bidding:{page}", args=[job.pk])


def post_data(scene, page):
    if page == "quote_invite":
        return {"agencies": [agency.pk for agency in scene.others]}
    if page == "quote_scores":
        valid = Bid.objects.filter(job=scene.job, status=Bid.Status.VALID)
        return {f"score_{bid.pk}_{index}": "85" for bid in valid for index in range(3)}
    if page == "beacon_invitation":
        return {"action": "enter", "reference": "福彩3D 第2026321期开奖号码", "value": "5 2 8"}
    return {}


@pytest.mark.parametrize("page, method, role, state, expected", cases(TABLE, ROLES))
def test_permission_table(client, page, method, role, state, expected):
    scene = Scene(state, public_site=page.startswith("notice"))
    user = scene.users[role]
    if user is not None:
        client.force_login(user)
    before = everything()

    if method == "GET":
        response = client.get(url(scene, page))
    else:
        response = client.post(url(scene, page), post_data(scene, page))

    body = response.content.decode(errors="replace")
    assert response.status_code == expected, body[:2000]
    if expected == 302 and role == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    if method == "POST" and (page, method, state, role) not in ACTS:
        assert everything() == before
    if state == "open" and role != "bidder":  # the quote is sealed until the close
        for secret in (*PRICE_TEXTS, scene.bid.receipt_number):
            assert secret not in body


@pytest.mark.parametrize("page, method, state, role", sorted(ACTS))
def test_the_permitted_actions_do_act(client, page, method, state, role):
    scene = Scene(state)
    client.force_login(scene.users[role])
    before = everything()
    response = client.post(url(scene, page), post_data(scene, page))
    assert response.status_code == 302
    assert everything() != before


def test_every_listed_action_is_a_line_of_the_table():
    assert_lines_of(ACTS, TABLE)


def test_a_refused_form_keeps_the_input_and_says_why(client):
    """A score the rules refuse: 400, the message beside the field, the typed value kept."""
    scene = Scene("closed")
    client.force_login(scene.owner_user)
    data = post_data(scene, "quote_scores")
    data[f"score_{scene.bid.pk}_1"] = "101"
    before = everything()
    response = client.post(url(scene, "quote_scores"), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert f"“{scene.bidding_agency.name}”的“服务方案”得分须为 0～100 之间的数，最多两位小数。" in body
    assert 'value="101"' in body
    assert everything() == before


def test_a_refusal_where_the_form_is_not_offered_is_a_message(client):
    scene = Scene("fiscal")
    client.force_login(scene.owner_user)
    response = client.post(url(scene, "quote_invite"), {"agencies": [scene.others[0].pk]}, follow=True)
    assert "本项目使用财政资金，邀请机构须由可验证随机抽取产生，业主不能指定。" in response.content.decode()
