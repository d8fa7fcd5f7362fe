"""Price benchmarks (价格基准): what jobs of an item and scale were awarded at, lately.

The rules, as the public pages state them:

- **Sample**: the jobs of the item awarded in the 12 months (365 days) up to the moment asked
  about (`Job.awarded_at` in (as_of − 365 days, as_of]) that have a winner; a job whose
  publicity was restarted for the runner-up counts from its new award. The price is the winning
  bid's amount; a discount-rate bid's amount is the fee-rule standard less the discount
  (eligibility.implied_price, with the item's fee rule as it is now).
- **Scale bands** by the job's scale: its ceiling price, or its budget when it has no ceiling
  (SCALE_BANDS: under 100,000 yuan; 100,000 to under 500,000; 500,000 to under 2,000,000;
  2,000,000 and more). A job with neither is in no band; for it the benchmark of all scales is used.
- **Figures**: the median and the 25th and 75th percentiles (P25–P75, the middle half of the
  awarded prices), each by linear interpolation between the sorted prices (position (n − 1) × p,
  counting from 0: the same as a spreadsheet's PERCENTILE.INC), rounded to the fen.
- **Minimum sample**: fewer than MIN_SAMPLE awarded prices give no figures ("样本不足"), and no
  rule below applies.
- **Far below**: a price below FAR_BELOW_RATIO × the median (the abnormally-low ratio,
  settings.ABNORMAL_LOW_PRICE_RATIO) is far below the benchmark. A bid that far below needs the
  agency's written reason (Bid.benchmark_justification): refused without it when submitted,
  invalid without it at the close (`justification_refusal`, the one rule both call); and it is
  flagged as abnormally low beside the bids below the mean of the others
  (selectors.selection.abnormally_low_ids).
- **The job's benchmark** is the one as of its publication (`job_benchmark`): the same figures
  for every bidder during the whole window and at the close, whatever is awarded meanwhile.

A page reads one query for an item's whole table (`item_benchmarks`) and one for a job.
"""
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import DomainError

from ..eligibility import implied_price
from ..models import Job

FEN = Decimal("0.01")
WINDOW = datetime.timedelta(days=365)
MIN_SAMPLE = 5


@dataclass(frozen=True)
class Band:
    key: str
    label: str
    low: Decimal  # inclusive
    high: Decimal | None  # exclusive; None: no upper bound

    def contains(self, amount) -> bool:
        return amount >= self.low and (self.high is None or amount < self.high)


SCALE_BANDS = (
    Band("s1", gettext_lazy("10 万元以下"), Decimal(0), Decimal(100_000)),
    Band("s2", gettext_lazy("10 万至 50 万元"), Decimal(100_000), Decimal(500_000)),
    Band("s3", gettext_lazy("50 万至 200 万元"), Decimal(500_000), Decimal(2_000_000)),
    Band("s4", gettext_lazy("200 万元及以上"), Decimal(2_000_000), None),
)
ALL_SCALES = Band("all", gettext_lazy("全部规模"), Decimal(0), None)


def far_below_ratio() -> Decimal:
    return Decimal(str(settings.ABNORMAL_LOW_PRICE_RATIO))


# --- pure computations ------------------------------------------------------------------------

def scale_amount(job):
    """The job's scale: its ceiling price, else its budget, else None."""
    if job.ceiling_price is not None:
        return Decimal(job.ceiling_price)
    if job.budget is not None:
        return Decimal(job.budget)
    return None


def band_of(amount):
    """The scale band of an amount, or ALL_SCALES when there is no amount."""
    if amount is None:
        return ALL_SCALES
    for band in SCALE_BANDS:
        if band.contains(Decimal(amount)):
            return band
    return ALL_SCALES  # a negative amount: no band of its own


def percentile(ordered, p) -> Decimal:
    """The p-th quantile (0 ≤ p ≤ 1) of the sorted non-empty list `ordered`, interpolated
    linearly at position (n − 1) × p, rounded to the fen."""
    position = (len(ordered) - 1) * Decimal(str(p))
    low = int(position)  # floor: position ≥ 0
    fraction = position - low
    value = Decimal(ordered[low])
    if fraction:
        value += fraction * (Decimal(ordered[low + 1]) - value)
    return value.quantize(FEN, ROUND_HALF_UP)


