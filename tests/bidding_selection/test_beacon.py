"""The draw takes a public beacon value fixed only after the close, and waits for it.

Regulators' source (the default): the owner asks, one regulator enters the public number and
its source, a second, different regulator confirms it by typing it again; refusals write
nothing. drand: the first round after the close, read from a local drand-like server."""
import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from audit.actions import Action
from audit.models import AuditEntry
from bidding import beacon as sources
from bidding import draw
from bidding.errors import (
    BeaconAlreadyFixed,
    BeaconAlreadyRequested,
    BeaconMismatch,
    BeaconNotFromRegulators,
    BeaconNotNeeded,
    BeaconPending,
    BeaconReferenceRequired,
    BeaconSameRegulator,
    BeaconUnavailable,
    BeaconValueInvalid,
    NotAllowed,
)
from bidding.models import Bid, Draw, DrawBeacon, Job
from bidding.services.beacon import beacon_confirm, beacon_enter, beacon_request
from bidding.services.selection import draw_run, select_lowest
from core.models import Notice
from tests.bidding.drand_server import DrandServer, recorded_rounds
from tests.factories import RegulatorFactory, UserFactory

REFERENCE = "福彩3D 第2026318期开奖号码"


@pytest.fixture
def waiting(scene):
    """A random-draw job past its close with three valid bids and no beacon value yet."""
    job = scene.job(Job.Method.RANDOM, beacon=False)
    job.bids_made = scene.bids(job, [50000, 60000, 70000])
    job.owner_user = scene.owner_user
    return job


@pytest.fixture
def regulators(db):
    return RegulatorFactory(), RegulatorFactory()


def written(job):
    """Everything a beacon step or a draw could write for `job`."""
    job.refresh_from_db()
    beacon = DrawBeacon.objects.filter(job=job).values(
        "value", "reference", "entered_by", "confirmed_by", "fixed_at", "requested_at").first()
    return {
        "beacon": beacon,
        "draws": Draw.objects.filter(job=job).count(),
        "audit": AuditEntry.objects.count(),
        "notices": Notice.objects.count(),
        "job": (job.status, job.winner_id, job.seed_revealed_at),
        "ranks": list(Bid.objects.filter(job=job).order_by("pk").values_list("rank", flat=True)),
    }


def entered_and_confirmed(job, first, second, value="5 2 8"):
    beacon_enter(actor=first.user, job=job, value=value, reference=REFERENCE)
    return beacon_confirm(actor=second.user, job=job, value=value)


# --- the draw waits ---------------------------------------------------------------------------

def test_the_draw_is_refused_while_waiting_for_the_beacon_and_writes_nothing(waiting):
    before = written(waiting)
    with pytest.raises(BeaconPending, match="等待公共随机数"):
        draw_run(actor=waiting.owner_user, job=waiting)
    assert written(waiting) == before
    assert before["job"] == (Job.Status.CLOSED, None, None)  # the seed stays secret too


def test_a_tie_break_is_refused_while_waiting_and_writes_nothing(scene):
    job = scene.job(Job.Method.LOWEST_PRICE, beacon=False)
    scene.bids(job, [50000, 50000, 60000])
    before = written(job)
    with pytest.raises(BeaconPending, match="等待公共随机数"):
        select_lowest(actor=scene.owner_user, job=job)
    assert written(job) == before


def test_a_selection_without_a_tie_needs_no_beacon(scene):
    job = scene.job(Job.Method.LOWEST_PRICE, beacon=False)
    low, *_ = scene.bids(job, [50000, 55000, 60000])
    select_lowest(actor=scene.owner_user, job=job)
    job.refresh_from_db()
    assert job.winner == low and not Draw.objects.filter(job=job).exists()
    assert not DrawBeacon.objects.filter(job=job).exists()


# --- regulators enter and confirm ------------------------------------------------------------

def test_two_regulators_fix_the_value_and_the_draw_takes_it(waiting, regulators):
    first, second = regulators
    beacon_request(actor=waiting.owner_user, job=waiting)
    assert Notice.objects.filter(user=first.user, title__startswith="请录入公共随机数").exists()
    assert Notice.objects.filter(user=second.user, title__startswith="请录入公共随机数").exists()

    beacon_enter(actor=first.user, job=waiting, value=" ５ ２ ８ ", reference=REFERENCE)
    beacon = DrawBeacon.objects.get(job=waiting)
    assert (beacon.value, beacon.reference, beacon.entered_by) == ("5 2 8", REFERENCE, first.user)
    assert beacon.fixed_at is None
    assert Notice.objects.filter(user=second.user, title__startswith="请复核公共随机数").exists()
    with pytest.raises(BeaconPending, match="另一名监管人员复核"):
        draw_run(actor=waiting.owner_user, job=waiting)

    beacon_confirm(actor=second.user, job=waiting, value="5 2 8")
    beacon.refresh_from_db()
    assert beacon.confirmed_by == second.user and beacon.fixed_at is not None
    assert Notice.objects.filter(user=waiting.owner_user, title__startswith="公共随机数已确定").exists()
    actions = list(AuditEntry.objects.filter(object_type="bidding.job", object_id=str(waiting.pk))
                   .order_by("seq").values_list("action", "actor_id"))
    assert actions[-3:] == [(Action.JOB_BEACON_REQUEST, waiting.owner_user.pk),
                            (Action.JOB_BEACON_ENTER, first.user.pk), (Action.JOB_BEACON_CONFIRM, second.user.pk)]

    draw_run(actor=waiting.owner_user, job=waiting)
    row = Draw.objects.get(job=waiting)
    values = [bid.random_value for bid in waiting.bids_made]
    assert (row.version, row.beacon) == (2, "5 2 8")
    assert row.ranking == draw.run(waiting.draw_seed, values, beacon="5 2 8").ranking


