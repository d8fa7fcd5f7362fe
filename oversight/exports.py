"""The statistics' exports: CSV (UTF-8 with a byte-order mark, so Excel opens the Chinese right)
and XLSX (openpyxl), of one table.

Two ways in:
- `csv_response(table, filename)` / `xlsx_response(table, filename)`: any table object with
  `.title`, `.columns` (each with `.label` and `.kind`: "text", "count", "money", "percent",
  "number") and `.rows` (lists of plain values: str, int, Decimal or None) — what the pages show
  (oversight/figures.py) goes out as is;
- `statistics_table(name, filters, scope=None)` builds one of TABLES straight from the selectors
  (monthly, items, regions, grades, concentration), refusing a period with no data
  (NoStatisticsForPeriod) and an unknown table (UnknownStatisticsTable); `csv_bytes(table)` and
  `xlsx_bytes(table)` write it.
"""
import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _

from .errors.statistics import NoStatisticsForPeriod, UnknownStatisticsTable
from .selectors import statistics as selectors

TEXT, COUNT, MONEY, PERCENT, NUMBER = "text", "count", "money", "percent", "number"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {MONEY: "#,##0.00", PERCENT: "0.0", NUMBER: "0.0", COUNT: "#,##0"}


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = COUNT


@dataclass
class Table:
    title: str
    columns: list
    rows: list


def _cell(value):
    """A value as the spreadsheet keeps it: numbers stay numbers, None is an empty cell."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return value
    return str(value)


def _safe_text(value):
    """Text that a spreadsheet would read as a formula (=, +, -, @ first) is quoted."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_bytes(table):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(column.label) for column in table.columns])
    for row in table.rows:
        writer.writerow(["" if value is None else _safe_text(_cell(value)) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(table):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = (str(table.title) or "Sheet")[:31].translate({ord(c): " " for c in "[]:*?/\\"})
    sheet.append([str(column.label) for column in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_safe_text(_cell(value)) for value in row])
    for index, column in enumerate(table.columns, start=1):
        number_format = FORMATS.get(getattr(column, "kind", COUNT))
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = max(10, min(40, 2 * len(str(column.label)) + 2))
        if number_format:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                if isinstance(cell.value, int | float | Decimal):
                    cell.number_format = number_format
    sheet.freeze_panes = "B2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def csv_response(table, filename):
    return _download(csv_bytes(table), "text/csv; charset=utf-8", f"{filename}.csv")


def xlsx_response(table, filename):
    return _download(xlsx_bytes(table), XLSX_TYPE, f"{filename}.xlsx")


# --- tables built from the selectors -------------------------------------------------------------------
def _yuan(fen):
    return (Decimal(int(fen or 0)) / 100).quantize(Decimal("0.01"))


def _figure_columns(head):
    return [
        Column(head, TEXT), Column(_("发布项目")), Column(_("成交项目")), Column(_("流标项目")),
        Column(_("成交金额（元）"), MONEY), Column(_("较预算节约（元）"), MONEY),
        Column(_("较预算节约率（%）"), PERCENT),
        Column(_("较最高限价节约（元）"), MONEY), Column(_("较最高限价节约率（%）"), PERCENT),
        Column(_("完成合同")), Column(_("平均服务时间（工作日）"), NUMBER), Column(_("平均法定时限（工作日）"), NUMBER),
        Column(_("用时占法定时限（%）"), PERCENT), Column(_("按时完成率（%）"), PERCENT),
        Column(_("平均每项目有效报价"), NUMBER), Column(_("单一有效报价率（%）"), PERCENT),
        Column(_("投诉件数")), Column(_("每百个成交项目投诉"), NUMBER), Column(_("外地机构中选比例（%）"), PERCENT),
    ]


def _figure_values(f):
    return [f.jobs_published, f.jobs_awarded, f.jobs_failed, _yuan(f.awarded_fen), _yuan(f.savings_budget_fen),
            f.savings_budget_rate, _yuan(f.savings_ceiling_fen), f.savings_ceiling_rate, f.completed, f.avg_days,
            f.avg_statutory_days, f.time_ratio, f.on_time_rate, f.bids_per_job, f.single_bidder_rate,
            f.complaints, f.complaint_rate, f.outside_share]


def _monthly(filters, scope):
    rows = selectors.monthly(filters, scope)
    columns = [*_figure_columns(_("月份")), Column(_("上年同月平均服务时间（工作日）"), NUMBER),
               Column(_("压缩30%目标线（工作日）"), NUMBER), Column(_("同比变化（%）"), PERCENT)]
    return Table(_("按月统计"), columns, [
        [f"{row.month:%Y-%m}", *_figure_values(row.figures), row.year_before.avg_days, row.goal_days,
         row.time_change] for row in rows])


def _items(filters, scope):
    return Table(_("按服务事项"), _figure_columns(_("服务事项")), [
        [f"{row.code} {row.name}", *_figure_values(row.figures)] for row in selectors.by_item(filters, scope)])


def _regions(filters, scope):
    return Table(_("按行政区划"), _figure_columns(_("行政区划")), [
        [f"{row.code} {row.name}", *_figure_values(row.figures)] for row in selectors.by_region(filters, scope)])


def _grades(filters, scope):
    return Table(_("信用等级分布"), [Column(_("信用等级"), TEXT), Column(_("机构数")), Column(_("占比（%）"), PERCENT)],
                 [[row.label, row.agencies, row.share] for row in selectors.credit_grades(filters, scope)])


def _concentration(filters, scope):
    rows = selectors.concentration(filters, scope)
    return Table(_("市场集中度"), [
        Column(_("服务事项"), TEXT), Column(_("成交项目")), Column(_("中选机构数")),
        Column(_("前3名机构份额（%）"), PERCENT), Column(_("赫芬达尔指数（HHI）"), NUMBER),
        Column(_("中选最多的机构"), TEXT)],
        [[f"{row.code} {row.name}", row.wins, row.agencies, row.top_share, row.hhi,
          _("；").join(_("%(name)s（%(note)s）") % {"name": leader.name, "note": leader.wins}
                      for leader in row.leaders)] for row in rows])


TABLES = {"monthly": _monthly, "items": _items, "regions": _regions, "grades": _grades,
          "concentration": _concentration}


def statistics_table(name, filters, scope=None):
    """One table of TABLES for the filters (and scope). UnknownStatisticsTable for another name;
    NoStatisticsForPeriod when the period has nothing to export (the grades, which are today's:
    when no agency matches)."""
    build = TABLES.get(name)
    if build is None:
        raise UnknownStatisticsTable(name)
    start, end = filters.period()
    if name == "grades":
        table = build(filters, scope)
        if not any(row[1] for row in table.rows):
            raise NoStatisticsForPeriod(start, end)
        return table
    if selectors.summary(filters, scope).current.empty:
        raise NoStatisticsForPeriod(start, end)
    return build(filters, scope)
