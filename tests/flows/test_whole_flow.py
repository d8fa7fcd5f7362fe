"""The whole bidding flow through the site, as its users would click it — the Django test client
only; services are never called, the database is only read to check the results.

An owner posts a random-draw job, three agencies bid and keep their receipts, the window closes,
the owner draws, the public checks the draw with hashlib from the page alone, a losing bidder
objects, the owner answers, the bidder escalates, the regulator rejects the complaint, the
publicity ends and the job is awarded. Every step leaves its audit entry, and the audit chain
is intact at the end.
"""
import datetime
import io
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from audit.actions import Action
from audit.models import AuditEntry
from bidding.models import Bid, Job, Objection
from providers.models import Membership
from tests.draw_proof import pool_and_ranking, proofs_on, sha256
from tests.factories import (
    AgencyFactory,
    AgencyServiceFactory,
    MembershipFactory,
    OwnerFactory,
    RegulatorFactory,
    ServiceItemFactory,
)

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=SHANGHAI)
CLOSES = datetime.datetime(2026, 3, 12, 17, 0, tzinfo=SHANGHAI)  # eight working days later
PRICES = ["52000", "61000", "70500"]


def recompute(html):
    """The draw recomputed from the public page's HTML alone: (the proof, the ranking)."""
    [proof] = proofs_on(html)
    assert sha256(proof["data-seed"]) == proof["data-commitment"]
    assert proof["data-version"] == "zjcs-draw-v2"  # with the public beacon value fixed after the close
    pool, ranking = pool_and_ranking(proof)
    assert pool == proof["data-pool"]
    assert ranking[0] == proof["data-winner-value"]
    return proof, ranking


@pytest.fixture
def cast(db):
    """The people: an owner's admin, three agencies' operators offering the item, a regulator."""
    from core.demo.site import ensure_page_tree

    ensure_page_tree()
    item = ServiceItemFactory(name="建设项目环境影响报告表编制")
    owner = OwnerFactory(name="德阳市旌阳区住房和城乡建设局")
    agencies = [AgencyFactory(name=name) for name in (
        "德阳清源环境咨询有限公司", "四川蜀环评价技术有限公司", "成都绿洲生态工程咨询有限公司")]
    for agency in agencies:
        AgencyServiceFactory(agency=agency, item=item)
    return {
        "item": item,
        "owner": owner,
        "owner_user": MembershipFactory(organisation=owner, role=Membership.Role.ADMIN).user,
        "agencies": agencies,
        "bidders": [MembershipFactory(organisation=agency).user for agency in agencies],
        "regulator": RegulatorFactory(categories=[item.category]).user,
        "second_regulator": RegulatorFactory().user,
    }


def as_user(client, user):
    client.logout()
    client.force_login(user)
    return client


def redirected_id(response, pattern):
    assert response.status_code == 302, response.content.decode()[:3000]
    return int(re.search(pattern, response["Location"]).group(1))


def job_form(item):
    return {
        "title": "旌阳区岷江西路改建工程环境影响评价", "project_code": "2026-510603-48-01-000777",
        "item": item.pk, "budget": "80000", "ceiling_price": "80000", "fee_quantity": "",
        "selection_method": "random", "price_mode": "amount",
        "closes_on": CLOSES.date().isoformat(), "closes_time": "17:00", "service_days": "20",
        "description": "编制建设项目环境影响报告表并取得批复。", "requirements": "",
        "avoid-TOTAL_FORMS": "0", "avoid-INITIAL_FORMS": "0", "avoid-MIN_NUM_FORMS": "0",
        "avoid-MAX_NUM_FORMS": "20",
    }


def audited(action, obj):
    return AuditEntry.objects.filter(action=action, object_id=str(obj.pk)).exists()


