"""Working days (工作日): Monday to Friday, minus public holidays, plus the weekend days made
working days. Deadlines in the domain (registration windows, publicity periods, statutory
service time) are counted in these."""
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset = field(default_factory=frozenset)
    makeup_workdays: frozenset = field(default_factory=frozenset)

    def is_working_day(self, day: date) -> bool:
        if day in self.makeup_workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def add_working_days(self, start: date, days: int) -> date:
        """The date `days` working days after `start` (start itself not counted)."""
        if days < 0:
            raise ValueError("days must not be negative")
        current = start
        while days:
            current += timedelta(days=1)
            if self.is_working_day(current):
                days -= 1
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`."""
        count, current = 0, start
        while current < end:
            current += timedelta(days=1)
            count += self.is_working_day(current)
        return count

    def end_of_working_days(self, start: datetime, days: int) -> datetime:
        """End of the day (23:59:59 local time) `days` working days after `start`'s date."""
        local_start = timezone.localtime(start)
        last = self.add_working_days(local_start.date(), days)
        return timezone.make_aware(datetime.combine(last, time(23, 59, 59)))


def calendar_from_db():
    """The calendar with the exceptions kept in the CalendarDay table."""
    from .models import CalendarDay

    rows = list(CalendarDay.objects.values_list("date", "kind"))
    return WorkCalendar(
        holidays=frozenset(d for d, kind in rows if kind == CalendarDay.Kind.HOLIDAY),
        makeup_workdays=frozenset(d for d, kind in rows if kind == CalendarDay.Kind.WORKDAY),
    )
