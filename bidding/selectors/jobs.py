"""Reads of announcements for their owners. Lists come with their joins and counts, so a page
runs the same few queries whatever its length; bid counts are computed only for jobs whose bids
are no longer sealed, so not even the number of bids leaks before the close."""
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import Http404

from providers.models import Organisation

from .. import states
from ..models import Bid, Job, JobAvoidance


def _unsealed_count(*bid_statuses):
    return Count(
        "bids", filter=Q(bids__status__in=bid_statuses) & ~Q(status__in=list(states.SEALED))
    )


def _owner_list():
    return (
        Job.objects.select_related("item", "owner")
        .annotate(
            bid_count=_unsealed_count(Bid.Status.VALID, Bid.Status.INVALID),
            valid_bid_count=_unsealed_count(Bid.Status.VALID),
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
    return Organisation.objects.filter(kind=Organisation.Kind.OWNER, memberships__user=user).order_by("name")


def jobs_of_member(user):
    """The jobs of every owner organisation `user` belongs to."""
    return _owner_list().filter(owner__in=owner_organisations_of(user))


def owner_organisation_for_member(org_id, user):
    """An owner organisation `user` belongs to, or PermissionDenied."""
    organisation = owner_organisations_of(user).filter(pk=org_id).first() if str(org_id).isdigit() else None
    if organisation is None:
        raise PermissionDenied
    return organisation


def job_for_owner(job_id, user):
    """The job with what its owner's pages show, if `user` is a member of its owner
    organisation; PermissionDenied otherwise (404 when there is no such job)."""
    if not user.is_authenticated:
        raise PermissionDenied
    from ..services.clock import refresh_job  # services import selectors: keep the arrow one way at import

    if str(job_id).isdigit():
        # Time-driven moves (the close, the end of publicity) are applied on access too.
        refresh_job(int(job_id))
    queryset = (
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
    job = queryset.filter(pk=job_id).first()
    if job is None:
        raise Http404
    if not job.owner.memberships.filter(user=user).exists() or job.owner.kind != Organisation.Kind.OWNER:
        raise PermissionDenied
    return job


def attachment_for_owner(job_id, attachment_id, user):
    job = job_for_owner(job_id, user)
    attachment = next((a for a in job.attachments.all() if a.pk == attachment_id), None)
    if attachment is None:
        raise Http404
    return attachment
