"""Scenes for the public notices, the draw proof and the regulators' flags."""
import datetime
import itertools
from decimal import Decimal

import pytest
from django.utils import timezone

from bidding import draw
from bidding.models import Bid, Draw, Job
from tests.factories import AgencyFactory, BidFactory, DrawBeaconFactory, JobFactory

_numbers = itertools.count(1)


@pytest.fixture
def home(db):
    """The public page tree as seed_demo builds it, /notices/ included."""
    from core.demo.site import ensure_page_tree

    return ensure_page_tree()


def separate_agency(**fields):
    """An agency sharing nothing with any other: representative, phone, mail domain, address."""
    n = next(_numbers)
    defaults = {
        "legal_representative": f"代表人{n}",
        "contact_phone": f"0838-6{n:06d}",
        "contact_email": f"office@firm{n}.com.cn",
        "address": f"德阳市旌阳区岷江西路{n}号",
    }
    return AgencyFactory(**{**defaults, **fields})


def closed_job(**fields):
    now = timezone.now()
    defaults = {
        "status": Job.Status.CLOSED,
        "published_at": now - datetime.timedelta(days=10),
        "closes_at": now - datetime.timedelta(days=2),
        "closed_at": now - datetime.timedelta(days=2),
    }
    return JobFactory(**{**defaults, **fields})


def valid_bids(job, prices, agencies=None, **fields):
    agencies = agencies or [separate_agency() for _price in prices]
    return [
        BidFactory(job=job, agency=agency, price=Decimal(str(price)), status=Bid.Status.VALID,
                   ip=f"10.1.{next(_numbers) % 250}.{index + 1}", **fields)
        for index, (agency, price) in enumerate(zip(agencies, prices))
    ]


def perform_draw(job, bids, version=draw.VERSION):
    """What the draw service does, straight in the database: run the draw (version 2 with a
    beacon value two regulators fixed after the close; version 1 as draws were made before the
    beacon), store it, rank the bids, set the winner and start publicity."""
    now = timezone.now()
    beacon = DrawBeaconFactory(job=job).value if version >= 2 else None
    by_value = {bid.random_value: bid for bid in bids}
    result = draw.run(job.draw_seed, list(by_value), beacon=beacon, version=version)
    Draw.objects.create(
        job=job, purpose=Draw.Purpose.WINNER, version=version, seed=job.draw_seed, beacon=beacon or "",
        pool=result.pool, values=draw.published_order(by_value), ranking=result.ranking, performed_at=now,
    )
    for position, value in enumerate(result.ranking, start=1):
        by_value[value].rank = position
        by_value[value].save(update_fields=["rank"])
    job.winner = by_value[result.ranking[0]]
    job.status = Job.Status.PUBLICITY
    job.selected_at = now
    job.seed_revealed_at = now
    job.publicity_ends_at = now + datetime.timedelta(days=5)
    job.save()
    return by_value[result.ranking[0]]


def drawn_job(version):
    job = closed_job(title="旌阳区污水管网改造工程环境影响评价")
    bids = valid_bids(job, [52000, 61000, 70500])
    invalid = BidFactory(job=job, agency=separate_agency(name="德阳无资质咨询有限公司"), price=Decimal("48000"),
                         status=Bid.Status.INVALID, invalid_reason="缺少法定资质：环境影响评价资质")
    winner = perform_draw(job, bids, version=version)
    job.refresh_from_db()
    return {"job": job, "bids": bids, "invalid": invalid, "winner": winner}


@pytest.fixture
def drawn(db):
    """A random-draw job past its close with three valid bids and one invalid, drawn (version 2)."""
    return drawn_job(draw.VERSION)


@pytest.fixture
def drawn_v1(db):
    """The same, drawn before the public beacon existed (version 1, as the migration marks old draws)."""
    return drawn_job(1)
