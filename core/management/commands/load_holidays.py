from datetime import date

from django.core.management.base import BaseCommand
from django.db import transaction

from core.models import CalendarDay


class Command(BaseCommand):
    help = "Load the State Council holiday schedules (chinesecalendar package) into the calendar table."

    def add_arguments(self, parser):
        parser.add_argument("--from-year", type=int, default=date.today().year - 1)

    @transaction.atomic
    def handle(self, *args, from_year, **options):
        import chinese_calendar

        start = date(from_year, 1, 1)
        created = 0
        for day, name in chinese_calendar.holidays.items():
            if day >= start and day.weekday() < 5:
                created += self._keep(day, CalendarDay.Kind.HOLIDAY, name)
        for day, name in chinese_calendar.workdays.items():
            if day >= start and day.weekday() >= 5:
                created += self._keep(day, CalendarDay.Kind.WORKDAY, name)
        self.stdout.write(self.style.SUCCESS(f"calendar: {created} new days"))

    @staticmethod
    def _keep(day, kind, name):
        label = getattr(name, "value", "") or str(name or "")
        _obj, created = CalendarDay.objects.get_or_create(date=day, defaults={"kind": kind, "name": label[:50]})
        return int(created)