def test_the_same_regulator_cannot_confirm_its_own_entry(waiting, regulators):
    first, _second = regulators
    beacon_enter(actor=first.user, job=waiting, value="5 2 8", reference=REFERENCE)
    before = written(waiting)
    with pytest.raises(BeaconSameRegulator):
        beacon_confirm(actor=first.user, job=waiting, value="5 2 8")
    assert written(waiting) == before


def test_a_different_number_at_confirmation_fixes_nothing(waiting, regulators):
    first, second = regulators
    beacon_enter(actor=first.user, job=waiting, value="5 2 8", reference=REFERENCE)
    before = written(waiting)
    with pytest.raises(BeaconMismatch):
        beacon_confirm(actor=second.user, job=waiting, value="5 2 9")
    assert written(waiting) == before
    # The first entry was wrong: typing it again replaces it, and now the other one must confirm.
    beacon_enter(actor=second.user, job=waiting, value="5 2 9", reference=REFERENCE)
    with pytest.raises(BeaconSameRegulator):
        beacon_confirm(actor=second.user, job=waiting, value="5 2 9")
    beacon_confirm(actor=first.user, job=waiting, value="5 2 9")
    assert DrawBeacon.objects.get(job=waiting).fixed_at is not None


@pytest.mark.parametrize("who", ["owner", "bidder", "stranger", "inactive regulator"])
def test_only_an_active_regulator_may_enter_or_confirm(waiting, regulators, who):
    first, _second = regulators
    users = {
        "owner": waiting.owner_user, "bidder": waiting.bids_made[0].member, "stranger": UserFactory(),
        "inactive regulator": RegulatorFactory(is_active=False).user,
    }
    before = written(waiting)
    with pytest.raises(NotAllowed, match="监管人员"):
        beacon_enter(actor=users[who], job=waiting, value="5 2 8", reference=REFERENCE)
    assert written(waiting) == before
    beacon_enter(actor=first.user, job=waiting, value="5 2 8", reference=REFERENCE)
    before = written(waiting)
    with pytest.raises(NotAllowed, match="监管人员"):
        beacon_confirm(actor=users[who], job=waiting, value="5 2 8")
    assert written(waiting) == before


def test_only_the_owner_asks_and_only_once(waiting, regulators):
    bidder = waiting.bids_made[0].member
    before = written(waiting)
    with pytest.raises(NotAllowed):
        beacon_request(actor=bidder, job=waiting)
    assert written(waiting) == before
    beacon_request(actor=waiting.owner_user, job=waiting)
    before = written(waiting)
    with pytest.raises(BeaconAlreadyRequested):
        beacon_request(actor=waiting.owner_user, job=waiting)
    assert written(waiting) == before


@pytest.mark.parametrize("value, reference, error", [
    ("5|2|8", REFERENCE, BeaconValueInvalid),
    ("五二八", REFERENCE, BeaconValueInvalid),
    ("   ", REFERENCE, BeaconValueInvalid),
    ("5 2 8", "  ", BeaconReferenceRequired),
])
def test_an_unusable_entry_is_refused_and_writes_nothing(waiting, regulators, value, reference, error):
    before = written(waiting)
    with pytest.raises(error):
        beacon_enter(actor=regulators[0].user, job=waiting, value=value, reference=reference)
    assert written(waiting) == before


def test_no_entry_before_the_close_for_a_direct_job_or_once_fixed(scene, waiting, regulators):
    first, second = regulators
    open_job = scene.job(Job.Method.RANDOM, beacon=False, status=Job.Status.PUBLISHED,
                         closes_at=timezone.now() + datetime.timedelta(days=1))
    direct = scene.job(Job.Method.DIRECT)
    for job in (open_job, direct):
        before = written(job)
        with pytest.raises(BeaconNotNeeded):
            beacon_enter(actor=first.user, job=job, value="5 2 8", reference=REFERENCE)
        assert written(job) == before
    entered_and_confirmed(waiting, first, second)
    before = written(waiting)
    with pytest.raises(BeaconAlreadyFixed):
        beacon_enter(actor=second.user, job=waiting, value="1 1 1", reference=REFERENCE)
    with pytest.raises(BeaconAlreadyFixed):
        beacon_confirm(actor=first.user, job=waiting, value="5 2 8")
    assert written(waiting) == before


# --- the drand source ------------------------------------------------------------------------

