"""Named refusals of statistics (oversight), each with its message in one place."""
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError

__all__ = ["StatisticsFilterInvalid", "NoStatisticsForPeriod", "UnknownStatisticsTable"]


class StatisticsFilterInvalid(DomainError):
    """A filter value that is not one (an unknown item, category or region, a month that is no
    month, a period ending before it starts or longer than MAX_MONTHS). `field` names it."""

    default_message = _("统计条件无效。")


class NoStatisticsForPeriod(DomainError):
    """An export of a period (with its filters) that has no data: nothing is exported."""

    def __init__(self, start, end):
        self.start, self.end = start, end
        super().__init__(_("所选期间（%(start)s 至 %(end)s）在所选条件下没有统计数据，无可导出的内容。")
                         % {"start": f"{start:%Y-%m}", "end": f"{end:%Y-%m}"})


class UnknownStatisticsTable(DomainError):
    """An export asked for a table that does not exist."""

    def __init__(self, table):
        self.table = table
        super().__init__(_("没有这张统计表：%(table)s。") % {"table": str(table)[:40]}, field="table")
