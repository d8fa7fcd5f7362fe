"""The red list (红名单): computed by its published rule, never typed by anyone.

The rule is the rule set's `redlist` table ({"grade": "A", "years": 2}), read from the version in
force. An agency is on the red list at the moment `at` when

- the credit rules grade it `grade` now and have done so since the start of the window at least
  (`credit_grade_since` on or before it; the window is the `years` calendar years up to the
  start of `at`'s day in Asia/Shanghai, so the list changes at midnight, not at odd moments);
- in the window it has no regulator's penalty (CreditAction PENALTY), no watch-list or
  suspension period (CreditPeriod, however short), no blacklisting in force for any part of it
  (approved, ended by expiry or by repair), and no upheld complaint (see `_disqualifying`);
- and it is not barred now (providers.standing_rules.barred_q: a suspension or blacklisting in
  force, the regulator's included).

All of it is one query (conditions on the agency row and NOT EXISTS subqueries), ordered as the
directory is (score, name, id: a unique key an index serves, `org_directory_grade`), so the public
page pages through it like every other list. `is_on_redlist` asks the same of one agency, and
`rule_in_words` says the rule in plain Chinese for the pages that publish it.
"""
import datetime
from dataclasses import dataclass

from django.db.models import Exists, Min, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.selectors.directory import LIST_FIELDS, directory_rank
from providers.models import CREDIT_RATED
from providers.selectors import agencies
from providers.standing_rules import BARRED, barred_q

from ..credit.rulesets import current_rules
from ..models import BlacklistEntry, CreditAction, CreditPeriod

# What a red-list row shows: a directory row's columns and since when the grade holds.
ROW_FIELDS = (*LIST_FIELDS, "credit_grade_since")


@dataclass(frozen=True)
class RedListRule:
    grade: str
    years: int

    def window_start(self, at):
        """The start of the window the rule looks back over at the moment `at`: local midnight of
        the same day `years` years earlier (28 February for a 29 February)."""
        day = timezone.localdate(at)
        try:
            start = day.replace(year=day.year - self.years)
        except ValueError:  # 29 February in a year without one
            start = day.replace(year=day.year - self.years, day=28)
        return timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))


def redlist_rule(rules=None) -> RedListRule:
    """The red-list rule of `rules` (the rule set in force when None)."""
    table = (rules if rules is not None else current_rules())["redlist"]
    return RedListRule(grade=table["grade"], years=int(table["years"]))


def _disqualifying(start, at):
    """The records that keep an agency off the red list when any of them falls in [start, at],
    each an EXISTS subquery on the agency. Upheld complaints against agencies come with the
    complaints of issue 11 (the credit engine's agency `complaint_upheld` events have no source
    before it); they are to be added here."""
    penalties = CreditAction.objects.filter(
        organisation=OuterRef("pk"), kind=CreditAction.Kind.PENALTY, decided_at__gte=start, decided_at__lte=at,
    )
    periods = CreditPeriod.objects.filter(organisation=OuterRef("pk"), started_at__lte=at).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gt=start)
    )
    blacklistings = BlacklistEntry.objects.filter(
        agency=OuterRef("pk"),
        status__in=(BlacklistEntry.Status.APPROVED, BlacklistEntry.Status.REPAIRED),
        starts_at__lte=at,
    ).filter(Q(ended_at__gt=start) | Q(ended_at__isnull=True, ends_at__gt=start))
    return (penalties, periods, blacklistings)


def _graded_through(rule, at):
    """Agencies graded `rule.grade` since the window's start with nothing disqualifying in it
    (whether barred now is left to the caller)."""
    start = rule.window_start(at)
    queryset = agencies().filter(CREDIT_RATED, credit_grade=rule.grade, credit_grade_since__lte=start)
    for records in _disqualifying(start, at):
        queryset = queryset.filter(~Exists(records))
    return queryset


def redlist(at=None, rules=None):
    """The agencies on the red list at `at` (now by default) under `rules` (the rule set in
    force by default), in the directory's order."""
    at = at or timezone.now()
    return (
        _graded_through(redlist_rule(rules), at)
        .exclude(barred_q(at))
        .only(*ROW_FIELDS)
        .annotate(directory_rank=directory_rank())
        .order_by("directory_rank", "name", "pk")
    )


def is_on_redlist(agency, at=None, rules=None):
    """Whether `agency` is on the red list at `at` (one query; none for an agency the rule's
    grade rules out)."""
    at = at or timezone.now()
    rule = redlist_rule(rules)
    if not agency.has_credit_record or agency.credit_grade != rule.grade:
        return False
    return redlist(at, rules).filter(pk=agency.pk).exists()


def next_change(at=None, rules=None):
    """The first moment after `at` at which the list changes by the clock alone within the day:
    a regulator's suspension with an end date lapsing for an agency that qualifies otherwise
    (the window itself moves at midnight, when every cached page ends anyway). One query."""
    at = at or timezone.now()
    return (
        _graded_through(redlist_rule(rules), at)
        .filter(standing__in=BARRED, standing_until__gt=at)
        .exclude(Q(credit_standing__in=BARRED) | Q(blacklisted_until__gt=at))
        .aggregate(moment=Min("standing_until"))["moment"]
    )


def rule_in_words(rules=None):
    """The red-list rule in plain Chinese (the reader's language), as the public pages publish it."""
    rule = redlist_rule(rules)
    return _(
        "连续 %(years)s 年以上保持 %(grade)s 级信用等级，并且在这 %(years)s 年内没有受到监管处理、"
        "没有被投诉并经查证属实、没有被列入重点关注名单或暂停参与选取、没有被列入黑名单，"
        "目前也不处于暂停参与选取或黑名单期间的中介机构，自动列入红名单；"
        "不再符合条件的，自动移出。红名单由平台按规则自动计算，任何人不能手工添加或删除。"
    ) % {"years": rule.years, "grade": rule.grade}


