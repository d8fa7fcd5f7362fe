"""Statistics reads (统计分析) for the regulators' pages, the exports and the public summary.

Everything is summed in the database from the materialised StatsMonth / StatsWinnerMonth rows
(rebuilt by `refresh_statistics`, oversight/services/statistics.py), and every function runs a
fixed number of queries whatever the data size (noted per function). The figures themselves
(rates, averages, savings, the goal line, HHI) are computed by oversight/statistics.py.

Interface (for the pages, exports and tests):

    Filters(item=None, category=None, region=None, start=None, end=None, scope=None)
        item: ServiceItem pk; category: ServiceCategory pk; region: a Region code at any level
        (510000 province, 510600 prefecture, 510603 county: everything under it, by code prefix);
        start/end: the first day of a month (date), both inclusive; None → the last 12 months
        ending with the current month (local time, Asia/Shanghai). `filters.period(today=None)`
        gives the resolved (start, end). `Filters.parse(mapping)` reads a query string
        (item, category, region, start=YYYY-MM, end=YYYY-MM; blank = none) and raises
        oversight.errors.statistics.StatisticsFilterInvalid(field=…) for a bad value (≤ 3 queries).

    Every reader takes (filters, scope=None); scope is a marketplace.selectors.scope.RegulatorScope
    and restricts the rows to what the regulator's department oversees (Filters.scope does the
    same; the argument wins when both are given).

    summary(filters, scope=None) -> Summary                                      1 query
        .start, .end, .current: Figures, .year_before: Figures (the same months a year
        earlier), .time_change (% change of the average service days vs a year earlier),
        .goal_days (70 % of the year-earlier average), .goal_met (bool | None)
    monthly(filters, scope=None) -> list[MonthRow], one per month of the period   1 query
        MonthRow: .month (date), .figures, .year_before (Figures of month − 12), .goal_days,
        .time_change
    by_item(filters, scope=None) -> list[ItemRow], by item code                   1 query
        ItemRow: .item_id, .code, .name, .category, .figures, .item (.pk, .code, .name)
    by_region(filters, scope=None) -> list[RegionRow], by code                    2 queries
        one row per division one level below the filter's region (none: provinces; a province:
        its prefectures; a prefecture: its counties; a county: itself).
        RegionRow: .code, .name, .figures, .region (.code, .name)
    credit_grades(filters, scope=None) -> list[GradeRow] (A, B, C, D, 未评级)       1 query
        the current credit grade (providers.Organisation.credit_grade) of the agencies offering
        the filtered items with their seat in the filtered region (the period does not apply).
        GradeRow: .grade ("" = not rated), .label, .agencies (= .count), .share (percent)
    concentration(filters, scope=None, top=3) -> list[ConcentrationRow], by code   1 query
        per item: .item_id, .code, .name, .item, .wins (= .awards: awards in the period), .agencies (distinct
        winners), .top_share (% of awards won by the `top` agencies with most), .hhi (0–10000),
        .leaders: [Leader(.agency_id, .name, .wins, .share)] (at most `top`)
    outside_winners(filters, scope=None) -> list[ItemRow]                          1 query
        by_item restricted to items with awards, ordered by the outside share (highest first):
        the zero-barrier goal measured (Figures.outside_winners / .outside_share)
    refreshed_at() -> datetime | None: when the summary was last rebuilt            1 query
    public_headlines(today=None) -> Headlines                                       3 queries
        the last 12 months, all regions and items: .start, .end, .current, .year_before,
        .time_change, .goal_days, .goal_met, .grades (list[GradeRow]), .refreshed_at

Figures (oversight/statistics.py) carries the sums (jobs_published, jobs_awarded, jobs_failed,
budget_fen, budget_awarded_fen, ceiling_fen, ceiling_awarded_fen, awarded_fen, completed,
service_days, statutory_days, on_time, bids, single_bidder, outside_winners, complaints) and
the derived figures as properties (savings_budget_fen/_rate, savings_ceiling_fen/_rate,
avg_days, avg_statutory_days, time_ratio, on_time_rate, bids_per_job, single_bidder_rate,
complaint_rate, outside_share; rates are Decimal percents with one decimal, None when nothing
to divide by); `.as_dict()` gives both, `.empty` tells a group with no data.
"""
import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db import connection
from django.db.models import Count, F, Max, Q, Sum
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.models import ServiceCategory, ServiceItem
from providers.models import Organisation, Region
from providers.selectors.regions import region_prefix

from ..errors.statistics import StatisticsFilterInvalid
from ..models import StatsMonth, StatsWinnerMonth
from ..statistics import SUM_COLUMNS, Figures, change_rate, goal_days, goal_met, ratio

