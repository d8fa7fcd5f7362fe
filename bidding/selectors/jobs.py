"""Reads of announcements for their owners. Lists come with their joins and counts, so a page
runs the same few queries whatever its length; bid counts are computed only for jobs whose bids
are no longer sealed, so not even the number of bids leaks before the close."""
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q
from django.http import Http404

from core.converters import parse_id
from providers.access import is_member, member_q
from providers.models import Organisation

from .. import states
from ..models import Bid, Job, JobAvoidance
from .selection import with_objections_open


def _unsealed_count(*bid_statuses):
    return Count(
        "bids", filter=Q(bids__status__in=bid_statuses) & states.unsealed_q()
    )


def _owner_list():
    return (
        Job.objects.select_related("item", "owner")
        .annotate(
            bid_count=_unsealed_count(Bid.Status.VALID, Bid.Status.INVALID),
            valid_bid_count=_unsealed_count(Bid.Status.VALID),
            bids_open=ExpressionWrapper(states.unsealed_q(), output_field=BooleanField()),
        )
        .order_by("-created_at", "-pk")
    )


def jobs_of_owner(owner):
    """One owner organisation's jobs, newest first, with item, owner and (unsealed) bid counts."""
    return _owner_list().filter(owner=owner)


def owner_organisations_of(user):
    """The owner organisations `user` belongs to (admin or operator)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(member_q(user), kind=Organisation.Kind.OWNER).order_by("name")


def jobs_of_member(user):
    """The jobs of every owner organisation `user` belongs to."""
    return _owner_list().filter(owner__in=owner_organisations_of(user))


def owner_organisation_for_member(org_id, user):
    """An owner organisation `user` belongs to, or PermissionDenied."""
    org_id = parse_id(org_id)
    organisation = owner_organisations_of(user).filter(pk=org_id).first() if org_id is not None else None
    if organisation is None:
        raise PermissionDenied
    return organisation


def job_for_owner(job_id, user):
    """The job with what its owner's pages show, if `user` is a member of its owner
    organisation. Anyone else gets 404, as for a job that does not exist: another owner's job
    is not even known to exist."""
    if not user.is_authenticated:
        raise PermissionDenied
    queryset = with_objections_open(
        Job.objects.select_related("item__fee_rule", "item__category", "owner", "created_by", "reannounced_from")
        .prefetch_related(
            "required_qualifications",
            "item__required_qualifications",
            "attachments",
            "reannouncements",
            Prefetch("avoidances", queryset=JobAvoidance.objects.select_related("agency").order_by("pk")),
        )
        .annotate(
            bid_count=_unsealed_count(Bid.Status.VALID, Bid.Status.INVALID),
            valid_bid_count=_unsealed_count(Bid.Status.VALID),
        )
    )
    job = queryset.filter(pk=job_id, owner__kind=Organisation.Kind.OWNER).first()
    if job is None or not is_member(user, job.owner_id):
        raise Http404
    return job


def attachment_for_owner(job_id, attachment_id, user):
    job = job_for_owner(job_id, user)
    attachment = next((a for a in job.attachments.all() if a.pk == attachment_id), None)
    if attachment is None:
        raise Http404
    return attachment
