"""The statistics' figure math (统计口径), pure: no database, no clock. The selectors
(oversight/selectors/statistics.py) sum StatsMonth columns in the database and hand the sums
here; every ratio the pages, exports and the public summary show is computed by one function
below, so one definition holds everywhere.

Definitions (all amounts integer fen; rates are Decimal percentages rounded half-up to 0.1, or
None when there is nothing to divide by):

- savings against the budget: (budget − awarded price) / budget, over awarded jobs that had a
  budget (`budget_fen`, `budget_awarded_fen`); against the ceiling likewise;
- service time: working days a completed contract took (contracts: from the clock's start to the
  last accepted delivery, less the owner's late days) against the item's statutory limit
  (contract.statutory_days, else the item's): `avg_days`, `avg_statutory_days`, and
  `time_ratio` = days taken / statutory days in percent;
- the reform goal (中介服务办理时间压缩30%以上): service time 30 % below the same period a
  year earlier: `goal_days(before_avg)` = 70 % of the year-earlier average, and
  `change_rate(now, before)` the relative change (−30 or lower meets the goal);
- on-time rate: completed contracts that took no more working days than promised, in percent;
- bids per job: valid bids of awarded jobs / awarded jobs; single-bidder rate: awarded jobs with
  exactly one valid bid, in percent;
- complaint rate: complaints filed per 100 awarded jobs of the same item, region and months;
- outside share: awarded jobs won by an agency from outside the owner's prefecture (the
  province, for an owner registered at province level), in percent — the zero-barrier goal
  (零门槛、零限制) measured;
- concentration per item: the top-N agencies' share of the item's awards, and the Herfindahl–
  Hirschman index over the agencies' shares in percent (0–10000; 10000 = one agency wins all).
"""
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

GOAL_REDUCTION = Decimal("0.30")  # 中介服务办理时间压缩30%以上
ONE_PLACE = Decimal("0.1")

# The StatsMonth columns every figure is a sum of (the selectors aggregate exactly these).
SUM_COLUMNS = (
    "jobs_published", "jobs_awarded", "jobs_failed",
    "budget_fen", "budget_awarded_fen", "ceiling_fen", "ceiling_awarded_fen", "awarded_fen",
    "completed", "service_days", "statutory_days", "on_time",
    "bids", "single_bidder", "outside_winners", "complaints",
)


def rounded(value):
    """A Fraction/int/Decimal as a Decimal with one decimal place (half up)."""
    if value is None:
        return None
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(value).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def ratio(part, whole, *, scale=100):
    """part / whole × scale, rounded to 0.1; None when whole is 0 or None."""
    if not whole or part is None:
        return None
    return rounded(Fraction(int(part)) * scale / int(whole))


def average(total, count):
    """total / count rounded to 0.1; None without a count."""
    return ratio(total, count, scale=1)


def savings(reference_fen, awarded_fen):
    """(amount saved in fen, rate in percent) of awarded prices against a reference (budget or
    ceiling) summed over the same jobs."""
    if not reference_fen:
        return 0, None
    saved = int(reference_fen) - int(awarded_fen or 0)
    return saved, ratio(saved, reference_fen)


def change_rate(now, before):
    """Relative change in percent from `before` to `now` (−30.0: 30 % less); None without both."""
    if now is None or not before:
        return None
    return rounded((Decimal(now) - Decimal(before)) * 100 / Decimal(before))


def goal_days(before_avg):
    """The goal line: 70 % of the year-earlier average service days."""
    if before_avg is None:
        return None
    return rounded(Decimal(before_avg) * (1 - GOAL_REDUCTION))


def goal_met(now_avg, before_avg):
    """True when the average service time is at least 30 % below the year-earlier one; None
    when either is unknown."""
    line = goal_days(before_avg)
    if line is None or now_avg is None:
        return None
    return Decimal(now_avg) <= line


