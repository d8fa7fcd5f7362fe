"""Working days skip weekends and holidays and count the weekend days made working days."""
from datetime import date

import pytest
from django.core.management import call_command

from core.models import CalendarDay
from core.workdays import WorkCalendar, calendar_from_db

NATIONAL_DAY_2026 = WorkCalendar(
    holidays=frozenset(date(2026, 10, d) for d in range(1, 8)),
    makeup_workdays=frozenset({date(2026, 9, 20), date(2026, 10, 10)}),
)


def test_a_plain_week_skips_the_weekend():
    # Friday 2026-11-20 + 3 working days: Mon 23, Tue 24, Wed 25.
    assert WorkCalendar().add_working_days(date(2026, 11, 20), 3) == date(2026, 11, 25)


def test_holidays_are_skipped_and_makeup_saturdays_count():
    # Wed 2026-09-30 + 3: Oct 1–7 off, Thu 8, Fri 9, Sat 10 (调休上班).
    assert NATIONAL_DAY_2026.add_working_days(date(2026, 9, 30), 3) == date(2026, 10, 10)


def test_counting_between_dates():
    assert NATIONAL_DAY_2026.working_days_between(date(2026, 9, 30), date(2026, 10, 12)) == 4


@pytest.mark.django_db
def test_the_table_is_loaded_from_the_state_council_schedule():
    call_command("load_holidays", "--from-year", "2026")
    call_command("load_holidays", "--from-year", "2026")  # idempotent
    calendar = calendar_from_db()
    assert not calendar.is_working_day(date(2026, 10, 1))
    assert calendar.is_working_day(date(2026, 10, 10))
    assert CalendarDay.objects.filter(date=date(2026, 10, 1)).count() == 1
