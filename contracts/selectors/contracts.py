"""Reads of contracts for their pages: the parties' lists and pages, the supervising regulators'.

Fetch and authorise in one call: `contract_for_party` answers 404 to anyone who is not a member
of one of the parties, as for a contract that does not exist (another owner's contract is not
even known to exist); `contract_for_regulator` likewise for regulators who do not supervise the
item's category. Lists come with their joins, so a page runs the same few queries whatever its
length. Selectors never write and never import services."""
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404

from bidding.models import Job
from marketplace.selectors.regulators import regulator_for, supervised_category_ids
from providers.access import member_q
from providers.models import Organisation

from .. import rules
from ..models import (
    Contract,
    Delivery,
    DeliveryFile,
    Milestone,
    Payment,
    PaymentVoucher,
    Refund,
    Signature,
)

_LIST_JOINS = ("job__item", "owner", "agency", "template_version__template")


def _organisation_ids(user):
    if not user.is_authenticated:
        return []
    return list(Organisation.objects.filter(member_q(user)).values_list("pk", flat=True))


def contracts_for_user(user, *, organisation_id=None):
    """The contracts of every organisation `user` is a member of, on either side, newest
    first; only those of `organisation_id` when it is one of them."""
    ids = _organisation_ids(user)
    if organisation_id is not None:
        ids = [pk for pk in ids if pk == organisation_id]
    return (Contract.objects.filter(owner_id__in=ids) | Contract.objects.filter(agency_id__in=ids)) \
        .select_related(*_LIST_JOINS).order_by("-created_at", "-pk")


def awarded_jobs_without_contract(user, *, organisation_id=None):
    """The awarded jobs of the user's owner organisations that have no live contract yet (the
    owner generates it from the list)."""
    ids = _organisation_ids(user)
    if organisation_id is not None:
        ids = [pk for pk in ids if pk == organisation_id]
    live = Contract.objects.filter(job=OuterRef("pk"), status__in=Contract.LIVE)
    return (Job.objects.filter(owner_id__in=ids, owner__kind=Organisation.Kind.OWNER, status=Job.Status.AWARDED,
                               winner__isnull=False)
            .filter(~Exists(live)).select_related("item", "owner", "winner__agency").order_by("-awarded_at", "-pk"))


def _contract_queryset():
    return Contract.objects.select_related(
        "job__item__category", "owner", "agency", "bid", "template_version__template", "created_by")


def contract_for_party(contract_id, user):
    """The contract, if `user` is a member of the owner or the agency; 404 otherwise."""
    if not user.is_authenticated:
        raise Http404
    contract = _contract_queryset().filter(pk=contract_id).first()
    if contract is None or rules.side_of(user, contract) is None:
        raise Http404
    return contract


def contracts_for_regulator(user):
    """The contracts of the items in the categories the regulator supervises (PermissionDenied
    for anyone who is not an active regulator), newest first."""
    regulator = regulator_for(user)
    return regulator, (Contract.objects.filter(job__item__category__in=supervised_category_ids(regulator))
                       .select_related(*_LIST_JOINS).order_by("-created_at", "-pk"))


def contract_for_regulator(contract_id, user):
    """One contract in a category the active regulator supervises; 404 otherwise (and for
    anyone who is not an active regulator)."""
    try:
        regulator = regulator_for(user)
    except PermissionDenied:
        raise Http404 from None
    contract = _contract_queryset().filter(pk=contract_id).first()
    if contract is None or contract.job.item.category_id not in supervised_category_ids(regulator):
        raise Http404
    return contract


def contract_for_reader(contract_id, user):
    """For downloads: a party's member or a supervising regulator; 404 for anyone else."""
    if not user.is_authenticated:
        raise Http404
    contract = _contract_queryset().filter(pk=contract_id).first()
    if contract is None or not (rules.side_of(user, contract) or rules.supervises(user, contract)):
        raise Http404
    return contract


@dataclass
class ContractPage:
    """Everything a contract's page shows below its header, fetched with a fixed number of
    queries: the rounds with their signatures, the milestones with their deliveries (and files),
    payments (and vouchers), payout and refunds."""

    rounds: list
    current_round: object
    milestones: list
    deliveries: list  # every delivery of every milestone, for the clock (rules.next_change)


def contract_page(contract):
    rounds = list(contract.rounds.select_related("offered_by", "returned_by").prefetch_related(
        Prefetch("signatures", queryset=Signature.objects.select_related("organisation", "user"))).order_by("number"))
    milestones = list(contract.milestones.select_related("payout").prefetch_related(
        Prefetch("deliveries", queryset=Delivery.objects.order_by("submitted_at", "pk").prefetch_related(
            Prefetch("files", queryset=DeliveryFile.objects.order_by("pk")))),
        Prefetch("payments", queryset=Payment.objects.order_by("created_at", "pk").prefetch_related(
            Prefetch("vouchers", queryset=PaymentVoucher.objects.order_by("pk")))),
        Prefetch("refunds", queryset=Refund.objects.order_by("created_at", "pk")),
    ).order_by("number")) if contract.is_signed else []
    deliveries = [d for m in milestones for d in m.deliveries.all()]
    return ContractPage(rounds=rounds, current_round=rounds[-1] if rounds else None, milestones=milestones,
                        deliveries=deliveries)



def milestone_for_party(milestone_id, user):
    """A milestone of a contract the user is a party to, with its contract; 404 otherwise."""
    milestone = Milestone.objects.filter(pk=milestone_id).only("pk", "contract_id").first()
    if milestone is None:
        raise Http404
    contract = contract_for_party(milestone.contract_id, user)
    milestone = Milestone.objects.get(pk=milestone_id)
    milestone.contract = contract
    return milestone


def delivery_for_party(delivery_id, user):
    delivery = Delivery.objects.filter(pk=delivery_id).select_related("milestone").first()
    if delivery is None:
        raise Http404
    delivery.milestone = milestone_for_party(delivery.milestone_id, user)
    return delivery


def payment_for_owner(payment_id, user):
    """A payment of a contract whose owner the user is a member of; 404 otherwise."""
    payment = Payment.objects.filter(pk=payment_id).select_related("milestone").first()
    if payment is None:
        raise Http404
    milestone = milestone_for_party(payment.milestone_id, user)
    if rules.side_of(user, milestone.contract) != Signature.Side.OWNER:
        raise Http404
    payment.milestone = milestone
    return payment


def delivery_file_for_reader(file_id, user):
    row = DeliveryFile.objects.filter(pk=file_id).select_related("delivery__milestone").first()
    if row is None:
        raise Http404
    contract_for_reader(row.delivery.milestone.contract_id, user)
    return row


def voucher_for_reader(voucher_id, user):
    row = PaymentVoucher.objects.filter(pk=voucher_id).select_related("payment__milestone").first()
    if row is None:
        raise Http404
    contract_for_reader(row.payment.milestone.contract_id, user)
    return row


def signed_contract_by_hash(text_hash):
    """The signed contract with this text's SHA-256 (what the public verify page shows), or None."""
    return (Contract.objects.filter(text_hash=text_hash, signed_at__isnull=False)
            .select_related("owner", "agency", "job", "template_version__template").first())

