"""Credit events straight in the database (no rules checked): for setting up an organisation's
history. Each helper takes the moment the event happened (`at`), so a test builds a history
over years and moves the clock, never sleeping.

    review_of(agency, Decimal("4.50"), at=moment)      # the owner's review of the agency, shown
    review_of(owner, 2, at=moment)                     # the agency's review of the owner, shown
    delivery_of(agency, days_late=3, at=moment)        # a contract delivered 3 working days late
    refusal_of(agency, at=moment)
    upheld_complaint_against(owner, at=moment)
    CreditActionFactory(organisation=agency, kind="penalty", level="grave", decided_at=moment)
"""
import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from bidding.models import Bid, Objection
from contracts.models import SigningRefusal
from providers.models import Organisation
from reviews.credit import engine
from reviews.models import CreditAction, Review

from .accounts import UserFactory
from .bidding import BidFactory, JobFactory
from .contracts import ContractFactory
from .providers import AgencyFactory, OwnerFactory


def contract_between(*, owner=None, agency=None, **kwargs):
    """A signed contract between the owner and the agency (new ones when not given)."""
    owner = owner or OwnerFactory()
    agency = agency or AgencyFactory()
    return ContractFactory(signed=True, job__owner=owner, bid__agency=agency, **kwargs)


class ReviewFactory(factory.django.DjangoModelFactory):
    """The owner's review of the agency by default (direction "owner")."""

    class Meta:
        model = Review

    contract = factory.SubFactory(ContractFactory, signed=True)
    direction = Review.Direction.OWNER_TO_AGENCY
    reviewer = factory.LazyAttribute(
        lambda r: r.contract.owner if r.direction == Review.Direction.OWNER_TO_AGENCY else r.contract.agency)
    rated = factory.LazyAttribute(
        lambda r: r.contract.agency if r.direction == Review.Direction.OWNER_TO_AGENCY else r.contract.owner)
    average = Decimal("4.00")
    scores = factory.LazyAttribute(lambda r: {
        dimension: int(Decimal(r.average).to_integral_value())
        for dimension in engine.REVIEW_DIMENSIONS["agency" if r.direction == Review.Direction.OWNER_TO_AGENCY
                                                  else "owner"]})
    text = "按约定完成，沟通顺畅。"
    submitted_by = factory.SubFactory(UserFactory)
    submitted_at = factory.LazyFunction(timezone.now)


def review_of(rated, average, *, at, shown=True, **kwargs):
    """A review of `rated` (an agency: by an owner; an owner: by an agency) written at `at`, on a
    new contract. Shown: its window closed before `at` (blind otherwise: the window still open
    and the other side silent)."""
    window = datetime.timedelta(days=16 if shown else 1)
    if rated.kind == Organisation.Kind.AGENCY:
        contract = contract_between(agency=rated, deliverables_filed_at=at - window)
        direction = Review.Direction.OWNER_TO_AGENCY
    else:
        contract = contract_between(owner=rated, deliverables_filed_at=at - window)
        direction = Review.Direction.AGENCY_TO_OWNER
    return ReviewFactory(contract=contract, direction=direction, average=Decimal(str(average)), submitted_at=at,
                         **kwargs)


def delivery_of(agency, *, days_late, at):
    """A contract of the agency whose last milestone was accepted, delivered at `at`,
    `days_late` working days over its promise (0 or less: on time)."""
    return contract_between(agency=agency, final_delivered_at=at, deliverables_filed_at=at,
                            working_days_taken=15 + days_late, days_late_promise=days_late)


def refusal_of(agency, *, at):
    contract = contract_between(agency=agency)
    return SigningRefusal.objects.create(contract=contract, job=contract.job, agency=agency,
                                         deadline=at - datetime.timedelta(days=1), recorded_at=at)


def upheld_complaint_against(owner, *, at):
    """An objection to a job of the owner, upheld by a regulator at `at`."""
    job = JobFactory(owner=owner)
    bid = BidFactory(job=job, status=Bid.Status.VALID)
    return Objection.objects.create(job=job, bid=bid, raised_by=bid.submitted_by, reasons="评分有误。",
                                    status=Objection.Status.UPHELD, raised_at=at - datetime.timedelta(days=3),
                                    escalated_at=at - datetime.timedelta(days=2), decision="投诉成立。",
                                    decided_by=UserFactory(), decided_at=at)


class CreditActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CreditAction

    organisation = factory.SubFactory(AgencyFactory)
    kind = CreditAction.Kind.PENALTY
    level = CreditAction.Level.MINOR
    facts = "未按规定公示收费标准。"
    legal_basis = "《中介服务收费管理办法》第十条"
    decided_by = factory.SubFactory(UserFactory)
    decided_at = factory.LazyFunction(timezone.now)