def top_share(wins, top=3):
    """The share (percent) of all wins taken by the `top` agencies with most wins."""
    wins = sorted((int(w) for w in wins if w), reverse=True)
    return ratio(sum(wins[:top]), sum(wins))


def hhi(wins):
    """Herfindahl–Hirschman index over the shares in percent (0–10000), rounded to 0.1."""
    wins = [int(w) for w in wins if w]
    total = sum(wins)
    if not total:
        return None
    return rounded(sum(Fraction(w * 100, total) ** 2 for w in wins))


def hhi_from_sums(total, sum_of_squares):
    """The same index from Σw and Σw² (what the database sums): Σ(100·w/T)² = 10000·Σw²/T²."""
    if not total:
        return None
    return rounded(Fraction(int(sum_of_squares) * 10000, int(total) ** 2))


def owner_area_prefix(region_code):
    """The owner's area for the outside-winner figure: the prefecture (4 digits), or the
    province (2) for an owner registered at province level."""
    code = str(region_code or "")
    return code[:2] if code.endswith("0000") else code[:4]


def is_outside(owner_region, agency_region):
    """Whether the winner comes from outside the owner's area (the rule the refresh's database
    expression follows)."""
    return not str(agency_region or "").startswith(owner_area_prefix(owner_region))


@dataclass(frozen=True)
class Figures:
    """The sums of one group of StatsMonth rows (a period, a month, an item, a region) and every
    figure derived from them. `Figures.of(row)` takes a dict of the SUM_COLUMNS (None → 0)."""

    jobs_published: int = 0
    jobs_awarded: int = 0
    jobs_failed: int = 0
    budget_fen: int = 0
    budget_awarded_fen: int = 0
    ceiling_fen: int = 0
    ceiling_awarded_fen: int = 0
    awarded_fen: int = 0
    completed: int = 0
    service_days: int = 0
    statutory_days: int = 0
    on_time: int = 0
    bids: int = 0
    single_bidder: int = 0
    outside_winners: int = 0
    complaints: int = 0

    @classmethod
    def of(cls, row):
        row = row or {}
        return cls(**{f.name: int(row.get(f.name) or 0) for f in fields(cls)})

    def __add__(self, other):
        return Figures(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    @property
    def empty(self):
        return not any(getattr(self, f.name) for f in fields(self))

    @property
    def savings_budget_fen(self):
        return savings(self.budget_fen, self.budget_awarded_fen)[0]

    @property
    def savings_budget_rate(self):
        return savings(self.budget_fen, self.budget_awarded_fen)[1]

    @property
    def savings_ceiling_fen(self):
        return savings(self.ceiling_fen, self.ceiling_awarded_fen)[0]

    @property
    def savings_ceiling_rate(self):
        return savings(self.ceiling_fen, self.ceiling_awarded_fen)[1]

    @property
    def avg_days(self):
        return average(self.service_days, self.completed)

    @property
    def avg_statutory_days(self):
        return average(self.statutory_days, self.completed)

    @property
    def time_ratio(self):
        return ratio(self.service_days, self.statutory_days)

    @property
    def on_time_rate(self):
        return ratio(self.on_time, self.completed)

    @property
    def bids_per_job(self):
        return average(self.bids, self.jobs_awarded)

    @property
    def single_bidder_rate(self):
        return ratio(self.single_bidder, self.jobs_awarded)

    @property
    def complaint_rate(self):
        return ratio(self.complaints, self.jobs_awarded)

    @property
    def outside_share(self):
        return ratio(self.outside_winners, self.jobs_awarded)

    def as_dict(self):
        """Sums and derived figures (for JSON data islands and exports)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        for name in DERIVED:
            data[name] = getattr(self, name)
        return data


DERIVED = ("savings_budget_fen", "savings_budget_rate", "savings_ceiling_fen", "savings_ceiling_rate",
           "avg_days", "avg_statutory_days", "time_ratio", "on_time_rate", "bids_per_job",
           "single_bidder_rate", "complaint_rate", "outside_share")
