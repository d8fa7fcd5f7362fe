"""The red list's rule (reviews/selectors/redlist.py), computed, never typed: grade A (the rule
set's grade) held for two years (its years) with no penalty, no watch-list or suspension period
and no blacklisting in those years, and not barred now."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from providers.models import Standing
from reviews.models import BlacklistEntry, CreditAction
from reviews.selectors import redlist

from .conftest import ago, blacklisting, graded, new_version, penalty, period

pytestmark = pytest.mark.django_db


def names(queryset):
    return [agency.name for agency in queryset]


def test_an_agency_graded_a_for_two_years_with_a_clean_record_is_on_the_red_list():
    agency = graded("德阳守信咨询有限公司", since=ago(days=800))
    assert names(redlist.redlist()) == ["德阳守信咨询有限公司"]
    assert redlist.is_on_redlist(agency)


def test_a_grade_held_for_less_than_the_rule_s_years_is_not_enough():
    agency = graded("德阳新晋咨询有限公司", since=ago(days=700))
    assert names(redlist.redlist()) == []
    assert not redlist.is_on_redlist(agency)


def test_only_the_rule_s_grade_counts_and_only_when_the_rules_graded_it():
    graded("德阳乙级咨询有限公司", "B", since=ago(days=2000))
    ungraded = graded("德阳未评级咨询有限公司", since=ago(days=2000))
    ungraded.credit_rated_at = None
    ungraded.save()
    assert names(redlist.redlist()) == []


def test_a_penalty_in_the_period_keeps_it_off_and_an_older_one_does_not():
    penalised = graded("德阳受罚咨询有限公司", since=ago(days=2000))
    penalty(penalised, ago(days=300))
    earlier = graded("德阳旧罚咨询有限公司", since=ago(days=2000))
    penalty(earlier, ago(days=900))
    commended = graded("德阳表彰咨询有限公司", since=ago(days=2000))
    penalty(commended, ago(days=30), kind=CreditAction.Kind.COMMENDATION)
    assert sorted(names(redlist.redlist())) == sorted(["德阳表彰咨询有限公司", "德阳旧罚咨询有限公司"])
    assert not redlist.is_on_redlist(penalised)


def test_a_watch_list_or_suspension_period_touching_the_period_keeps_it_off():
    watched = graded("德阳关注过咨询有限公司", since=ago(days=2000))
    period(watched, ago(days=1000), ago(days=600))  # ended inside the two years
    suspended_long_ago = graded("德阳早年暂停咨询有限公司", since=ago(days=2000))
    period(suspended_long_ago, ago(days=1500), ago(days=1200), standing=Standing.SUSPENDED)
    assert names(redlist.redlist()) == ["德阳早年暂停咨询有限公司"]


def test_a_blacklisting_in_force_in_the_period_keeps_it_off_even_when_repaired_or_expired():
    expired = graded("德阳到期咨询有限公司", since=ago(days=2000))
    blacklisting(expired, ago(days=1000), years=1)  # ended about 635 days ago: inside the window
    repaired = graded("德阳修复咨询有限公司", since=ago(days=2000))
    blacklisting(repaired, ago(days=800), years=3, status=BlacklistEntry.Status.REPAIRED, ended_at=ago(days=700))
    repaired_before = graded("德阳早修复咨询有限公司", since=ago(days=2000))
    blacklisting(repaired_before, ago(days=800), years=3, status=BlacklistEntry.Status.REPAIRED,
                 ended_at=ago(days=760))
    long_ago = graded("德阳很早咨询有限公司", since=ago(days=2000))
    blacklisting(long_ago, ago(days=1900), years=1)
    refused = graded("德阳未获批咨询有限公司", since=ago(days=2000))
    blacklisting(refused, ago(days=100), status=BlacklistEntry.Status.REJECTED)
    assert sorted(names(redlist.redlist())) == sorted(
        ["德阳很早咨询有限公司", "德阳未获批咨询有限公司", "德阳早修复咨询有限公司"])


def test_an_agency_barred_now_is_off_until_the_bar_lapses():
    agency = graded("德阳暂停咨询有限公司", since=ago(days=2000), standing=Standing.SUSPENDED,
                    standing_reason="拒不整改", standing_since=ago(days=3),
                    standing_until=timezone.now() + timezone.timedelta(days=5))
    assert not redlist.is_on_redlist(agency)
    assert redlist.next_change() == agency.standing_until
    assert redlist.is_on_redlist(agency, at=agency.standing_until + timezone.timedelta(seconds=1))


def test_the_rule_is_read_from_the_rule_set_in_force():
    graded("德阳三年咨询有限公司", since=ago(days=900))
    assert names(redlist.redlist()) == ["德阳三年咨询有限公司"]
    new_version(2, redlist={"grade": "A", "years": 3})
    assert names(redlist.redlist()) == []
    assert "连续 3 年以上保持 A 级" in redlist.rule_in_words()


def test_the_list_is_one_query_ordered_by_score_then_name():
    for number in range(5):
        graded(f"德阳{number}号咨询有限公司", since=ago(days=800), score=90 + number % 2)
    rules = new_version(2).rules
    with CaptureQueriesContext(connection) as queries:
        rows = list(redlist.redlist(rules=rules))
    assert len(queries) == 1
    assert [(row.credit_score, row.name) for row in rows] == sorted(
        ((row.credit_score, row.name) for row in rows), key=lambda pair: (-pair[0], pair[1]))
