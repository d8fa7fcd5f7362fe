"""The agency's reason for a price far below the benchmark is public with the result."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from bidding.models import Bid, Job
from tests.factories import BidFactory, JobFactory

pytestmark = pytest.mark.django_db


def test_the_reason_is_public_after_the_close_only(client):
    from core.demo.site import ensure_page_tree

    ensure_page_tree()
    now = timezone.now()
    job = JobFactory(status=Job.Status.CLOSED, closes_at=now - datetime.timedelta(hours=2),
                     published_at=now - datetime.timedelta(days=9), closed_at=now - datetime.timedelta(hours=2))
    BidFactory(job=job, price=Decimal("40000"), status=Bid.Status.VALID, benchmark_justification="自有现状监测数据。")
    page = client.get(f"/notices/{job.pk}/").content.decode()
    assert "低于价格基准的说明：自有现状监测数据。" in page
    sealed = JobFactory(closes_at=now + datetime.timedelta(days=3))
    BidFactory(job=sealed, price=Decimal("40000"), benchmark_justification="自有现状监测数据。")
    assert "自有现状监测数据" not in client.get(f"/notices/{sealed.pk}/").content.decode()
