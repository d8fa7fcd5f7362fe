"""Reads of bids. Sealed: before the close a bid is visible to its own agency's members only —
not the owner, not other agencies, not regulators. Every page that shows bids reads them here."""
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from providers.access import is_active_regulator, is_member, member_q
from providers.models import Organisation
from providers.selectors import organisation_for_member

from .. import states
from ..eligibility import agency_facts, bid_refusal
from ..models import Bid, BidAttachment, Job


def _with_joins(queryset):
    return queryset.select_related("job__item", "job__owner", "agency").prefetch_related("attachments")


def _own(user):
    return member_q(user, "agency__")


def bids_visible_to(job, user):
    """The bids of `job` that `user` may read. Before the close: only bids of the user's own
    agencies; after it, also the valid bids, for the owner's members and active regulators.
    The public reads results through bidding.selectors.public, never here."""
    if not user.is_authenticated:
        return Bid.objects.none()
    visible = _own(user)
    if not states.bids_sealed(job) and (
        is_member(user, job.owner_id) or is_active_regulator(user)
    ):
        visible |= Q(status=Bid.Status.VALID)
    return _with_joins(Bid.objects.filter(job=job).filter(visible).distinct()).order_by("rank", "submitted_at", "pk")


def bid_for_agency_member(bid_id, user):
    """A bid of one of `user`'s agencies; 404 for anyone else, so no one learns that it exists."""
    if not user.is_authenticated:
        raise PermissionDenied
    return get_object_or_404(_with_joins(Bid.objects.filter(_own(user)).distinct()), pk=bid_id)


def live_bid_of(agency, job):
    """The agency's live (or judged) bid on the job, for its own members' pages."""
    return _with_joins(Bid.objects.filter(job=job, agency=agency).exclude(status=Bid.Status.WITHDRAWN)).first()


def bids_of_agency(agency):
    return (
        Bid.objects.filter(agency=agency)
        .select_related("job__item", "job__owner")
        .order_by("-submitted_at", "-pk")
    )


def agencies_of_member(user):
    """The agencies `user` belongs to, by name."""
    return Organisation.objects.filter(member_q(user), kind=Organisation.Kind.AGENCY).order_by("name")


def agency_for_bidding(org_id, user):
    """One of `user`'s organisations that is an agency, or PermissionDenied."""
    organisation = organisation_for_member(org_id, user)
    if organisation.kind != Organisation.Kind.AGENCY:
        raise PermissionDenied
    return organisation


def open_jobs(*, now=None):
    now = now or timezone.now()
    return (
        Job.objects.filter(states.window_open_q(now))
        .select_related("item__approving_department__region", "item__fee_rule", "owner__region")
        .prefetch_related("required_qualifications")
        .order_by("closes_at", "pk")
    )


def opportunities_for(agency, *, all_items=False, now=None):
    """Open jobs for the agency: those for the items it offers, or every open job."""
    jobs = open_jobs(now=now)
    if not all_items:
        jobs = jobs.filter(item__offers__agency=agency)
    return jobs


def with_refusals(agency, jobs, *, now=None):
    """[(job, refusal or None, own live bid or None)] for a page of jobs, in a fixed number of queries."""
    now = now or timezone.now()
    jobs = list(jobs)
    ids = [job.pk for job in jobs]
    facts = agency_facts(agency, job_ids=ids)
    own = {bid.job_id: bid for bid in Bid.objects.filter(agency=agency, job_id__in=ids)
           .exclude(status=Bid.Status.WITHDRAWN)}
    return [(job, bid_refusal(agency, job, at=now, facts=facts), own.get(job.pk)) for job in jobs]


def job_for_bidding(job_id):
    """A published (or later) job an agency may look at; drafts do not exist for agencies."""
    return get_object_or_404(
        Job.objects.exclude(status=Job.Status.DRAFT)
        .select_related("item__approving_department__region", "item__fee_rule", "owner__region")
        .prefetch_related("required_qualifications", "attachments"),
        pk=job_id,
    )


def bid_attachment_for_reader(attachment_id, user):
    """A bid's attachment, for the bid's own agency at any time, and once the window has closed
    for the job owner's members and active regulators; 404 for everyone else (sealed bids
    must not even be known to exist)."""
    attachment = get_object_or_404(BidAttachment.objects.select_related("bid__job"), pk=attachment_id)
    bid = attachment.bid
    if not user.is_authenticated:
        raise Http404
    if bids_visible_to(bid.job, user).filter(pk=bid.pk).exists():
        return attachment
    raise Http404
