"""Who may get the contract after a refusal: the published ranking, read (no writes)."""
from django.utils import timezone

from bidding.models import Bid
from providers import standing_rules

from ..models import SigningRefusal


def runner_up(job):
    """The next valid bid in the published ranking after every winner that refused to sign,
    skipping agencies barred now; None if there is none."""
    refused = set(SigningRefusal.objects.filter(job=job).values_list("agency_id", flat=True))
    now = timezone.now()
    ranked = (Bid.objects.filter(job=job, status=Bid.Status.VALID, rank__isnull=False)
              .exclude(agency_id__in=refused).exclude(pk=job.winner_id).select_related("agency").order_by("rank"))
    return next((bid for bid in ranked if not standing_rules.is_barred(bid.agency, now)), None)
