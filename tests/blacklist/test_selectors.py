"""The public list of entries (for the public credit pages): approved entries only — in force,
ended by expiry, ended by repair — newest first, with the agency, facts, basis, period, state and
the banned persons masked, in a fixed number of queries."""
import datetime

import pytest
from django.utils import timezone

from reviews import blacklist_rules as rules
from reviews.models import BlacklistEntry
from reviews.selectors.blacklist import entries_of, public_entries, waiting_count_for, waiting_for
from reviews.services.blacklist import blacklist_reject
from reviews.services.repair import repair_apply, repair_decide
from tests.factories import AgencyFactory, MembershipFactory, RegulatorFactory
from tests.factories.blacklist import MANAGER_ID, approved, evidence, propose

pytestmark = pytest.mark.django_db


def test_the_public_list_shows_approved_entries_with_their_states_newest_first(django_assert_num_queries):
    in_force = approved(AgencyFactory(name="在列公司"))
    expired = approved(AgencyFactory(name="期满公司"), years=1)
    BlacklistEntry.objects.filter(pk=expired.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=400), ends_at=timezone.now() - datetime.timedelta(days=35))
    repaired_agency = AgencyFactory(name="修复公司")
    repaired = approved(repaired_agency)
    admin = MembershipFactory(organisation=repaired_agency).user
    repair_decide(actor=RegulatorFactory().user, approve=True,
                  repair=repair_apply(actor=admin, entry=repaired, rectification="已整改", files=[evidence()]))
    propose(AgencyFactory(name="待复核公司"))
    blacklist_reject(actor=RegulatorFactory().user, entry=propose(AgencyFactory(name="未获同意公司")), note="证据不足")

    now = timezone.now()
    with django_assert_num_queries(2):
        rows = list(public_entries(now))
    assert [(row.agency.name, row.state, row.state_label) for row in rows] == [
        ("修复公司", "repaired", "信用修复后移出"), ("在列公司", "in_force", "在列"),
        ("期满公司", "expired", "已期满移出")]
    with django_assert_num_queries(0):
        persons = [[(p.role, p.name, p.id_masked) for p in row.persons.all()] for row in rows]
    assert persons[1][1] == ("manager", "陈经理", MANAGER_ID[:4] + "**********" + MANAGER_ID[-4:])
    assert all(row.facts and row.legal_basis and row.starts_at and row.ends_at for row in rows)
    # The state in the query agrees with the rule.
    for row in rows:
        assert row.state == rules.entry_state(row, now)
    assert [row.pk for row in entries_of(in_force.agency, now)] == [in_force.pk]


def test_the_number_of_queries_does_not_grow_with_the_list(django_assert_num_queries):
    for _ in range(4):
        approved()
    with django_assert_num_queries(2):
        assert len(list(public_entries())) == 4


def test_a_regulator_waits_only_for_other_regulators_proposals():
    first, second = RegulatorFactory().user, RegulatorFactory().user
    entry = propose(proposer=first)
    assert waiting_for(first) == [] and waiting_count_for(first) == 0
    assert [e.pk for e in waiting_for(second)] == [entry.pk] and waiting_count_for(second) == 1


def test_period_end_keeps_the_day_and_handles_29_february():
    start = timezone.make_aware(datetime.datetime(2028, 2, 29, 10, 30))
    assert timezone.localtime(rules.period_end(start, 1)).date() == datetime.date(2029, 2, 28)
    start = timezone.make_aware(datetime.datetime(2026, 5, 20, 9, 0))
    assert timezone.localtime(rules.period_end(start, 3)) == timezone.make_aware(datetime.datetime(2029, 5, 20, 9, 0))
