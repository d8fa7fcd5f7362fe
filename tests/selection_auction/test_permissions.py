"""Who may open which auction page and press which button — as one table (the style of
tests/bidding_permissions/test_permission_table.py).

Roles: anonymous; owner (a member of the job's owner organisation); bidder (a member of the agency
whose valid bid is in the auction, "the bid"); other_agency (a member of an agency that offers
the item but did not bid); invalid_bidder (a member of an agency whose bid was judged invalid at
the close: it takes no part, so its own bid's auction page is not found either); regulator.

The receipt links to the live page for the bid's agency only (invalid_bidder opens its own receipt,
without the link). States: closed (after the close, the auction not started); pause (started, before round 1);
turn (round 1, the bid's own box open); other_turn (round 1, another bidder's box).

A POST changes nothing unless its line is in ACTS: no audit entry, no auction, no move, no
status, no price moved.
"""
import datetime

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from bidding.models import Auction, AuctionMove, Bid, Job
from bidding.services.auction import auction_start
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

from .conftest import PARAMS, T0, at

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "owner", "bidder", "other_agency", "invalid_bidder", "regulator")

# page, method, state:                       anonymous owner bidder other invalid regulator
TABLE = [
    ("auction_start", "POST", "closed",          302, 302, 404, 404, 404, 404),
    ("auction_start", "POST", "pause",           302, 302, 404, 404, 404, 404),
    ("auction_select", "POST", "turn",           302, 302, 404, 404, 404, 404),
    ("selection", "GET", "pause",                302, 200, 404, 404, 404, 404),
    ("auction_live", "GET", "closed",            302, 404, 200, 404, 404, 404),
    ("auction_state", "GET", "closed",           302, 404, 200, 404, 404, 404),
    ("auction_move", "POST", "closed",           302, 404, 400, 404, 404, 404),
    ("bid_receipt", "GET", "closed",             302, 404, 200, 404, 200, 404),
    ("auction_live", "GET", "pause",             302, 404, 200, 404, 404, 404),
    ("auction_live", "GET", "turn",              302, 404, 200, 404, 404, 404),
    ("auction_state", "GET", "turn",             302, 404, 200, 404, 404, 404),
    ("auction_move", "GET", "turn",              302, 405, 405, 405, 405, 405),
    ("auction_move", "POST", "pause",            302, 404, 400, 404, 404, 404),
    ("auction_move", "POST", "turn",             302, 404, 302, 404, 404, 404),
    ("auction_move", "POST", "other_turn",       302, 404, 400, 404, 404, 404),
]

ACTS = {
    ("auction_start", "POST", "closed", "owner"),
    ("auction_move", "POST", "turn", "bidder"),
}


class Scene:
    def __init__(self, state):
        item = ServiceItemFactory()
        owner = OwnerFactory()
        self.job = JobFactory(owner=owner, item=item, selection_method=Job.Method.AUCTION, status=Job.Status.CLOSED,
                              method_params=dict(PARAMS), published_at=T0 - datetime.timedelta(days=8),
                              closes_at=T0 - datetime.timedelta(hours=2), closed_at=T0 - datetime.timedelta(hours=2))
        DrawBeaconFactory(job=self.job, entered_at=self.job.closes_at + datetime.timedelta(minutes=20))
        agencies = {role: AgencyFactory() for role in ("bidder", "second", "other_agency", "invalid_bidder")}
        for agency in agencies.values():
            AgencyServiceFactory(agency=agency, item=item)
        self.users = {
            "anonymous": None,
            "owner": MembershipFactory(organisation=owner).user,
            **{role: MembershipFactory(organisation=agencies[role]).user
               for role in ("bidder", "other_agency", "invalid_bidder")},
            "regulator": RegulatorFactory(categories=[item.category]).user,
        }
        # the bid at the highest price moves first in round 1
        self.bid = BidFactory(job=self.job, agency=agencies["bidder"], price=100000, status=Bid.Status.VALID,
                              submitted_by=self.users["bidder"])
        BidFactory(job=self.job, agency=agencies["second"], price=90000, status=Bid.Status.VALID)
        self.invalid = BidFactory(job=self.job, agency=agencies["invalid_bidder"], price=80000,
                                  status=Bid.Status.INVALID, invalid_reason="资质证书已过期")
        if state != "closed":
            auction_start(actor=self.users["owner"], job=self.job)
        self.now = {"closed": T0, "pause": T0, "turn": at(0, 30), "other_turn": at(2, 30)}[state]

    def own_bid(self, role):
        return self.invalid if role == "invalid_bidder" else self.bid


def url(scene, page, role):
    job, bid = scene.job, scene.own_bid(role)
    return {
        "auction_start": f"/workspace/jobs/{job.pk}/selection/auction/start/",
        "auction_select": f"/workspace/jobs/{job.pk}/selection/auction/result/",
        "selection": f"/workspace/jobs/{job.pk}/selection/",
        "auction_live": f"/workspace/bids/{bid.pk}/auction/",
        "auction_state": f"/workspace/bids/{bid.pk}/auction/state/",
        "auction_move": f"/workspace/bids/{bid.pk}/auction/move/",
        "bid_receipt": f"/workspace/bids/{bid.pk}/",
    }[page]


def state_of_everything():
    return {
        "audit": AuditEntry.objects.count(),
        "auctions": sorted(Auction.objects.values_list("pk", "finished_at")),
        "moves": sorted(AuctionMove.objects.values_list("pk", "price")),
        "jobs": sorted(Job.objects.values_list("pk", "status")),
        "bids": sorted(Bid.objects.values_list("pk", "status", "price", "rank")),
    }


@pytest.mark.parametrize("page, method, role, state, expected", cases(TABLE, ROLES))
def test_permission_table(client, page, method, role, state, expected):
    import time_machine

    with time_machine.travel(T0, tick=False) as clock:
        scene = Scene(state)
        clock.move_to(scene.now)
        assert timezone.now() == scene.now
        user = scene.users[role]
        if user is not None:
            client.force_login(user)
        before = state_of_everything()
        target = url(scene, page, role)
        response = client.get(target) if method == "GET" else client.post(target, {"action": "lower", "price": "95000"})
        assert response.status_code == expected, response.content.decode(errors="replace")[:1500]
        if expected == 302 and role == "anonymous":
            assert response["Location"].startswith("/accounts/login/")
        if method == "POST" and (page, method, state, role) not in ACTS:
            assert state_of_everything() == before
        if method == "POST" and (page, method, state, role) in ACTS:
            assert state_of_everything() != before
        if page == "bid_receipt" and expected == 200:
            assert ("进入网上竞价页面" in response.content.decode()) == (role == "bidder")


def test_every_listed_action_is_a_line_of_the_table():
    assert_lines_of(ACTS, TABLE)
