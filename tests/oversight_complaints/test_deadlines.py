"""The deadline is the end of the COMPLAINT_WORKING_DAYS-th working day after filing, holidays and
make-up working days counted; 'due soon' and 'overdue' follow from it."""
import datetime

import pytest
from django.utils import timezone

from core.models import CalendarDay
from core.workdays import WorkCalendar, calendar_from_db
from oversight import complaint_rules as rules

from .helpers import Scene, at

pytestmark = pytest.mark.django_db

MONDAY = at(2026, 3, 2, 10)


def local(moment):
    return timezone.localtime(moment).replace(tzinfo=None)


def test_fifteen_working_days_skip_weekends():
    complaint = Scene().file(now=MONDAY)
    assert local(complaint.due_at) == datetime.datetime(2026, 3, 23, 23, 59, 59)


def test_holidays_and_makeup_days_move_the_deadline():
    CalendarDay.objects.create(date=datetime.date(2026, 3, 10), kind=CalendarDay.Kind.HOLIDAY)
    scene = Scene()
    assert local(scene.file(now=MONDAY).due_at) == datetime.datetime(2026, 3, 24, 23, 59, 59)
    CalendarDay.objects.create(date=datetime.date(2026, 3, 14), kind=CalendarDay.Kind.WORKDAY)
    assert local(scene.file(now=MONDAY).due_at) == datetime.datetime(2026, 3, 23, 23, 59, 59)


def test_the_period_is_a_setting(settings):
    settings.COMPLAINT_WORKING_DAYS = 5
    assert local(Scene().file(now=MONDAY).due_at) == datetime.datetime(2026, 3, 9, 23, 59, 59)


def test_filed_on_a_saturday_counts_from_the_next_working_day():
    complaint = Scene().file(now=at(2026, 3, 7, 22))
    assert local(complaint.due_at) == datetime.datetime(2026, 3, 27, 23, 59, 59)


def test_due_soon_and_overdue():
    calendar = WorkCalendar()
    complaint = Scene().file(now=MONDAY)
    assert not rules.due_soon(complaint, at(2026, 3, 17, 18), calendar)  # 4 working days left
    assert rules.due_soon(complaint, at(2026, 3, 18, 9), calendar)  # 3 working days left
    assert rules.due_soon(complaint, at(2026, 3, 23, 23, 59), calendar)
    assert not rules.overdue(complaint, at(2026, 3, 23, 23, 59))
    assert rules.overdue(complaint, at(2026, 3, 24, 0, 1))
    assert not rules.due_soon(complaint, at(2026, 3, 24, 0, 1), calendar)
    assert rules.working_days_left(complaint, at(2026, 3, 18, 9), calendar) == 3
    assert rules.working_days_left(complaint, at(2026, 3, 25, 9), calendar) == -2
    complaint.status = complaint.Status.REJECTED
    assert not rules.overdue(complaint, at(2026, 3, 30))


def test_calendar_from_db_is_what_filing_uses():
    CalendarDay.objects.create(date=datetime.date(2026, 3, 3), kind=CalendarDay.Kind.HOLIDAY)
    complaint = Scene().file(now=MONDAY)
    assert complaint.due_at == rules.due_at(MONDAY, calendar_from_db())