def drand_settings(server):
    return override_settings(DRAW_BEACON=sources.DRAND, DRAW_BEACON_URL=server.url)


def test_the_draw_reads_the_first_round_after_the_close_from_the_beacon(waiting):
    info = sources.ChainInfo(genesis_time=1_700_000_000, period=30)
    first = sources.round_after(info, waiting.closes_at)
    rounds = recorded_rounds(range(first - 20, first + 20))
    with DrandServer(rounds) as server, drand_settings(server):
        draw_run(actor=waiting.owner_user, job=waiting)
    assert server.rounds_asked == [first]  # no round before the close was asked for, or used
    beacon = DrawBeacon.objects.get(job=waiting)
    assert (beacon.source, beacon.round, beacon.value) == (DrawBeacon.Source.DRAND, first, rounds[first]["randomness"])
    assert beacon.round_time > waiting.closes_at >= beacon.round_time - datetime.timedelta(seconds=30)
    assert beacon.reference == f"{server.url}/public/{first}"
    row = Draw.objects.get(job=waiting)
    assert (row.version, row.beacon) == (2, rounds[first]["randomness"])
    assert AuditEntry.objects.filter(action=Action.JOB_BEACON_FETCH, object_id=str(waiting.pk)).exists()


def test_the_draw_waits_for_a_round_not_yet_produced_and_writes_nothing(waiting):
    # A chain with one round a year, begun just before the close: its next round is far ahead.
    genesis = int((waiting.closes_at - datetime.timedelta(seconds=10)).timestamp())
    with DrandServer(recorded_rounds(range(1, 5)), genesis=genesis, period=365 * 86400) as server, \
            drand_settings(server):
        before = written(waiting)
        with pytest.raises(BeaconPending, match="等待公共随机数.*第 2 轮"):
            draw_run(actor=waiting.owner_user, job=waiting)
    assert server.rounds_asked == []
    assert written(waiting) == before


def test_an_unreachable_beacon_refuses_the_draw_with_a_message(waiting):
    with DrandServer({}) as server, drand_settings(server):
        before = written(waiting)
        with pytest.raises(BeaconUnavailable):
            draw_run(actor=waiting.owner_user, job=waiting)
    assert written(waiting) == before


def test_with_drand_there_is_nothing_for_regulators_to_enter(waiting, regulators):
    with DrandServer({}) as server, drand_settings(server):
        before = written(waiting)
        with pytest.raises(BeaconNotFromRegulators):
            beacon_enter(actor=regulators[0].user, job=waiting, value="5 2 8", reference=REFERENCE)
        assert written(waiting) == before


# --- the pages -------------------------------------------------------------------------------

def test_the_owner_sees_what_the_draw_waits_for_and_asks_the_regulators(waiting, regulators, client):
    client.force_login(waiting.owner_user)
    page = client.get(f"/workspace/jobs/{waiting.pk}/selection/").content.decode()
    button = "通知监管人员录入公共随机数</button>"
    assert "等待公共随机数" in page and button in page
    response = client.post(f"/workspace/jobs/{waiting.pk}/selection/draw/", follow=True)
    assert "等待公共随机数" in response.content.decode()
    assert not Draw.objects.filter(job=waiting).exists()
    client.post(f"/workspace/jobs/{waiting.pk}/selection/beacon/")
    assert DrawBeacon.objects.get(job=waiting).requested_by == waiting.owner_user
    page = client.get(f"/workspace/jobs/{waiting.pk}/selection/").content.decode()
    assert "已于" in page and button not in page


def test_regulators_enter_and_confirm_on_their_pages(waiting, regulators, client):
    first, second = regulators
    beacon_request(actor=waiting.owner_user, job=waiting)
    client.force_login(first.user)
    assert waiting.title in client.get("/regulator/jobs/beacons/").content.decode()
    page = f"/regulator/jobs/beacons/{waiting.pk}/"
    response = client.post(page, {"action": "enter", "reference": REFERENCE, "value": "7 0 3"})
    assert response.status_code == 302
    mine = client.get(page).content.decode()
    assert "7 0 3" in mine and "复核确认" not in mine  # its author sees it, and cannot confirm it
    client.force_login(second.user)
    theirs = client.get(page).content.decode()
    assert REFERENCE in theirs and "7 0 3" not in theirs and "复核确认" in theirs  # typed again, not copied
    response = client.post(page, {"action": "confirm", "value": "7 0 4"})
    assert response.status_code == 400 and "不一致" in response.content.decode()
    assert client.post(page, {"action": "confirm", "value": "7 0 3"}).status_code == 302
    assert DrawBeacon.objects.get(job=waiting).fixed_at is not None


def test_the_regulator_pages_are_for_active_regulators_only(waiting, client):
    for user in (waiting.owner_user, waiting.bids_made[0].member, UserFactory()):
        client.force_login(user)
        assert client.get("/regulator/jobs/beacons/").status_code == 403
        before = written(waiting)
        response = client.post(f"/regulator/jobs/beacons/{waiting.pk}/",
                               {"action": "enter", "reference": REFERENCE, "value": "5 2 8"})
        assert response.status_code == 403
        assert written(waiting) == before
