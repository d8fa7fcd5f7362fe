"""Price benchmarks against figures computed by hand, the far-below rule at submission and at
the close, the abnormally-low flag against the benchmark, and constant queries.

The hand computation used below (percentiles by linear interpolation at (n − 1) × p):
awarded prices 40,000 52,000 61,000 65,000 70,000 88,000 (n = 6, positions 0..5)
  P25: position 1.25 → 52,000 + 0.25 × (61,000 − 52,000) = 54,250.00
  median: position 2.5 → 61,000 + 0.5 × (65,000 − 61,000) = 63,000.00
  P75: position 3.75 → 65,000 + 0.75 × (70,000 − 65,000) = 68,750.00
  far below: under 0.7 × 63,000 = 44,100.00
"""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from bidding.errors import BenchmarkJustificationRequired
from bidding.models import Bid, Job
from bidding.selectors import benchmarks
from bidding.selectors.benchmarks import (
    ALL_SCALES,
    SCALE_BANDS,
    band_of,
    benchmark_for,
    item_benchmarks,
    job_benchmark,
    percentile,
)
from bidding.selectors.selection import abnormally_low_ids
from bidding.services.bids import bid_submit, bid_update
from bidding.services.closing import job_close_if_due
from tests.factories import (
    AgencyFactory,
    BidFactory,
    JobFactory,
    MembershipFactory,
    ServiceItemFactory,
    won_job,
)
from tests.writes import nothing_written

pytestmark = pytest.mark.django_db

D = Decimal
PRICES = [65000, 40000, 88000, 52000, 70000, 61000]  # in no particular order


@pytest.fixture
def item():
    return ServiceItemFactory(name="环境影响报告表编制")


def awards(item, prices=PRICES, **fields):
    return [won_job(item=item, price=price, **fields) for price in prices]


# --- pure computations -------------------------------------------------------------------------

def test_percentiles_by_hand():
    ordered = [D(p) for p in sorted(PRICES)]
    assert percentile(ordered, "0.25") == D("54250.00")
    assert percentile(ordered, "0.5") == D("63000.00")
    assert percentile(ordered, "0.75") == D("68750.00")
    assert percentile([D(5), D(7), D(8), D(9), D(100)], "0.5") == D("8.00")  # odd n: the middle one
    assert percentile([D("10000.01")] * 5, "0.25") == D("10000.01")  # all equal


def test_scale_bands():
    assert [band_of(D(x)).key for x in (0, 99999.99, 100000, 499999, 500000, 1999999, 2000000, 9e9)] == [
        "s1", "s1", "s2", "s2", "s3", "s3", "s4", "s4"]
    assert band_of(None) is ALL_SCALES


# --- the benchmark from the database -----------------------------------------------------------

def test_the_benchmark_of_an_item_and_scale_by_hand(item):
    awards(item)  # ceiling 80,000: under 100,000
    # Not in the sample: older than 12 months, another band, another item, not awarded yet.
    won_job(item=item, price=1000, awarded_days_ago=366)
    won_job(item=item, price=1000, ceiling_price=300000)
    won_job(item=ServiceItemFactory(), price=1000)
    won_job(item=item, price=1000, status=Job.Status.PUBLICITY, awarded_days_ago=None)
    benchmark = benchmark_for(item, D("75000"))
    assert benchmark.band.key == "s1" and benchmark.count == 6 and benchmark.sufficient
    assert (benchmark.p25, benchmark.median, benchmark.p75) == (D("54250.00"), D("63000.00"), D("68750.00"))
    assert benchmark.threshold == D("44100.00")


def test_the_scale_is_the_ceiling_else_the_budget(item):
    awards(item, ceiling_price=None, budget=300000)  # in the 100,000–500,000 band by budget
    assert benchmark_for(item, D("80000")).count == 0
    assert benchmark_for(item, D("120000")).median == D("63000.00")


def test_the_item_table_has_every_band_and_all_scales(item):
    awards(item)
    awards(item, prices=[1000, 2000], ceiling_price=600000)
    rows = item_benchmarks(item)
    assert [row.band.key for row in rows] == [band.key for band in SCALE_BANDS] + ["all"]
    assert [row.count for row in rows] == [6, 0, 2, 0, 8]
    assert rows[0].median == D("63000.00")
    assert rows[2].median is None and not rows[2].sufficient  # 样本不足
    # all scales: 1000 2000 40000 52000 61000 65000 70000 88000, median at 3.5 → (52000 + 61000) / 2
    assert rows[4].median == D("56500.00")