MAX_MONTHS = 120
GRADES = (("A", _("A级")), ("B", _("B级")), ("C", _("C级")), ("D", _("D级")), ("", _("未评级")))


# --- months ------------------------------------------------------------------------------------------
def month_of(day):
    return day.replace(day=1)


def add_months(month, count):
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def months_between(start, end):
    """Every month from start to end, both included."""
    months, month = [], start
    while month <= end:
        months.append(month)
        month = add_months(month, 1)
    return months


def parse_month(text):
    """"2025-03" (or a full date) → date(2025, 3, 1); ValueError otherwise."""
    text = (text or "").strip()
    if len(text) == 7:
        text += "-01"
    return month_of(datetime.date.fromisoformat(text))


# --- filters -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Filters:
    item: int | None = None
    category: int | None = None
    region: str | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    # A regulator's scope (marketplace.selectors.scope.RegulatorScope): only what their department
    # oversees. The readers' `scope=` argument, when given, takes its place.
    scope: object = None

    def period(self, today=None):
        """(start, end) months, both inclusive; a missing end is the current month, a missing
        start twelve months back from the end."""
        today = today or timezone.localdate()
        end = month_of(self.end) if self.end else month_of(today)
        start = month_of(self.start) if self.start else add_months(end, -11)
        return start, end

    @property
    def prefix(self):
        return region_prefix(self.region) or (self.region or "")

    @classmethod
    def parse(cls, data):
        """Filters from a query string (QueryDict or dict); StatisticsFilterInvalid(field=…) for a
        value that is not one. Checks that the item, category and region exist."""
        def value(name):
            raw = data.get(name) if hasattr(data, "get") else None
            return (raw or "").strip() if isinstance(raw, str) else raw

        item = category = region = start = end = None
        if value("item"):
            try:
                item = int(value("item"))
            except (TypeError, ValueError):
                item = None
            if item is None or not ServiceItem.objects.filter(pk=item).exists():
                raise StatisticsFilterInvalid(_("没有这个服务事项。"), field="item")
        if value("category"):
            try:
                category = int(value("category"))
            except (TypeError, ValueError):
                category = None
            if category is None or not ServiceCategory.objects.filter(pk=category).exists():
                raise StatisticsFilterInvalid(_("没有这个服务类别。"), field="category")
        if value("region"):
            region = str(value("region"))
            if region_prefix(region) is None or not Region.objects.filter(code=region).exists():
                raise StatisticsFilterInvalid(_("没有这个行政区划。"), field="region")
        for name in ("start", "end"):
            if value(name):
                try:
                    month = parse_month(str(value(name)))
                except ValueError:
                    raise StatisticsFilterInvalid(_("月份的格式应为“年-月”，例如 2025-03。"), field=name) from None
                if not datetime.date(2000, 1, 1) <= month <= datetime.date(2100, 12, 1):
                    raise StatisticsFilterInvalid(_("月份超出可统计的范围。"), field=name)
                start, end = (month, end) if name == "start" else (start, month)
        filters = cls(item=item, category=category, region=region, start=start, end=end)
        first, last = filters.period()
        if first > last:
            raise StatisticsFilterInvalid(_("起始月份不能晚于截止月份。"), field="start")
        if len(months_between(first, last)) > MAX_MONTHS:
            raise StatisticsFilterInvalid(_("统计期间最长为 %(n)d 个月。") % {"n": MAX_MONTHS}, field="start")
        return filters


def _where(filters, scope=None, *, months=None):
    """The Q of StatsMonth / StatsWinnerMonth rows matching the filters (and scope); `months`:
    a Q on month instead of the filters' period."""
    q = Q()
    if filters.item:
        q &= Q(item_id=filters.item)
    if filters.category:
        q &= Q(item__category_id=filters.category)
    if filters.region:
        q &= Q(region__code__startswith=filters.prefix)
    scope = scope if scope is not None else filters.scope
    if scope is not None:
        q &= scope.q(category="item__category", region="region__code")
    if months is None:
        start, end = filters.period()
        months = Q(month__gte=start, month__lte=end)
    return q & months


def _sums(prefix="", condition=None):
    return {f"{prefix}{name}": Sum(name, filter=condition) if condition is not None else Sum(name)
            for name in SUM_COLUMNS}


def _figures(row, prefix=""):
    return Figures.of({name: row.get(f"{prefix}{name}") for name in SUM_COLUMNS})


