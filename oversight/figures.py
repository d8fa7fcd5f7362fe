"""The statistics laid out as figures (统计图表): the regulators' statistics page, its exports and
the public summary page (cms's StatisticsPage) show these.

Every figure is a data table first (caption, column and row headers: what screen readers and a
page without JavaScript read), with its chart's data beside it in a JSON data island
(`json_script`) from which static/js/statistics.js draws the chart with Chart.js (served from
static/vendor/, never a CDN; no inline script, so a CSP without 'unsafe-inline' holds). The same
Table feeds the page, the chart and the CSV/XLSX export, so the three always agree.

The figures come from oversight/selectors/statistics.py (sums of the materialised StatsMonth
rows, a constant number of queries whatever the data size) and their math from
oversight/statistics.py; this module only lays them out.
"""
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from .forms.statistics import add_months, this_month
from .selectors import statistics as selectors
from .statistics import Figures, change_rate, goal_days, goal_met, ratio

PUBLIC_MONTHS = 12   # the public summary's period

# --- tables --------------------------------------------------------------------------------------

TEXT, COUNT, MONEY, PERCENT, NUMBER = "text", "count", "money", "percent", "number"


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = COUNT

    @property
    def numeric(self):
        return self.kind != TEXT


@dataclass
class Table:
    """Rows of plain values (the first one the row's header): str, int, Decimal (yuan, percent,
    days) or None (nothing to divide by). The page shows them formatted, the exports as they are."""

    title: str
    columns: list
    rows: list

    @property
    def shown_rows(self):
        return [[_shown(value, column.kind) for value, column in zip(row, self.columns)] for row in self.rows]


def _shown(value, kind):
    if value is None:
        return "—"
    if kind == MONEY:
        return f"{value:,.2f}"
    if kind == PERCENT:
        return f"{value}%"
    if kind == COUNT:
        return f"{value:,}"
    return str(value)


def yuan(fen):
    return (Decimal(int(fen or 0)) / 100).quantize(Decimal("0.01"))


def wan(fen):
    """Fen in 万元 (ten thousand yuan), the charts' unit for amounts."""
    return float((Decimal(int(fen or 0)) / 1_000_000).quantize(Decimal("0.01")))


def _number(value):
    return None if value is None else float(value)


@dataclass
class Figure:
    """One figure: its table, and the chart drawn from it (None: a table alone)."""

    key: str
    title: str
    table: Table
    chart: dict | None = None
    note: str = ""
    exports: list = field(default_factory=list)

    @property
    def island_id(self):
        return f"chart-{self.key}"


def _series(label, data, *, kind=None, axis="y", color=0, dashed=False):
    entry = {"label": label, "data": [_number(value) for value in data], "axis": axis, "color": color}
    if kind:
        entry["kind"] = kind
    if dashed:
        entry["dashed"] = True
    return entry


def _chart(kind, labels, series, *, y, y2=None, percent=False, percent2=False):
    axes = {"y": {"title": y, "percent": percent}}
    if y2:
        axes["y2"] = {"title": y2, "percent": percent2}
    return {"kind": kind, "labels": list(labels), "axes": axes, "series": series}


# --- the figures ----------------------------------------------------------------------------------

def _month(month):
    return f"{month:%Y-%m}"


def jobs_figure(months):
    """months: [(month, Figures, Figures a year earlier)]."""
    labels = [_month(m) for m, _f, _b in months]
    table = Table(_("月度成交项目与金额"), [
        Column(_("月份"), TEXT), Column(_("发布项目")), Column(_("成交项目")), Column(_("流标/终止")),
        Column(_("成交金额（元）"), MONEY), Column(_("上年同期成交项目"))],
        [[label, f.jobs_published, f.jobs_awarded, f.jobs_failed, yuan(f.awarded_fen), b.jobs_awarded]
         for label, (_m, f, b) in zip(labels, months)])
    chart = _chart("bar", labels, [
        _series(_("成交项目"), [f.jobs_awarded for _m, f, _b in months], color=0),
        _series(_("上年同期成交项目"), [b.jobs_awarded for _m, _f, b in months], color=5),
        _series(_("成交金额（万元）"), [wan(f.awarded_fen) for _m, f, _b in months], kind="line", axis="y2", color=1),
    ], y=_("项目数"), y2=_("万元"))
    return Figure("jobs", _("月度成交项目数与成交金额"), table, chart)


