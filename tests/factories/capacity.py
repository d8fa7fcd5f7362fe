"""Part D (issue 10): declared capacity and awarded jobs for capacity loads and price benchmarks."""
import datetime

import factory
from django.utils import timezone

from bidding.models import Bid, Job
from marketplace.models import AgencyCapacity

from .bidding import BidFactory, JobFactory
from .marketplace import ServiceItemFactory
from .providers import AgencyFactory


class AgencyCapacityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyCapacity

    agency = factory.SubFactory(AgencyFactory)
    item = factory.SubFactory(ServiceItemFactory)
    limit = 2
    updated_at = factory.LazyFunction(timezone.now)


def won_job(*, item, agency=None, price=60000, status=Job.Status.CONTRACTED, awarded_days_ago=30,
            ceiling_price=80000, budget=None, **job_fields):
    """A job of `item` that `agency` (a new one by default) won at `price`, awarded
    `awarded_days_ago` days ago (None: not awarded yet, e.g. in publicity)."""
    now = timezone.now()
    awarded_at = None if awarded_days_ago is None else now - datetime.timedelta(days=awarded_days_ago)
    job = JobFactory(item=item, status=status, ceiling_price=ceiling_price, budget=budget,
                     closes_at=now - datetime.timedelta(days=(awarded_days_ago or 0) + 10),
                     published_at=now - datetime.timedelta(days=(awarded_days_ago or 0) + 20),
                     awarded_at=awarded_at, **job_fields)
    bid = BidFactory(job=job, agency=agency or AgencyFactory(), price=price, status=Bid.Status.VALID, rank=1)
    job.winner = bid
    job.save(update_fields=["winner"])
    return job
