"""Quote comparison before the close: who is invited (drawn on fiscal funds, chosen otherwise),
that only the invited may quote, and the invitation draw recomputed from the public data."""
import datetime
from unittest import mock

import pytest
from django.test import override_settings
from django.utils import timezone

from audit.actions import Action
from audit.models import AuditEntry
from bidding import beacon as beacon_sources
from bidding import draw
from bidding.errors import (
    AgencyMayNotBid,
    AgencyNotInvitable,
    BeaconPending,
    InvitationCandidatesTooFew,
    InvitationChoiceEmpty,
    InvitationDrawAlreadyRun,
    InvitationNotQuote,
    InvitationPoolAlreadyFixed,
    InvitationPoolNotFixed,
    InvitationsChosenByOwner,
    InvitationsClosed,
    InvitationsDrawnOnly,
    InvitationTooFew,
    OwnerMembersOnly,
)
from bidding.models import Bid, Draw, DrawBeacon, Job, JobAvoidance, JobInvitation
from bidding.selectors.public import draw_proofs
from bidding.services.beacon import beacon_confirm, beacon_enter
from bidding.services.bids import bid_submit
from bidding.services.closing import job_close_if_due
from bidding.services.quote import invitation_draw_run, invitation_pool_fix, invitations_choose
from core.models import Notice
from tests.factories import BidFactory, JobFactory, JobInvitationFactory

from .conftest import everything

INVITATION = DrawBeacon.Stage.INVITATION


def _bid_data():
    return {"price": "60000", "promised_days": 15, "plan": "现场踏勘后编制报告表。"}


# --- other funds: the owner's choice --------------------------------------------------------------

def test_the_owner_invites_agencies_offering_the_item_and_they_are_told(quote, django_capture_on_commit_callbacks):
    job = quote.open_job()
    chosen = quote.agencies(3)
    quote.agency()  # offers the item, not chosen

    with django_capture_on_commit_callbacks(execute=True):
        invitations_choose(actor=quote.owner_user, job=job, agencies=chosen)

    rows = JobInvitation.objects.filter(job=job)
    assert sorted(row.agency_id for row in rows) == sorted(agency.pk for agency in chosen)
    assert not any(row.drawn for row in rows)
    entry = AuditEntry.objects.get(action=Action.JOB_INVITE)
    assert entry.after["drawn"] is False and len(entry.after["agencies"]) == 3
    for agency in chosen:
        notice = Notice.objects.get(user=agency.member)
        assert notice.title == f"询比邀请：{job.title}" and "业主邀请" in notice.body

    # More may be added while the job takes bids.
    fourth = quote.agency()
    invitations_choose(actor=quote.owner_user, job=job, agencies=[fourth.pk])
    assert JobInvitation.objects.filter(job=job).count() == 4


@pytest.mark.parametrize("case", ["too_few", "not_offering", "avoided", "already", "empty"])
def test_a_choice_the_rules_refuse_names_why_and_writes_nothing(quote, case):
    job = quote.open_job()
    agencies = quote.agencies(3)
    if case == "too_few":
        choice, message = agencies[:2], "询比须邀请不少于 3 家机构，本次邀请后共 2 家。"
    elif case == "not_offering":
        choice, message = [*agencies[:2], quote.agency(offering=False)], "所选机构不提供本服务事项，不能邀请。"
    elif case == "avoided":
        JobAvoidance.objects.create(job=job, agency=agencies[0], reason="与业主存在股权关系")
        choice = agencies
        message = (f"不能邀请“{agencies[0].name}”："
                   "贵机构在本公告的回避名单中（回避理由：与业主存在股权关系），不能报名。")
    elif case == "already":
        JobInvitationFactory(job=job, agency=agencies[0])
        choice, message = agencies, f"“{agencies[0].name}”已受邀请。"
    else:
        choice, message = [], "请选择要邀请的机构。"
    before = everything()
    with pytest.raises((InvitationTooFew, AgencyNotInvitable, InvitationChoiceEmpty)) as refused:
        invitations_choose(actor=quote.owner_user, job=job, agencies=choice)
    assert str(refused.value) == message
    assert everything() == before