def savings_figure(months):
    labels = [_month(m) for m, _f, _b in months]
    table = Table(_("节约资金"), [
        Column(_("月份"), TEXT), Column(_("项目预算（元）"), MONEY), Column(_("较预算节约（元）"), MONEY),
        Column(_("较预算节约率"), PERCENT), Column(_("最高限价（元）"), MONEY),
        Column(_("较最高限价节约（元）"), MONEY), Column(_("较最高限价节约率"), PERCENT)],
        [[label, yuan(f.budget_fen), yuan(f.savings_budget_fen), f.savings_budget_rate, yuan(f.ceiling_fen),
          yuan(f.savings_ceiling_fen), f.savings_ceiling_rate] for label, (_m, f, _b) in zip(labels, months)])
    chart = _chart("line", labels, [
        _series(_("较预算节约率"), [f.savings_budget_rate for _m, f, _b in months], color=0),
        _series(_("较最高限价节约率"), [f.savings_ceiling_rate for _m, f, _b in months], color=2),
    ], y=_("节约率（%）"), percent=True)
    note = _("成交价与同一批项目的预算、最高限价相比节约的资金。")
    return Figure("savings", _("节约资金：成交价对比预算和最高限价"), table, chart, note)


def time_figure(months):
    labels = [_month(m) for m, _f, _b in months]
    rows = []
    for label, (_m, f, b) in zip(labels, months):
        rows.append([label, f.completed, f.avg_days, f.avg_statutory_days, f.time_ratio, b.avg_days,
                     goal_days(b.avg_days), change_rate(f.avg_days, b.avg_days)])
    table = Table(_("服务时间"), [
        Column(_("月份"), TEXT), Column(_("完成项目")), Column(_("平均服务时间（工作日）"), NUMBER),
        Column(_("平均法定时限（工作日）"), NUMBER), Column(_("占法定时限"), PERCENT),
        Column(_("上年同期平均（工作日）"), NUMBER), Column(_("压缩30%目标（工作日）"), NUMBER),
        Column(_("同比变化"), PERCENT)], rows)
    chart = _chart("line", labels, [
        _series(_("平均服务时间"), [row[2] for row in rows], color=0),
        _series(_("平均法定时限"), [row[3] for row in rows], color=5),
        _series(_("上年同期平均"), [row[5] for row in rows], color=3),
        _series(_("压缩30%目标线"), [row[6] for row in rows], color=1, dashed=True),
    ], y=_("工作日"))
    note = _("完成的合同实际用时（工作日）与法定时限、上年同期相比；改革目标是比上年同期压缩 30% 以上（虚线）。")
    return Figure("time", _("服务时间：对比法定时限和上年同期（压缩30%目标）"), table, chart, note)


def on_time_figure(months):
    labels = [_month(m) for m, _f, _b in months]
    table = Table(_("按时完成率"), [
        Column(_("月份"), TEXT), Column(_("完成项目")), Column(_("按时完成")), Column(_("按时完成率"), PERCENT),
        Column(_("上年同期按时完成率"), PERCENT)],
        [[label, f.completed, f.on_time, f.on_time_rate, b.on_time_rate] for label, (_m, f, b) in zip(labels, months)])
    chart = _chart("line", labels, [
        _series(_("按时完成率"), [f.on_time_rate for _m, f, _b in months], color=2),
        _series(_("上年同期"), [b.on_time_rate for _m, _f, b in months], color=5),
    ], y=_("按时完成率（%）"), percent=True)
    return Figure("on_time", _("按时完成率"), table, chart)


def bids_figure(months):
    labels = [_month(m) for m, _f, _b in months]
    table = Table(_("竞争程度"), [
        Column(_("月份"), TEXT), Column(_("成交项目")), Column(_("有效报价")), Column(_("平均每项目报价"), NUMBER),
        Column(_("仅一家有效报价的项目")), Column(_("单一报价率"), PERCENT)],
        [[label, f.jobs_awarded, f.bids, f.bids_per_job, f.single_bidder, f.single_bidder_rate]
         for label, (_m, f, _b) in zip(labels, months)])
    chart = _chart("bar", labels, [
        _series(_("平均每项目报价"), [f.bids_per_job for _m, f, _b in months], color=0),
        _series(_("单一报价率"), [f.single_bidder_rate for _m, f, _b in months], kind="line", axis="y2", color=1),
    ], y=_("家/项目"), y2=_("单一报价率（%）"), percent2=True)
    return Figure("bids", _("每个项目的有效报价数和单一报价率"), table, chart)


