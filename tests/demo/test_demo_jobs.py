"""The demo data holds jobs in every state, made by the bidding services: draws that anyone can
recompute, sealed bids that stay sealed, and the demo logins see their own jobs and bids."""
import io

import pytest
from django.core.management import call_command
from django.db import transaction

from audit.actions import Action
from audit.models import AuditEntry
from bidding import draw
from bidding.models import Bid, Draw, DrawBeacon, Job, Objection
from contracts.models import Contract, ContractRound, Delivery, Payment, Refund, Signature, SigningRefusal
from core.demo.seed import AGENCY_ADMIN, OWNER_ADMIN
from core.demo.statistics import MARK as HISTORY_MARK
from providers.models import Membership

pytestmark = [pytest.mark.django_db(transaction=False), pytest.mark.usefixtures("localstripe")]

SMALL = ["--agencies", "20", "--owners", "5"]


def seed(verbosity=0):
    out = io.StringIO()
    call_command("seed_demo", *SMALL, verbosity=verbosity, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker, localstripe):
    """Seed once for the module, inside a transaction rolled back at its end; each test runs in
    a savepoint within it, so what one test changes the next does not see."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield seed(verbosity=1)
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_once, db):
    return seeded_once


def counts():
    return {
        "jobs": list(Job.objects.order_by("pk").values_list("pk", "status", "updated_at", "winner_id")),
        "bids": list(Bid.objects.order_by("pk").values_list("pk", "status", "rank", "updated_at")),
        "draws": Draw.objects.count(),
        "objections": list(Objection.objects.order_by("pk").values_list("pk", "status")),
        "audit": AuditEntry.objects.count(),
    }


def test_every_status_is_present_and_counted_in_the_summary(seeded):
    present = set(Job.objects.values_list("status", flat=True))
    assert present == set(Job.Status.values)
    for status in Job.Status.values:
        assert f"  {status} " in seeded


def test_every_selection_method_is_used_with_its_rules(seeded):
    done = Job.objects.exclude(winner=None)
    assert set(done.values_list("selection_method", flat=True)) == set(Job.Method.values)
    assert all(job.selection_reason for job in done.filter(selection_method=Job.Method.DIRECT))
    tie = Draw.objects.get(purpose=Draw.Purpose.TIE_BREAK, job__project_code__endswith="000207")  # the "tie" scene
    assert tie.job.selection_method == Job.Method.LOWEST_PRICE and len(tie.values) == 2
    assert tie.job.winner.random_value == tie.ranking[0]
    low = Bid.objects.get(abnormally_low=True)
    assert low.low_price_justification and low.job.winner_id == low.pk
    scored = Bid.objects.filter(job__selection_method=Job.Method.SCORING, job__winner__isnull=False)
    assert scored.exists() and not scored.filter(status=Bid.Status.VALID, plan_score=None).exists()
    assert all(job.weights for job in Job.objects.filter(selection_method=Job.Method.SCORING))


def test_the_stories_around_the_states(seeded):
    failed = Job.objects.filter(status=Job.Status.FAILED)
    assert all(job.end_reason for job in failed)
    reannounced = Job.objects.get(reannounced_from__isnull=False)
    assert reannounced.reannounced_from.status == Job.Status.FAILED
    assert reannounced.project_code == reannounced.reannounced_from.project_code
    assert all(job.end_reason for job in Job.objects.filter(status=Job.Status.CANCELLED))
    assert Objection.objects.filter(status=Objection.Status.OPEN, job__status=Job.Status.PUBLICITY).exists()
    assert Objection.objects.filter(status=Objection.Status.REJECTED, job__status=Job.Status.AWARDED).exists()
    open_jobs = Job.objects.filter(status=Job.Status.PUBLISHED)
    assert all(job.closes_at > job.published_at for job in open_jobs)
    assert Bid.objects.filter(job__in=open_jobs, status=Bid.Status.LIVE).count() >= 6
    for job in Job.objects.exclude(status=Job.Status.DRAFT).exclude(published_at=None):
        assert draw.seed_matches(job.draw_seed, job.draw_commitment)
    for job in Job.objects.filter(status__in=[Job.Status.COMPLETED, Job.Status.TERMINATED]):
        assert job.ended_at and job.awarded_at and job.awarded_at < job.ended_at


def test_every_draw_recomputes_and_its_winner_heads_the_ranking(seeded):
    random_jobs = Job.objects.filter(selection_method=Job.Method.RANDOM, winner__isnull=False)
    assert random_jobs.count() >= 3
    for job in random_jobs:
        row = job.draws.get(purpose=Draw.Purpose.WINNER)
        assert draw.seed_matches(row.seed, job.draw_commitment)
        assert row.version == 2 and row.beacon == job.beacon.value
        result = draw.run(row.seed, row.values, beacon=row.beacon, version=row.version)
        assert (result.pool, result.ranking) == (row.pool, row.ranking)
        assert sorted(job.bids.filter(status=Bid.Status.VALID).values_list("random_value", flat=True)) == row.values
        assert job.winner.random_value == result.ranking[0]
    for row in Draw.objects.filter(purpose=Draw.Purpose.TIE_BREAK):
        assert draw.run(row.seed, row.values, beacon=row.beacon, version=row.version).ranking == row.ranking
        # The draw orders a group of tied bids: the first of the ranking is the best ranked of them.
        ranks = dict(row.job.bids.filter(random_value__in=row.values).values_list("random_value", "rank"))
        assert ranks[row.ranking[0]] == min(ranks.values())


def refused_jobs():
    """Jobs whose first winner refused to sign: the runner-up won them (core/demo/contracts.py)."""
    return set(SigningRefusal.objects.values_list("job_id", flat=True))


def test_a_winner_refused_to_sign_and_the_runner_up_signed(seeded):
    refusal = SigningRefusal.objects.select_related("job__winner").get()
    job = refusal.job
    assert job.winner.agency_id != refusal.agency_id and job.winner.rank == 2
    assert job.status == Job.Status.CONTRACTED
    assert job.contracts.get(status=Contract.Status.SIGNED).agency_id == job.winner.agency_id


def test_the_life_after_the_award_went_through_the_services(seeded):
    statuses = set(Contract.objects.values_list("status", flat=True))
    assert {"draft", "offered", "signed", "refused", "terminated"} <= statuses
    assert ContractRound.objects.exclude(comments="").exists()  # an offer sent back with comments
    # every contract signed on this platform was signed online (the imported history was signed on paper)
    assert Signature.objects.values("contract").distinct().count() >= Contract.objects.filter(status="signed").exclude(
        job__project_code__contains=HISTORY_MARK).count()
    assert Payment.objects.filter(method="online", status="succeeded").exists()
    assert Payment.objects.filter(method="offline", status="succeeded").exists()
    assert Refund.objects.filter(status="succeeded").exists()
    assert Delivery.objects.filter(status="rejected").exists() and Delivery.objects.filter(status="accepted").exists()
    for job in Job.objects.filter(status__in=["contracted", "in_service", "delivered", "accepted", "completed"]):
        assert job.contracts.filter(status="signed").exists(), job
    awaiting = Job.objects.get(project_code__endswith="000268")
    assert awaiting.status == Job.Status.AWARDED and not awaiting.contracts.exists()
    assert awaiting.owner.memberships.filter(user__email=OWNER_ADMIN[1]).exists()
    assert awaiting.winner.agency.memberships.filter(user__email=AGENCY_ADMIN[1]).exists()


def test_every_draw_took_a_beacon_value_two_regulators_fixed_after_the_close(seeded):
    drawn = Job.objects.filter(draws__isnull=False).distinct()
    assert drawn.exists()
    for job in drawn:
        for beacon in DrawBeacon.objects.filter(job=job):
            assert beacon.source == DrawBeacon.Source.REGULATORS and beacon.fixed_at
            assert beacon.entered_by.regulator.is_active and beacon.confirmed_by.regulator.is_active
            assert beacon.entered_by != beacon.confirmed_by
            if beacon.stage == DrawBeacon.Stage.INVITATION:  # quote comparison: after the candidates' list
                assert job.published_at < beacon.entered_at < beacon.confirmed_at < job.closes_at
            else:
                assert job.closes_at < beacon.entered_at < beacon.confirmed_at
            assert beacon.reference.startswith("福彩3D")
            assert AuditEntry.objects.filter(action=Action.JOB_BEACON_CONFIRM, object_id=str(job.pk),
                                             actor_id=beacon.confirmed_by_id).exists()
    # The awaiting random draw waits for its beacon value: the owner has asked, no regulator has entered it yet.
    awaiting = Job.objects.get(status=Job.Status.CLOSED, selection_method=Job.Method.RANDOM)
    assert awaiting.beacon.requested_at and not awaiting.beacon.entered_at


def test_open_jobs_show_nothing_of_their_bids_in_public(client, seeded):
    for job in Job.objects.filter(status=Job.Status.PUBLISHED):
        page = client.get(f"/notices/{job.pk}/")
        assert page.status_code == 200
        text = page.content.decode()
        assert job.title in text
        for bid in job.bids.select_related("agency"):
            assert bid.receipt_number not in text
            assert bid.random_value not in text
            assert bid.agency.name not in text


def test_a_second_run_changes_no_job_bid_draw_or_audit_entry(seeded):
    first = counts()
    seed()
    assert counts() == first


def test_the_demo_owner_sees_its_jobs(client, seeded):
    membership = Membership.objects.select_related("organisation").get(user__email=OWNER_ADMIN[1])
    jobs = Job.objects.filter(owner=membership.organisation)
    assert set(jobs.values_list("status", flat=True)) >= {
        Job.Status.DRAFT, Job.Status.PUBLISHED, Job.Status.CLOSED, Job.Status.PUBLICITY, Job.Status.COMPLETED}
    assert client.login(email=OWNER_ADMIN[1], password=OWNER_ADMIN[2])
    page = client.get("/workspace/jobs/")
    assert page.status_code == 200
    text = page.content.decode()
    for job in jobs.filter(status__in=[Job.Status.PUBLISHED, Job.Status.CLOSED, Job.Status.PUBLICITY]):
        assert job.title in text


def test_the_demo_agency_sees_its_bids(client, seeded):
    membership = Membership.objects.select_related("organisation").get(user__email=AGENCY_ADMIN[1])
    agency = membership.organisation
    bids = Bid.objects.filter(agency=agency).select_related("job")
    assert bids.filter(status=Bid.Status.LIVE, job__status=Job.Status.PUBLISHED).exists()
    assert Objection.objects.filter(bid__agency=agency, status=Objection.Status.OPEN).exists()
    assert Job.objects.filter(winner__agency=agency, status=Job.Status.COMPLETED).exists()
    assert client.login(email=AGENCY_ADMIN[1], password=AGENCY_ADMIN[2])
    page = client.get(f"/workspace/bids/?org={agency.pk}")
    assert page.status_code == 200
    text = page.content.decode()
    for bid in bids.filter(job__status__in=[Job.Status.PUBLISHED, Job.Status.PUBLICITY]):
        assert bid.job.title in text