def test_fewer_than_the_minimum_sample_gives_no_figures(item):
    awards(item, prices=PRICES[:4])
    benchmark = benchmark_for(item, D("80000"))
    assert benchmark.count == 4 and not benchmark.sufficient
    assert benchmark.median is None and benchmark.threshold is None


def test_the_job_benchmark_is_the_one_as_of_its_publication(item):
    awards(item)
    job = JobFactory(item=item, ceiling_price=D("80000"), published_at=timezone.now() - datetime.timedelta(days=2))
    awards(item, prices=[1000] * 10, awarded_days_ago=1)  # awarded after the publication: not counted
    assert job_benchmark(job).median == D("63000.00")
    assert benchmark_for(item, D("80000")).median == D("1000.00")


def test_the_item_table_reads_one_query_whatever_the_number_of_awards(item, django_assert_num_queries):
    awards(item)
    with django_assert_num_queries(1):
        item_benchmarks(item)
    awards(item, prices=PRICES * 4)
    with django_assert_num_queries(1):
        item_benchmarks(item)


# --- far below: a written reason ----------------------------------------------------------------

@pytest.fixture
def open_job(item):
    awards(item)
    return JobFactory(item=item, ceiling_price=D("80000"), closes_at=timezone.now() + datetime.timedelta(days=5))


@pytest.fixture
def bidder():
    agency = AgencyFactory()
    agency.member = MembershipFactory(organisation=agency).user
    return agency


FAR_BELOW = ("报价 44,000.00 元低于本事项同规模（10 万元以下）价格基准中位数 63,000.00 元的 70%（44,100.00 元），"
             "属于远低于价格基准，请在“低于价格基准的说明”中写明理由。")


def test_a_bid_far_below_the_benchmark_without_a_reason_is_refused_and_nothing_is_written(open_job, bidder):
    with pytest.raises(BenchmarkJustificationRequired) as refused, nothing_written(Bid):
        bid_submit(actor=bidder.member, agency=bidder, job=open_job,
                   data={"price": D("44000"), "promised_days": 10, "plan": ""})
    assert str(refused.value) == FAR_BELOW and refused.value.field == "benchmark_justification"


def test_a_bid_far_below_with_a_reason_is_taken_and_a_bid_at_the_threshold_needs_none(open_job, bidder):
    bid = bid_submit(actor=bidder.member, agency=bidder, job=open_job,
                     data={"price": D("44000"), "promised_days": 10, "plan": "",
                           "benchmark_justification": "  本机构已有该区域的现状监测数据。 "})
    assert bid.benchmark_justification == "本机构已有该区域的现状监测数据。"
    bid = bid_update(actor=bidder.member, bid=bid, data={"price": D("44100"), "promised_days": 10, "plan": ""})
    assert bid.price == D("44100") and bid.benchmark_justification == ""


def test_no_reason_is_needed_when_the_sample_is_too_small(item, bidder):
    awards(item, prices=PRICES[:4])
    job = JobFactory(item=item, ceiling_price=D("80000"), closes_at=timezone.now() + datetime.timedelta(days=5))
    bid = bid_submit(actor=bidder.member, agency=bidder, job=job, data={"price": D("100"), "promised_days": 10})
    assert bid.price == D("100")


def test_the_close_judges_the_same_rule(item):
    awards(item)
    job = JobFactory(item=item, ceiling_price=D("80000"), closes_at=timezone.now() - datetime.timedelta(minutes=5),
                     published_at=timezone.now() - datetime.timedelta(days=10))
    without = BidFactory(job=job, price=D("44000"))
    with_reason = BidFactory(job=job, price=D("44000"), benchmark_justification="自有监测数据。")
    normal = BidFactory(job=job, price=D("60000"))
    job_close_if_due(job.pk)
    for bid in (without, with_reason, normal):
        bid.refresh_from_db()
    assert without.status == Bid.Status.INVALID and without.invalid_reason == FAR_BELOW
    assert with_reason.status == Bid.Status.VALID and normal.status == Bid.Status.VALID


def test_abnormally_low_also_against_the_benchmark(item):
    awards(item)
    job = JobFactory(item=item, ceiling_price=D("80000"), status=Job.Status.CLOSED)
    # 44,000 is not below 0.7 × the mean of the others (0.7 × 44,500); it is below the benchmark's 44,100.
    low, a, b = (BidFactory(job=job, price=D(p), status=Bid.Status.VALID) for p in ("44000", "44000", "45000"))
    assert abnormally_low_ids(job, [low, a, b]) == {low.pk, a.pk}
    # Without a benchmark (too few awards), the same bids are not flagged.
    assert abnormally_low_ids(job, [low, a, b], benchmark=benchmarks.summarize(ALL_SCALES, [])) == set()