def complaints_figure(months):
    labels = [_month(m) for m, _f, _b in months]
    table = Table(_("投诉率"), [
        Column(_("月份"), TEXT), Column(_("成交项目")), Column(_("投诉件数")),
        Column(_("每百个成交项目投诉"), NUMBER)],
        [[label, f.jobs_awarded, f.complaints, f.complaint_rate] for label, (_m, f, _b) in zip(labels, months)])
    chart = _chart("bar", labels, [
        _series(_("投诉件数"), [f.complaints for _m, f, _b in months], color=3),
        _series(_("每百个成交项目投诉"), [f.complaint_rate for _m, f, _b in months], kind="line", axis="y2", color=1),
    ], y=_("件"), y2=_("每百个项目"))
    return Figure("complaints", _("投诉率"), table, chart)


def outside_figure(months):
    labels = [_month(m) for m, _f, _b in months]
    table = Table(_("外地机构中选"), [
        Column(_("月份"), TEXT), Column(_("成交项目")), Column(_("外地机构中选")),
        Column(_("外地机构中选比例"), PERCENT), Column(_("上年同期比例"), PERCENT)],
        [[label, f.jobs_awarded, f.outside_winners, f.outside_share, b.outside_share]
         for label, (_m, f, b) in zip(labels, months)])
    chart = _chart("line", labels, [
        _series(_("外地机构中选比例"), [f.outside_share for _m, f, _b in months], color=0),
        _series(_("上年同期"), [b.outside_share for _m, _f, b in months], color=5),
    ], y=_("比例（%）"), percent=True)
    note = _("中选机构不在项目业主所在市（州）的项目所占比例：衡量“零门槛、零限制”的目标。")
    return Figure("outside", _("外地机构中选比例"), table, chart, note)


def grades_figure(grades):
    """grades: [(grade label, number of agencies)]."""
    total = sum(count for _grade, count in grades)
    table = Table(_("信用等级分布"), [Column(_("信用等级"), TEXT), Column(_("机构数")), Column(_("占比"), PERCENT)],
                  [[grade, count, ratio(count, total)] for grade, count in grades])
    chart = _chart("bar", [grade for grade, _count in grades], [
        _series(_("机构数"), [count for _grade, count in grades], color=0)], y=_("机构数"))
    return Figure("grades", _("中介机构信用等级分布"), table, chart)


def concentration_figure(rows, top):
    """rows: [(item label, awards, winning agencies, top share, HHI)]."""
    table = Table(_("市场集中度"), [
        Column(_("服务事项"), TEXT), Column(_("成交项目")), Column(_("中选机构数")),
        Column(_("前%(n)s名机构份额") % {"n": top}, PERCENT), Column(_("赫芬达尔指数（HHI）"), NUMBER)],
        [list(row) for row in rows])
    chart = _chart("bar", [row[0] for row in rows], [
        _series(_("前%(n)s名机构份额") % {"n": top}, [row[3] for row in rows], color=0),
        _series(_("赫芬达尔指数"), [row[4] for row in rows], kind="line", axis="y2", color=1),
    ], y=_("份额（%）"), y2=_("HHI（0–10000）"), percent=True)
    note = _("各服务事项的成交项目中，中选次数最多的几家机构所占份额，"
             "以及赫芬达尔指数（10000 表示一家机构包揽全部项目）。")
    return Figure("concentration", _("市场集中度：头部机构份额和赫芬达尔指数"), table, chart, note)


def breakdown_figure(key, title, head, rows):
    """rows: [(label, Figures)]: a table of the main figures per item or region, and a chart of
    their awarded jobs."""
    table = Table(title, [
        Column(head, TEXT), Column(_("成交项目")), Column(_("成交金额（元）"), MONEY),
        Column(_("较预算节约率"), PERCENT), Column(_("平均服务时间（工作日）"), NUMBER),
        Column(_("按时完成率"), PERCENT), Column(_("平均每项目报价"), NUMBER), Column(_("单一报价率"), PERCENT),
        Column(_("每百个成交项目投诉"), NUMBER), Column(_("外地机构中选比例"), PERCENT)],
        [[label, f.jobs_awarded, yuan(f.awarded_fen), f.savings_budget_rate, f.avg_days, f.on_time_rate,
          f.bids_per_job, f.single_bidder_rate, f.complaint_rate, f.outside_share] for label, f in rows])
    chart = _chart("bar", [label for label, _f in rows], [
        _series(_("成交项目"), [f.jobs_awarded for _label, f in rows], color=0),
        _series(_("成交金额（万元）"), [wan(f.awarded_fen) for _label, f in rows], kind="line", axis="y2", color=1),
    ], y=_("项目数"), y2=_("万元")) if rows else None
    return Figure(key, title, table, chart)


