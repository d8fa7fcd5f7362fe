import datetime
import secrets

import factory
from django.utils import timezone

from bidding import draw
from bidding.models import Bid, DrawBeacon, Job

from .marketplace import ServiceItemFactory
from .providers import AgencyFactory, OwnerFactory


class JobFactory(factory.django.DjangoModelFactory):
    """A job straight in the database; pass status= and closes_at= for later stages.

    Published (and later) jobs get a draw seed and its commitment, as publication gives them."""

    class Meta:
        model = Job

    owner = factory.SubFactory(OwnerFactory)
    created_by = factory.SubFactory("tests.factories.accounts.UserFactory")
    item = factory.SubFactory(ServiceItemFactory)
    title = factory.Sequence(lambda n: f"德阳市某道路改建工程环境影响评价{n}")
    project_code = factory.Sequence(lambda n: f"2026-510603-48-01-{n:06d}")
    description = "编制建设项目环境影响报告表并取得批复。"
    budget = 80000
    ceiling_price = 80000
    selection_method = Job.Method.RANDOM
    price_mode = Job.PriceMode.AMOUNT
    service_days = 20
    status = Job.Status.PUBLISHED
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=5))
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    draw_seed = factory.LazyFunction(draw.new_seed)
    draw_commitment = factory.LazyAttribute(lambda job: draw.commitment(job.draw_seed))


class BidFactory(factory.django.DjangoModelFactory):
    """A bid straight in the database (no rules checked): for setting up a scene."""

    class Meta:
        model = Bid

    job = factory.SubFactory(JobFactory)
    agency = factory.SubFactory(AgencyFactory)
    submitted_by = factory.SubFactory("tests.factories.accounts.UserFactory")
    price = 60000
    promised_days = 15
    plan = "组建专项技术组，现场踏勘后编制报告表。"
    random_value = factory.LazyFunction(draw.new_entry_value)
    receipt_number = factory.LazyFunction(lambda: "BJ" + secrets.token_hex(6).upper())
    status = Bid.Status.LIVE
    submitted_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyFunction(timezone.now)


class DrawBeaconFactory(factory.django.DjangoModelFactory):
    """A public beacon value two regulators entered and confirmed after the job's close: what a
    draw needs (bidding/services/beacon.py). Pass fixed_at=None etc. for earlier stages."""

    class Meta:
        model = DrawBeacon

    job = factory.SubFactory(JobFactory, status=Job.Status.CLOSED,
                             closes_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=3)))
    source = DrawBeacon.Source.REGULATORS
    value = factory.Sequence(lambda n: f"{n % 10} {n * 7 % 10} {n * 3 % 10}")
    reference = factory.Sequence(lambda n: f"福彩3D 第2026{n % 1000:03d}期开奖号码")
    entered_by = factory.SubFactory("tests.factories.accounts.UserFactory")
    entered_at = factory.LazyAttribute(lambda beacon: beacon.job.closes_at + datetime.timedelta(hours=1))
    confirmed_by = factory.SubFactory("tests.factories.accounts.UserFactory")
    confirmed_at = factory.LazyAttribute(lambda beacon: beacon.entered_at + datetime.timedelta(minutes=30))
    fixed_at = factory.LazyAttribute(lambda beacon: beacon.confirmed_at)
