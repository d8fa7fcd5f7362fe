"""The approving department's rating and the owner's late steps, straight in the database (no
rules checked), for credit histories; and an accepted contract with a regulator of its item's
approving department, for the rating service and its pages.

    contract = accepted_contract(agency=agency)            # signed, job accepted
    rater = rater_for(contract)                             # a regulator of the approving department
    DepartmentRatingFactory(contract=contract, rated_at=moment)               # first pass
    DepartmentRatingFactory(contract=contract, first_pass=False, corrections=2, returned=True)
    owner_step_of(owner, late_days=3, at=moment)            # a step done 3 working days late
    owner_step_of(owner, late_days=4, at=moment, done=False)  # still open, due at `at`
"""
import datetime

import factory
from django.utils import timezone

from bidding.models import Job
from contracts.models import OwnerStep
from reviews.models import DepartmentRating

from .accounts import UserFactory
from .credit import contract_between
from .marketplace import RegulatorFactory


def accepted_contract(*, agency=None, owner=None, department=None, status=Job.Status.ACCEPTED, **kwargs):
    """A signed contract whose job is accepted (or `status`), the item approved by `department`
    (a new one when not given)."""
    if department is not None:
        kwargs["job__item__approving_department"] = department
    contract = contract_between(agency=agency, owner=owner, **kwargs)
    Job.objects.filter(pk=contract.job_id).update(status=status)
    contract.job.refresh_from_db()
    return contract


def rater_for(contract, **kwargs):
    """The user of an active regulator (TOTP set up) of the contract's approving department."""
    return RegulatorFactory(department=contract.job.item.approving_department, **kwargs).user


class DepartmentRatingFactory(factory.django.DjangoModelFactory):
    """A first-pass rating of a new accepted contract by default."""

    class Meta:
        model = DepartmentRating

    contract = factory.LazyFunction(accepted_contract)
    agency = factory.SelfAttribute("contract.agency")
    department = factory.SelfAttribute("contract.job.item.approving_department")
    first_pass = True
    corrections = 0
    returned = False
    note = ""
    rated_by = factory.SubFactory(UserFactory)
    rated_at = factory.LazyFunction(timezone.now)


def owner_step_of(owner, *, late_days, at, done=True, kind=OwnerStep.Kind.SIGN):
    """An owner's step on a new contract of `owner`: due `late_days` days before `at` and done
    at `at` (or still open), `late_days` working days late as the contracts clock stored it."""
    contract = contract_between(owner=owner)
    due = at - datetime.timedelta(days=late_days)
    return OwnerStep.objects.create(
        contract=contract, kind=kind, subject=f"合同 {contract.number}", started_at=due - datetime.timedelta(days=5),
        due_at=due, done_at=at if done else None, outcome=OwnerStep.Outcome.DONE if done else OwnerStep.Outcome.OPEN,
        late_days=late_days)