# --- headlines ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    value: str
    note: str = ""
    state: str = ""  # "met" / "missed" for the goal


def headlines(total, before):
    """The period's main figures (`total`) against the same months a year earlier (`before`)."""
    met = goal_met(total.avg_days, before.avg_days)
    change = change_rate(total.avg_days, before.avg_days)
    time_note = (_("上年同期 %(before)s 个工作日，同比 %(change)s%%") % {"before": before.avg_days, "change": change}
                 if change is not None else _("上年同期无可比数据"))
    return [
        Headline("jobs", _("成交项目"), _shown(total.jobs_awarded, COUNT),
                 _("发布 %(n)s 个") % {"n": f"{total.jobs_published:,}"}),
        Headline("amount", _("成交金额（元）"), _shown(yuan(total.awarded_fen), MONEY)),
        Headline("savings", _("较预算节约"), _shown(total.savings_budget_rate, PERCENT),
                 _("节约 %(amount)s 元") % {"amount": _shown(yuan(total.savings_budget_fen), MONEY)}),
        Headline("time", _("平均服务时间（工作日）"), _shown(total.avg_days, NUMBER), time_note,
                 "" if met is None else ("met" if met else "missed")),
        Headline("goal", _("压缩30%目标"), _("已达到") if met else (_("未达到") if met is not None else "—"),
                 _("目标线 %(days)s 个工作日") % {"days": goal_days(before.avg_days)} if before.avg_days else ""),
        Headline("on_time", _("按时完成率"), _shown(total.on_time_rate, PERCENT)),
        Headline("bids", _("平均每项目报价"), _shown(total.bids_per_job, NUMBER),
                 _("单一报价率 %(rate)s") % {"rate": _shown(total.single_bidder_rate, PERCENT)}),
        Headline("complaints", _("每百个成交项目投诉"), _shown(total.complaint_rate, NUMBER)),
        Headline("outside", _("外地机构中选比例"), _shown(total.outside_share, PERCENT)),
    ]


# --- reading the selectors ------------------------------------------------------------------------

def months_of(filters):
    """[(month, Figures, Figures a year earlier)] for every month of the period."""
    return [(row.month, row.figures, row.year_before) for row in selectors.monthly(filters)]


def summed(figures_list):
    total = Figures()
    for figures in figures_list:
        total = total + figures
    return total


def regulator_figures(filters, *, top=3):
    months = months_of(filters)
    total, before = summed(f for _m, f, _b in months), summed(b for _m, _f, b in months)
    items = [(f"{row.item.code} {row.item.name}", row.figures) for row in selectors.by_item(filters)]
    regions = [(row.region.name, row.figures) for row in selectors.by_region(filters)]
    grades = [(row.label, row.count) for row in selectors.credit_grades(filters)]
    concentration = [(f"{row.item.code} {row.item.name}", row.awards, row.agencies, row.top_share, row.hhi)
                     for row in selectors.concentration(filters, top=top)]
    figures = [
        jobs_figure(months), savings_figure(months), time_figure(months), on_time_figure(months),
        bids_figure(months), complaints_figure(months), outside_figure(months), grades_figure(grades),
        concentration_figure(concentration, top),
        breakdown_figure("items", _("按服务事项"), _("服务事项"), items),
        breakdown_figure("regions", _("按行政区划"), _("行政区划"), regions),
    ]
    return total, before, figures


def filters_of(data, scope):
    """The selectors' Filters of the form's choices. Without a chosen region, a regulator's is the
    department's own (the scope already limits the rows to it; the regional breakdown then lists
    the divisions under it, not the province)."""
    item, category = data["item"], data["category"]
    region = data["region"] or (scope.region_code if scope is not None else None)
    return selectors.Filters(item=item.pk if item else None, category=category.pk if category else None,
                             region=region or None, start=data["start"], end=data["end"], scope=scope)




def public_summary():
    """The public summary: the headline figures and four charts of the last twelve months of every
    item, region and department."""
    end = this_month()
    start = add_months(end, 1 - PUBLIC_MONTHS)
    months = months_of(selectors.Filters(start=start, end=end))
    total, before = summed(f for _m, f, _b in months), summed(b for _m, _f, b in months)
    return {
        "figures": [jobs_figure(months), time_figure(months), savings_figure(months), outside_figure(months)],
        "headlines": headlines(total, before), "period": {"start": start, "end": end},
        "refreshed_at": selectors.refreshed_at(),
    }
