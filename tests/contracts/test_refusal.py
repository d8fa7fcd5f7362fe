"""A winner that does not sign in time is recorded as refusing; the owner may then award the
runner-up of the published ranking, after a new publicity period."""
import datetime

import pytest
import time_machine

from bidding.models import Job
from bidding.services.publicity import publicity_end_if_due
from contracts.errors import NoRunnerUp, OwnerOnly, RunnerUpNotAllowed
from contracts.models import Contract, SigningRefusal
from contracts.services import drafting, refusal
from contracts.services.clock import advance_due_contracts

from .helpers import notices_to, offered

pytestmark = pytest.mark.django_db


def test_no_refusal_before_the_deadline(scene):
    contract = offered(scene)
    assert refusal.refusal_record_if_due(contract.pk) is False
    assert not SigningRefusal.objects.exists()


def test_the_owner_signing_alone_does_not_stop_the_clock(scene):
    from contracts.services import signing

    from .conftest import PASSWORD
    contract = offered(scene)
    signing.contract_sign(actor=scene.owner_user, contract=contract, secret=PASSWORD, seen_hash=contract.text_hash)
    with time_machine.travel(contract.sign_deadline + datetime.timedelta(minutes=1)):
        assert advance_due_contracts()["refused"] == [contract.pk]
    assert Contract.objects.get(pk=contract.pk).status == Contract.Status.REFUSED


def test_after_the_deadline_the_refusal_is_recorded_once(scene):
    contract = offered(scene)
    with time_machine.travel(contract.sign_deadline + datetime.timedelta(minutes=1)):
        assert refusal.refusal_record_if_due(contract.pk) is True
        assert refusal.refusal_record_if_due(contract.pk) is False
    record = SigningRefusal.objects.get()
    assert record.agency == scene.winner.agency and record.job == scene.job
    assert any("逾期未签订" in title for title in notices_to(scene.owner_user))


def test_runner_up_only_after_a_refusal(scene):
    offered(scene)
    with pytest.raises(RunnerUpNotAllowed):
        refusal.award_runner_up(actor=scene.owner_user, job=scene.job)
    assert Job.objects.get(pk=scene.job.pk).winner == scene.winner


def _refused(scene):
    contract = offered(scene)
    with time_machine.travel(contract.sign_deadline + datetime.timedelta(minutes=1)):
        refusal.refusal_record_if_due(contract.pk)
    return contract


def test_only_the_owner_awards_the_runner_up(scene):
    _refused(scene)
    with pytest.raises(OwnerOnly):
        refusal.award_runner_up(actor=scene.agency_user, job=scene.job)
    assert Job.objects.get(pk=scene.job.pk).status == Job.Status.AWARDED


def test_the_runner_up_is_announced_then_awarded_and_gets_the_contract(scene):
    _refused(scene)
    job = refusal.award_runner_up(actor=scene.owner_user, job=scene.job)
    assert job.status == Job.Status.PUBLICITY and job.winner == scene.runner_up
    assert any("递补中选结果公示" in title for title in notices_to(scene.runner_up_user))
    with time_machine.travel(job.publicity_ends_at + datetime.timedelta(minutes=1)):
        assert publicity_end_if_due(job.pk) is True
    job.refresh_from_db()
    assert job.status == Job.Status.AWARDED
    contract = drafting.contract_create(actor=scene.owner_user, job=job)
    assert contract.agency == scene.runner_up.agency and contract.price_fen == 6_200_000
    assert Contract.objects.filter(job=job).count() == 2


def test_with_nobody_left_the_owner_must_announce_again(scene):
    scene.runner_up.status = "invalid"
    scene.runner_up.save()
    _refused(scene)
    with pytest.raises(NoRunnerUp):
        refusal.award_runner_up(actor=scene.owner_user, job=scene.job)
    assert Job.objects.get(pk=scene.job.pk).status == Job.Status.AWARDED
