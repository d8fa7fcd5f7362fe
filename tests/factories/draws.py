"""A job drawn as the platform draws one: past its close with valid bids, the regulators' beacon
fixed, the draw run (bidding.draw, the current version) and published, the winner in publicity."""
import datetime
from decimal import Decimal

from django.utils import timezone

from bidding import draw
from bidding.models import Bid, Draw, DrawBeacon, Job

from .accounts import UserFactory
from .bidding import BidFactory, JobFactory


def drawn_job(owner, item, agencies, title="Drawn job"):
    """A random-draw job past its close with three valid bids, drawn (version 2) and in publicity."""
    now = timezone.now()
    job = JobFactory(owner=owner, item=item, title=title, description="Done.", status=Job.Status.CLOSED,
                     published_at=now - datetime.timedelta(days=10), closes_at=now - datetime.timedelta(days=2),
                     closed_at=now - datetime.timedelta(days=2), created_by=UserFactory(full_name="Olga Owner"))
    bids = [BidFactory(job=job, agency=agency, price=Decimal(price), status=Bid.Status.VALID, plan="Plan",
                       submitted_by=UserFactory(full_name="Ann Agent"))
            for agency, price in zip(agencies, ("52000", "61000", "70500"))]
    beacon = DrawBeacon.objects.create(
        job=job, source=DrawBeacon.Source.REGULATORS, value="5 2 8", reference="Lottery 3D draw 318",
        entered_by=UserFactory(full_name="Rita Regulator"), entered_at=job.closes_at + datetime.timedelta(hours=1),
        confirmed_by=UserFactory(full_name="Rob Regulator"), confirmed_at=job.closes_at + datetime.timedelta(hours=2),
        fixed_at=job.closes_at + datetime.timedelta(hours=2),
    )
    by_value = {bid.random_value: bid for bid in bids}
    result = draw.run(job.draw_seed, list(by_value), beacon=beacon.value, version=draw.VERSION)
    Draw.objects.create(job=job, purpose=Draw.Purpose.WINNER, version=draw.VERSION, seed=job.draw_seed,
                        beacon=beacon.value, pool=result.pool, values=draw.published_order(by_value),
                        ranking=result.ranking, performed_at=now)
    for position, value in enumerate(result.ranking, start=1):
        by_value[value].rank = position
        by_value[value].save(update_fields=["rank"])
    Job.objects.filter(pk=job.pk).update(
        winner=by_value[result.ranking[0]], status=Job.Status.PUBLICITY, selected_at=now, seed_revealed_at=now,
        publicity_ends_at=now + datetime.timedelta(days=5), selection_reason="By draw",
    )
    return job
