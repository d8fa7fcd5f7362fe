"""What every contracts service shares: locking in one order, the parties' members, links."""
from django.urls import reverse

from bidding.models import Job
from providers.access import members_of

from ..models import Contract


def lock(contract):
    """Lock the job, then the contract (always in that order, as the bidding services lock the
    job first): returns both, fresh."""
    job = Job.objects.select_for_update(of=("self",)).select_related("item__category").get(pk=contract.job_id)
    contract = Contract.objects.select_for_update(of=("self",)).get(pk=contract.pk)
    contract.job = job
    return job, contract


def link(contract):
    return reverse("contracts:contract", args=[contract.pk])


def parties(contract):
    return members_of({contract.owner_id, contract.agency_id})


def owner_members(contract):
    return members_of({contract.owner_id})


def agency_members(contract):
    return members_of({contract.agency_id})