def test_who_and_when_may_invite(quote):
    agencies = quote.agencies(3)
    fiscal = quote.open_job(fiscal=True)
    closed = quote.open_job(status=Job.Status.CLOSED, closes_at=timezone.now() - datetime.timedelta(hours=1))
    due = quote.open_job(closes_at=timezone.now() - datetime.timedelta(minutes=5))  # passed, close not applied
    lowest = JobFactory(owner=quote.owner, item=quote.item, selection_method=Job.Method.LOWEST_PRICE)
    job = quote.open_job()
    before = everything()
    cases = [
        (fiscal, quote.owner_user, InvitationsDrawnOnly,
         "本项目使用财政资金，邀请机构须由可验证随机抽取产生，业主不能指定。"),
        (closed, quote.owner_user, InvitationsClosed, "只能在公告发布后、报名截止前邀请机构。"),
        (due, quote.owner_user, InvitationsClosed, "只能在公告发布后、报名截止前邀请机构。"),
        (lowest, quote.owner_user, InvitationNotQuote, "只有采用询比方式的项目才邀请机构报价。"),
        (job, agencies[0].member, OwnerMembersOnly, "只有项目业主的成员可以进行此操作。"),
    ]
    for target, actor, error, message in cases:
        with pytest.raises(error) as refused:
            invitations_choose(actor=actor, job=target, agencies=agencies)
        assert str(refused.value) == message
    with pytest.raises(InvitationsChosenByOwner):
        invitation_pool_fix(actor=quote.owner_user, job=job)
    assert everything() == before


# --- only the invited may quote -------------------------------------------------------------------

def test_only_invited_agencies_may_quote(quote):
    job = quote.open_job()
    invited, uninvited = quote.agency(), quote.agency()
    JobInvitationFactory(job=job, agency=invited)
    before = everything()
    with pytest.raises(AgencyMayNotBid) as refused:
        bid_submit(actor=uninvited.member, agency=uninvited, job=job, data=_bid_data())
    assert str(refused.value) == "本项目采用询比方式，只有业主邀请的机构可以报价；贵机构未受邀请。"
    assert everything() == before

    bid = bid_submit(actor=invited.member, agency=invited, job=job, data=_bid_data())
    assert bid.status == Bid.Status.LIVE


def test_the_close_finds_a_quote_of_an_agency_not_invited_invalid(quote):
    now = timezone.now()
    job = quote.open_job(published_at=now - datetime.timedelta(days=3), closes_at=now - datetime.timedelta(hours=1))
    invited = [quote.agency() for _ in range(2)]
    for agency in invited:
        JobInvitationFactory(job=job, agency=agency)
        BidFactory(job=job, agency=agency, submitted_by=agency.member, submitted_at=now - datetime.timedelta(days=1))
    stranger = quote.agency()
    slipped = BidFactory(job=job, agency=stranger, submitted_by=stranger.member,
                         submitted_at=now - datetime.timedelta(days=1))

    assert job_close_if_due(job.pk)

    slipped.refresh_from_db()
    assert slipped.status == Bid.Status.INVALID
    assert slipped.invalid_reason == "本项目采用询比方式，只有业主邀请的机构可以报价；贵机构未受邀请。"
    assert Bid.objects.filter(job=job, status=Bid.Status.VALID).count() == 2


# --- fiscal funds: the invitation draw ------------------------------------------------------------

def _fix_beacon(quote, job, value="3 1 4"):
    beacon_enter(actor=quote.regulators[0], job=job, value=value, reference="福彩3D 第2026320期开奖号码",
                 stage=INVITATION)
    return beacon_confirm(actor=quote.regulators[1], job=job, value=value, stage=INVITATION)


def test_the_invitation_draw_end_to_end_recomputed_from_the_public_data(quote, django_capture_on_commit_callbacks):
    job = quote.open_job(fiscal=True, invitees=3)
    agencies = quote.agencies(5)
    JobAvoidance.objects.create(job=job, agency=agencies[4], reason="业主的下属单位")
    quote.agency(offering=False)  # not in the directory for this item: never a candidate

    # 1. The owner fixes the list of candidates; the regulators are asked for the public number.
    with django_capture_on_commit_callbacks(execute=True):
        beacon = invitation_pool_fix(actor=quote.owner_user, job=job)
    candidates = sorted(agency.uscc for agency in agencies[:4])
    assert beacon.stage == INVITATION and beacon.pool == candidates and beacon.requested_at is not None
    assert Notice.objects.filter(user=quote.regulators[0], title=f"请录入公共随机数：{job.title}").exists()
    fixed = AuditEntry.objects.get(action=Action.JOB_INVITATION_POOL_FIX)
    assert fixed.after["excluded"] == {
        agencies[4].uscc: "贵机构在本公告的回避名单中（回避理由：业主的下属单位），不能报名。"}

    # 2. Drawing before the public number is fixed waits and writes nothing.
    before = everything()
    with pytest.raises(BeaconPending) as refused:
        invitation_draw_run(actor=quote.owner_user, job=job)
    assert "候选名单已于" in str(refused.value) and "才能抽取邀请机构" in str(refused.value)
    assert everything() == before

    # 3. Two regulators enter and confirm it; the owner draws.
    fixed_beacon = _fix_beacon(quote, job)
    with django_capture_on_commit_callbacks(execute=True):
        row = invitation_draw_run(actor=quote.owner_user, job=job)

    # Recomputed by hand from what is public: the seed (its SHA-256 is the published commitment),
    # the beacon value and the candidates' codes.
    job.refresh_from_db()
    assert draw.commitment(row.seed) == job.draw_commitment and row.beacon == fixed_beacon.value == "3 1 4"
    assert row.purpose == Draw.Purpose.INVITATION and row.values == candidates
    expected = draw.pick(job.draw_seed, "3 1 4", candidates, 3)
    assert row.ranking[:3] == expected
    invited = JobInvitation.objects.filter(job=job).select_related("agency")
    assert sorted(invitation.agency.uscc for invitation in invited) == sorted(expected)
    assert all(invitation.drawn for invitation in invited)
    members = {agency.pk: agency.member for agency in agencies}
    for invitation in invited:
        assert "随机抽取产生" in Notice.objects.get(user=members[invitation.agency_id]).body

    # The draw page's proof (the same one the public page shows after the close) agrees.
    (proof,) = draw_proofs(job)
    assert proof.ok, proof.problems
    assert [entry[2].agency.name for entry in proof.entries] == [
        next(agency.name for agency in agencies if agency.uscc == value) for value in candidates]

    # Neither step may be taken twice.
    before = everything()
    with pytest.raises(InvitationDrawAlreadyRun):
        invitation_draw_run(actor=quote.owner_user, job=job)
    with pytest.raises(InvitationPoolAlreadyFixed):
        invitation_pool_fix(actor=quote.owner_user, job=job)
    assert everything() == before