# --- summary and months --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Summary:
    start: datetime.date
    end: datetime.date
    current: Figures
    year_before: Figures

    @property
    def time_change(self):
        return change_rate(self.current.avg_days, self.year_before.avg_days)

    @property
    def goal_days(self):
        return goal_days(self.year_before.avg_days)

    @property
    def goal_met(self):
        return goal_met(self.current.avg_days, self.year_before.avg_days)

    @property
    def empty(self):
        return self.current.empty


def summary(filters, scope=None):
    """The period's figures and those of the same months a year earlier. 1 query."""
    start, end = filters.period()
    now = Q(month__gte=start, month__lte=end)
    before = Q(month__gte=add_months(start, -12), month__lte=add_months(end, -12))
    row = (StatsMonth.objects.filter(_where(filters, scope, months=now | before)).order_by()
           .aggregate(**_sums("c_", now), **_sums("b_", before)))
    return Summary(start=start, end=end, current=_figures(row, "c_"), year_before=_figures(row, "b_"))


@dataclass(frozen=True)
class MonthRow:
    month: datetime.date
    figures: Figures
    year_before: Figures

    @property
    def goal_days(self):
        return goal_days(self.year_before.avg_days)

    @property
    def time_change(self):
        return change_rate(self.figures.avg_days, self.year_before.avg_days)


def monthly(filters, scope=None):
    """One row per month of the period (months without data included), each with the same month
    a year earlier. 1 query."""
    start, end = filters.period()
    months = Q(month__gte=add_months(start, -12), month__lte=end)
    rows = (StatsMonth.objects.filter(_where(filters, scope, months=months)).order_by()
            .values("month").annotate(**_sums()))
    by_month = {row["month"]: _figures(row) for row in rows}
    return [MonthRow(month=month, figures=by_month.get(month, Figures()),
                     year_before=by_month.get(add_months(month, -12), Figures()))
            for month in months_between(start, end)]


# --- by item, by region ------------------------------------------------------------------------------
@dataclass(frozen=True)
class ItemRow:
    item_id: int
    code: str
    name: str
    category: str
    figures: Figures

    @property
    def item(self):
        """The item as an object with .pk, .code, .name (no query)."""
        return SimpleNamespace(pk=self.item_id, code=self.code, name=self.name)


def by_item(filters, scope=None):
    """One row per service item with data in the period, by item code. 1 query."""
    rows = (StatsMonth.objects.filter(_where(filters, scope)).order_by()
            .values("item_id", "item__code", "item__name", "item__category__name").annotate(**_sums())
            .order_by("item__code"))
    return [ItemRow(item_id=row["item_id"], code=row["item__code"], name=row["item__name"],
                    category=row["item__category__name"], figures=_figures(row)) for row in rows]


def outside_winners(filters, scope=None):
    """Items with awards in the period, the highest share of winners from outside the owner's
    area first (the zero-barrier goal). 1 query."""
    rows = [row for row in by_item(filters, scope) if row.figures.jobs_awarded]
    return sorted(rows, key=lambda row: (-(row.figures.outside_share or 0), row.code))


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    figures: Figures

    @property
    def region(self):
        return SimpleNamespace(pk=self.code, code=self.code, name=self.name)


def _child_length(filters):
    prefix = filters.prefix if filters.region else ""
    return {0: 2, 2: 4, 4: 6}.get(len(prefix), 6)


def by_region(filters, scope=None):
    """One row per division one level below the filter's region, by code. 2 queries."""
    length = _child_length(filters)
    rows = list(StatsMonth.objects.filter(_where(filters, scope)).order_by()
                .annotate(key=Substr("region_id", 1, length)).values("key").annotate(**_sums()).order_by("key"))
    codes = {row["key"]: row["key"].ljust(6, "0") for row in rows}
    names = dict(Region.objects.filter(code__in=set(codes.values())).values_list("code", "name")) if codes else {}
    return [RegionRow(code=codes[row["key"]], name=names.get(codes[row["key"]], codes[row["key"]]),
                      figures=_figures(row)) for row in rows]


# --- credit grades -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class GradeRow:
    grade: str
    label: str
    agencies: int
    share: object  # Decimal percent or None

    @property
    def count(self):
        return self.agencies


