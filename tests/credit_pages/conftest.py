"""Helpers of the public credit pages' tests: the page tree, and credit records written as the
credit, blacklist and reviews services leave them (rows, not services: these tests are about
what the public pages show of them)."""
import datetime

import pytest
from django.utils import timezone

from providers.models import Standing
from reviews.models import BlacklistEntry, BlacklistPerson, CreditAction, CreditPeriod, RuleSet
from tests.factories import AgencyFactory, UserFactory


@pytest.fixture
def home(db):
    """The public page tree as seed_demo builds it (home, /credit/ with its blacklist and red list…)."""
    from core.demo.site import ensure_page_tree

    return ensure_page_tree()


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture(autouse=True)
def _version_1_in_force(request):
    """These tests name rule set versions from the shipped version 1 up (new_version(2), "第 1 版",
    /credit/rules/v1/). The migrations now ship version 2 as well (reviews/0004: the approving
    department's rating and the owner's delays; tests/department_rating checks the pages under
    it), so each test here starts from version 1 alone, as the database stood when they were
    written."""
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        RuleSet.objects.filter(version__gt=1).delete()


def ago(**delta):
    return timezone.now() - datetime.timedelta(**delta)


def graded(name, grade="A", *, since, score=None, **fields):
    """An agency the credit rules have graded `grade` since the moment `since`."""
    score = score if score is not None else {"A": 95, "B": 80, "C": 65, "D": 40}[grade]
    return AgencyFactory(name=name, credit_grade=grade, credit_score=score, credit_rated_at=timezone.now(),
                         credit_grade_since=since, credit_rule_version=1, **fields)


def penalty(agency, at, *, kind=CreditAction.Kind.PENALTY):
    return CreditAction.objects.create(organisation=agency, kind=kind, level=CreditAction.Level.MINOR,
                                       facts="出具报告严重失实", legal_basis="《中介服务管理办法》第二十条",
                                       decided_by=UserFactory(), decided_at=at)


def period(agency, started_at, ended_at=None, standing=Standing.WATCH, score="62.00"):
    return CreditPeriod.objects.create(organisation=agency, standing=standing, score=score, rule_version=1,
                                       lines=[], started_at=started_at, ended_at=ended_at)


def blacklisting(agency, starts_at, *, years=1, status=BlacklistEntry.Status.APPROVED, ended_at=None,
                 persons=(("legal_rep", "张三", "5106**********1234"),)):
    proposer, approver = UserFactory(), UserFactory()
    entry = BlacklistEntry.objects.create(
        agency=agency, facts="伪造评估报告数据", legal_basis="《中介服务管理办法》第三十条", years=years,
        status=status, proposed_by=proposer, proposed_at=starts_at - datetime.timedelta(days=2),
        decided_by=approver, decided_at=starts_at, decision_note="同意", starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(days=365 * years), ended_at=ended_at,
    )
    for role, name, masked in persons:
        BlacklistPerson.objects.create(entry=entry, role=role, name=name, id_hash=f"hash-{entry.pk}-{name}",
                                       id_masked=masked)
    return entry


def new_version(version, **changes):
    """A later rule set version: version 1's rules with `changes` (profile → {key: value})."""
    rules = RuleSet.objects.get(version=1).rules
    for key, value in changes.items():
        rules[key] = {**rules[key], **value}
    return RuleSet.objects.create(version=version, rules=rules, note=f"第 {version} 次修订",
                                  created_at=timezone.now())