def test_too_few_candidates_cannot_be_drawn_from(quote):
    job = quote.open_job(fiscal=True, invitees=3)
    quote.agencies(2)
    before = everything()
    with pytest.raises(InvitationCandidatesTooFew) as refused:
        invitation_pool_fix(actor=quote.owner_user, job=job)
    assert str(refused.value).startswith(
        "提供本服务事项、可以报名且未达到承接能力的机构只有 2 家，少于公布的邀请家数 3 家")
    assert everything() == before


def test_the_draw_needs_the_list_first(quote):
    job = quote.open_job(fiscal=True)
    quote.agencies(3)
    before = everything()
    with pytest.raises(InvitationPoolNotFixed):
        invitation_draw_run(actor=quote.owner_user, job=job)
    assert everything() == before


def test_agencies_at_capacity_are_left_out_of_the_candidates(quote):
    job = quote.open_job(fiscal=True, invitees=3)
    agencies = quote.agencies(4)
    with mock.patch("bidding.selectors.capacity.at_capacity_ids", return_value={agencies[0].pk}):
        beacon = invitation_pool_fix(actor=quote.owner_user, job=job)
    assert agencies[0].uscc not in beacon.pool and len(beacon.pool) == 3
    entry = AuditEntry.objects.get(action=Action.JOB_INVITATION_POOL_FIX)
    assert entry.after["excluded"] == {agencies[0].uscc: "已达到申报的承接能力。"}


@override_settings(DRAW_BEACON="drand", DRAW_BEACON_URL="https://drand.example")
def test_with_drand_the_round_after_the_list_was_fixed_is_used(quote):
    job = quote.open_job(fiscal=True, invitees=3)
    quote.agencies(3)
    beacon = invitation_pool_fix(actor=quote.owner_user, job=job)
    assert not Notice.objects.filter(user=quote.regulators[0]).exists()
    signature = "ab" * 48
    import hashlib

    randomness = hashlib.sha256(bytes.fromhex(signature)).hexdigest()
    produced = beacon.requested_at + datetime.timedelta(seconds=20)
    round_ = beacon_sources.Round(number=777, randomness=randomness, signature=signature, at=produced)
    with mock.patch.object(beacon_sources, "drand_round_after", return_value=round_) as fetched:
        row = invitation_draw_run(actor=quote.owner_user, job=job)
    assert fetched.call_args.args[1] == beacon.requested_at  # not the close
    assert row.beacon == randomness
    (proof,) = draw_proofs(job)
    assert proof.ok, proof.problems


def test_the_public_draw_page_shows_the_invitation_draw_while_the_bids_are_sealed(quote, client):
    from core.demo.site import ensure_page_tree

    ensure_page_tree()
    job = quote.open_job(fiscal=True, invitees=3)
    agencies = quote.agencies(4)
    invitation_pool_fix(actor=quote.owner_user, job=job)
    _fix_beacon(quote, job, value="2 7 1")
    row = invitation_draw_run(actor=quote.owner_user, job=job)
    invited = JobInvitation.objects.filter(job=job).first()
    sealed = BidFactory(job=job, agency=invited.agency, price=61234)

    body = client.get(f"/notices/{job.pk}/draw/").content.decode()

    assert row.seed in body and "2 7 1" in body and row.pool in body
    for agency in agencies:
        assert agency.uscc in body
    assert sealed.receipt_number not in body and sealed.random_value not in body and "61234" not in body
    assert "抽取使用的公共随机数与本项目公布的公共随机数不一致" not in body