def test_a_job_from_announcement_to_award_through_the_site(client, cast):
    with time_machine.travel(MONDAY, tick=False) as clock:
        # 1. The owner drafts and publishes the announcement.
        as_user(client, cast["owner_user"])
        response = client.post(f"/workspace/jobs/new/?org={cast['owner'].pk}", job_form(cast["item"]))
        job_id = redirected_id(response, r"/workspace/jobs/(\d+)/")
        assert client.post(f"/workspace/jobs/{job_id}/publish/").status_code == 302
        job = Job.objects.get(pk=job_id)
        assert job.status == Job.Status.PUBLISHED and job.closes_at == CLOSES
        announcement = client.get(f"/notices/{job_id}/").content.decode()
        assert job.draw_commitment in announcement and job.draw_seed not in announcement

        # 2. Three agencies bid through the form; each receipt prints the bid's random value.
        receipts = {}
        for agency, user, price in zip(cast["agencies"], cast["bidders"], PRICES, strict=True):
            as_user(client, user)
            form = client.get(f"/workspace/opportunities/{job_id}/bid/?org={agency.pk}")
            assert form.status_code == 200 and "旌阳区岷江西路改建工程环境影响评价" in form.content.decode()
            response = client.post(f"/workspace/opportunities/{job_id}/bid/?org={agency.pk}",
                                   {"org": agency.pk, "price": price, "promised_days": "15",
                                    "plan": "现场踏勘后编制报告表。"})
            bid_id = redirected_id(response, r"/workspace/bids/(\d+)/")
            receipt = client.get(f"/workspace/bids/{bid_id}/?org={agency.pk}").content.decode()
            value = re.search(r"<code>([0-9a-f]{32})</code>", receipt).group(1)
            assert Bid.objects.get(pk=bid_id).random_value == value
            receipts[agency.pk] = (bid_id, value, user)
        # Sealed: the owner's page says so and names no bidder.
        as_user(client, cast["owner_user"])
        sealed = client.get(f"/workspace/jobs/{job_id}/selection/").content.decode()
        assert not any(agency.name in sealed for agency in cast["agencies"])

        # 3. The window closes: the owner's page says so without writing anything, and the
        # owner has the bids judged at once rather than wait for the scheduled command.
        clock.move_to(CLOSES + datetime.timedelta(minutes=1))
        as_user(client, cast["owner_user"])
        page = client.get(f"/workspace/jobs/{job_id}/selection/").content.decode()
        job.refresh_from_db()
        assert job.status == Job.Status.PUBLISHED and str(Job.Status.CLOSED.label) in page
        assert client.post(f"/workspace/jobs/{job_id}/selection/close/").status_code == 302
        page = client.get(f"/workspace/jobs/{job_id}/selection/").content.decode()
        job.refresh_from_db()
        assert job.status == Job.Status.CLOSED
        assert all(agency.name in page for agency in cast["agencies"])
        assert Bid.objects.filter(job=job, status=Bid.Status.VALID).count() == 3

        # 4. The draw waits for the public beacon value: the owner asks the regulators, one enters
        # the lottery numbers drawn after the close, another confirms them; then the owner draws
        # and the result goes into publicity.
        assert "等待公共随机数" in page
        assert client.post(f"/workspace/jobs/{job_id}/selection/beacon/").status_code == 302
        beacon_page = f"/regulator/jobs/beacons/{job_id}/"
        as_user(client, cast["regulator"])
        assert client.post(beacon_page, {"action": "enter", "reference": "福彩3D 第2026318期开奖号码",
                                         "value": "3 0 7"}).status_code == 302
        as_user(client, cast["second_regulator"])
        assert client.post(beacon_page, {"action": "confirm", "value": "3 0 7"}).status_code == 302
        as_user(client, cast["owner_user"])
        assert client.post(f"/workspace/jobs/{job_id}/selection/draw/").status_code == 302
        job.refresh_from_db()
        assert job.status == Job.Status.PUBLICITY

        # 5. The public draw page shows the seed and the winner, and the result recomputes.
        client.logout()
        draw_page = client.get(f"/notices/{job_id}/draw/").content.decode()
        proof, ranking = recompute(draw_page)
        assert proof["data-seed"] == job.draw_seed and proof["data-commitment"] == job.draw_commitment
        assert sorted(value for _bid, value, _user in receipts.values()) == sorted(proof["values"])
        winner_agency = next(a for a in cast["agencies"] if receipts[a.pk][1] == ranking[0])
        assert proof["winner_agency"] == winner_agency.name
        assert job.winner_id == receipts[winner_agency.pk][0]

        # 6. A losing bidder objects from its receipt.
        loser = next(a for a in cast["agencies"] if a != winner_agency)
        bid_id, _value, loser_user = receipts[loser.pk]
        as_user(client, loser_user)
        receipt = client.get(f"/workspace/bids/{bid_id}/?org={loser.pk}").content.decode()
        objection_url = f"/workspace/jobs/{job_id}/objections/new/?bid={bid_id}"
        assert objection_url in receipt
        assert client.get(objection_url).status_code == 200
        response = client.post(objection_url, {"reasons": "中选机构的环评工程师证书已过期。"})
        objection_id = redirected_id(response, r"/workspace/objections/(\d+)/")

        # 7. The owner answers; the bidder, not satisfied, escalates to the regulators.
        as_user(client, cast["owner_user"])
        assert client.post(f"/workspace/objections/{objection_id}/answer/",
                           {"answer": "经核实，证书在有效期内。"}).status_code == 302
        as_user(client, loser_user)
        assert client.post(f"/workspace/objections/{objection_id}/escalate/",
                           {"reasons": "答复未附证书复印件。"}).status_code == 302

        # 8. The regulator finds it in the complaints list and rejects it.
        as_user(client, cast["regulator"])
        complaints = client.get("/regulator/jobs/complaints/").content.decode()
        assert f"/regulator/jobs/complaints/{objection_id}/" in complaints
        response = client.post(f"/regulator/jobs/complaints/{objection_id}/",
                               {"upheld": "no", "decision": "证书在有效期内，投诉不成立。"})
        assert response.status_code == 302
        objection = Objection.objects.get(pk=objection_id)
        assert objection.status == Objection.Status.REJECTED
        job.refresh_from_db()
        assert job.status == Job.Status.PUBLICITY  # the period is not over yet

        # 9. The publicity period ends; the owner's job page shows the award at once, and the
        # scheduled command records it.
        clock.move_to(job.publicity_ends_at + datetime.timedelta(minutes=1))
        as_user(client, cast["owner_user"])
        page = client.get(f"/workspace/jobs/{job_id}/").content.decode()
        assert str(Job.Status.AWARDED.label) in page and winner_agency.name in page
        call_command("advance_jobs", stdout=io.StringIO())
        job.refresh_from_db()
        assert job.status == Job.Status.AWARDED
        public = client.get(f"/notices/{job_id}/").content.decode()
        assert winner_agency.name in public

    # Every step is in the audit log, and the chain is intact.
    for action, obj in [
        (Action.JOB_CREATE, job), (Action.JOB_PUBLISH, job), (Action.JOB_CLOSE, job),
        (Action.JOB_BEACON_REQUEST, job), (Action.JOB_BEACON_ENTER, job), (Action.JOB_BEACON_CONFIRM, job),
        (Action.JOB_DRAW_RUN, job),
        (Action.OBJECTION_RAISE, objection), (Action.OBJECTION_ANSWER, objection),
        (Action.OBJECTION_ESCALATE, objection), (Action.OBJECTION_DECIDE, objection), (Action.JOB_AWARD, job),
    ]:
        assert audited(action, obj), action
    for bid_id, _value, _user in receipts.values():
        assert AuditEntry.objects.filter(action=Action.BID_SUBMIT, object_id=str(bid_id)).exists()
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "intact" in out.getvalue()