def _grades(filters=None, scope=None):
    if scope is None and filters is not None:
        scope = filters.scope
    agencies = Organisation.objects.filter(kind=Organisation.Kind.AGENCY)
    offers = Q()
    if filters is not None:
        if filters.item:
            offers &= Q(services__item_id=filters.item)
        if filters.category:
            offers &= Q(services__item__category_id=filters.category)
        if filters.region:
            agencies = agencies.filter(region__code__startswith=filters.prefix)
    if scope is not None:
        offers &= scope.category_q("services__item__category")
        agencies = agencies.filter(scope.region_q("region__code"))
    if offers:
        # Agencies offering one of the items: a subquery, so an agency offering several counts once.
        agencies = agencies.filter(pk__in=Organisation.objects.filter(offers).values("pk"))
    counts = dict(agencies.order_by().values("credit_grade").annotate(n=Count("pk")).values_list("credit_grade", "n"))
    total = sum(counts.values())
    return [GradeRow(grade=grade, label=str(label), agencies=counts.get(grade, 0),
                     share=ratio(counts.get(grade, 0), total)) for grade, label in GRADES]


def credit_grades(filters, scope=None):
    """The credit-grade distribution of the agencies offering the filtered items, seated in the
    filtered region (today's grades; the period does not apply). 1 query."""
    return _grades(filters, scope)


# --- concentration -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Leader:
    agency_id: int
    name: str
    wins: int
    share: object


@dataclass
class ConcentrationRow:
    item_id: int
    code: str
    name: str
    wins: int
    agencies: int
    top_share: object
    hhi: object
    leaders: list = field(default_factory=list)

    @property
    def awards(self):
        return self.wins

    @property
    def item(self):
        return SimpleNamespace(pk=self.item_id, code=self.code, name=self.name)


def concentration(filters, scope=None, top=3):
    """Per item with awards in the period: the top agencies' share of its awards and the
    Herfindahl–Hirschman index. 1 query: the wins are summed per item and agency in the database,
    ranked with a window function, and only the top rows come back with the item's totals."""
    from ..statistics import hhi_from_sums

    top = max(1, int(top))
    inner = (StatsWinnerMonth.objects.filter(_where(filters, scope)).order_by()
             .annotate(si=F("item_id"), sa=F("agency_id")).values("si", "sa").annotate(w=Sum("wins")))
    inner_sql, params = inner.query.sql_with_params()
    item_table, org_table = ServiceItem._meta.db_table, Organisation._meta.db_table
    sql = f"""
        SELECT u.si, u.sa, u.w, u.total, u.squares, u.agencies, i.code, i.name, o.name
        FROM (
            SELECT t.si, t.sa, t.w,
                   ROW_NUMBER() OVER (PARTITION BY t.si ORDER BY t.w DESC, t.sa) AS rn,
                   SUM(t.w) OVER (PARTITION BY t.si) AS total,
                   SUM(t.w * t.w) OVER (PARTITION BY t.si) AS squares,
                   COUNT(*) OVER (PARTITION BY t.si) AS agencies
            FROM ({inner_sql}) t
        ) u
        JOIN "{item_table}" i ON i.id = u.si
        JOIN "{org_table}" o ON o.id = u.sa
        WHERE u.rn <= %s
        ORDER BY i.code, u.rn
    """
    result = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, top])
        for item_id, agency_id, wins, total, squares, agencies, code, name, agency_name in cursor.fetchall():
            row = result.get(item_id)
            if row is None:
                row = result[item_id] = ConcentrationRow(
                    item_id=item_id, code=code, name=name, wins=int(total), agencies=int(agencies),
                    top_share=None, hhi=hhi_from_sums(total, squares))
            row.leaders.append(Leader(agency_id=agency_id, name=agency_name, wins=int(wins),
                                      share=ratio(wins, total)))
    for row in result.values():
        row.top_share = ratio(sum(leader.wins for leader in row.leaders), row.wins)
    return list(result.values())


# --- the public summary --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Headlines:
    summary: Summary
    grades: list
    refreshed_at: datetime.datetime | None

    start = property(lambda self: self.summary.start)
    end = property(lambda self: self.summary.end)
    current = property(lambda self: self.summary.current)
    year_before = property(lambda self: self.summary.year_before)
    time_change = property(lambda self: self.summary.time_change)
    goal_days = property(lambda self: self.summary.goal_days)
    goal_met = property(lambda self: self.summary.goal_met)


def refreshed_at():
    """When the summary was last rebuilt (None: never). 1 query."""
    return StatsMonth.objects.aggregate(at=Max("refreshed_at"))["at"]


def public_headlines(today=None):
    """The public summary's figures: the last 12 months (ending with the current one), every
    item and region, against a year earlier; the agencies' credit grades. 2 queries (+1 for
    when the summary was last refreshed)."""
    end = month_of(today or timezone.localdate())
    filters = Filters(start=add_months(end, -11), end=end)
    return Headlines(summary=summary(filters), grades=_grades(), refreshed_at=refreshed_at())