@dataclass(frozen=True)
class Benchmark:
    band: Band
    count: int
    p25: Decimal | None = None
    median: Decimal | None = None
    p75: Decimal | None = None

    @property
    def min_sample(self) -> int:
        return MIN_SAMPLE

    @property
    def sufficient(self) -> bool:
        return self.count >= MIN_SAMPLE

    @property
    def threshold(self):
        """The price below which a quote is far below this benchmark (None: no figures)."""
        if not self.sufficient:
            return None
        return (self.median * far_below_ratio()).quantize(FEN, ROUND_HALF_UP)


def summarize(band, prices) -> Benchmark:
    """The benchmark of `prices` (amounts in any order) in `band`: no figures below MIN_SAMPLE."""
    ordered = sorted(Decimal(price) for price in prices)
    if len(ordered) < MIN_SAMPLE:
        return Benchmark(band=band, count=len(ordered))
    return Benchmark(band=band, count=len(ordered), p25=percentile(ordered, "0.25"),
                     median=percentile(ordered, "0.5"), p75=percentile(ordered, "0.75"))


def _percent(ratio) -> str:
    return f"{ratio * 100:f}".rstrip("0").rstrip(".")


def is_far_below(benchmark, amount) -> bool:
    threshold = benchmark.threshold if benchmark is not None else None
    return threshold is not None and amount is not None and Decimal(amount) < threshold


# --- reads --------------------------------------------------------------------------------------

def _item_id(item):
    return getattr(item, "pk", item)


def awarded_sample(item, as_of=None):
    """[(scale amount or None, awarded price)] of the item's jobs awarded in the 12 months up to
    `as_of` (now by default). One query."""
    as_of = as_of or timezone.now()
    jobs = (Job.objects.filter(item_id=_item_id(item), winner__isnull=False,
                               awarded_at__gt=as_of - WINDOW, awarded_at__lte=as_of)
            .select_related("winner", "item__fee_rule").order_by("pk"))
    sample = []
    for job in jobs:
        price = bid_amount(job, job.winner.price, job.winner.discount_rate)
        if price is not None:
            sample.append((scale_amount(job), price))
    return sample


def item_benchmarks(item, as_of=None):
    """The item's benchmark table: one Benchmark per scale band, then all scales together."""
    sample = awarded_sample(item, as_of)
    rows = [summarize(band, [price for scale, price in sample if scale is not None and band.contains(scale)])
            for band in SCALE_BANDS]
    rows.append(summarize(ALL_SCALES, [price for _scale, price in sample]))
    return rows


def benchmark_for(item, amount, as_of=None) -> Benchmark:
    """The benchmark of the band `amount` falls in (all scales when None), as of `as_of`."""
    band = band_of(amount)
    sample = awarded_sample(item, as_of)
    if band is ALL_SCALES:
        return summarize(band, [price for _scale, price in sample])
    return summarize(band, [price for scale, price in sample if scale is not None and band.contains(scale)])


def job_benchmark(job) -> Benchmark:
    """The job's benchmark: its item and scale, as of its publication (now for a draft)."""
    return benchmark_for(job.item_id, scale_amount(job), as_of=job.published_at)


def bid_amount(job, price, discount_rate):
    """The amount a quote stands for: the price, or the discount off the fee-rule standard
    (None when it cannot be computed)."""
    if job.price_mode == Job.PriceMode.DISCOUNT:
        if discount_rate is None:
            return None
        try:
            return implied_price(job, discount_rate)
        except DomainError:
            return None
    return None if price is None else Decimal(price)


# --- the rule -------------------------------------------------------------------------------------

def justification_refusal(job, *, price=None, discount_rate=None, justification="", benchmark=None):
    """Why the quote may not stand without a written reason, or None: it is far below the job's
    price benchmark and `justification` is empty. The bid services and the close call this."""
    if (justification or "").strip():
        return None
    benchmark = benchmark if benchmark is not None else job_benchmark(job)
    amount = bid_amount(job, price, discount_rate)
    if not is_far_below(benchmark, amount):
        return None
    return _(
        "报价 %(amount)s 元低于本事项同规模（%(band)s）价格基准中位数 %(median)s 元的 %(percent)s%%"
        "（%(threshold)s 元），属于远低于价格基准，请在“低于价格基准的说明”中写明理由。"
    ) % {"amount": f"{amount:,.2f}", "band": benchmark.band.label, "median": f"{benchmark.median:,.2f}",
         "percent": _percent(far_below_ratio()), "threshold": f"{benchmark.threshold:,.2f}"}
