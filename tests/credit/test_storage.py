"""What credit_update stores on the organisation: the score from every source of events, the grade
only with enough events, the ratings, blind reviews left out, grade changes with their audit
entries, and a constant number of queries per batch."""
import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.actions import Action
from audit.models import AuditEntry
from providers.models import CREDIT_RATED, Organisation
from reviews.credit import events as credit_events
from reviews.credit.rulesets import current_rules, current_ruleset
from reviews.models import GradeChange, Review
from reviews.services.credit import credit_update
from tests.factories import AgencyFactory, OwnerFactory
from tests.factories.credit import (
    CreditActionFactory,
    ReviewFactory,
    delivery_of,
    refusal_of,
    review_of,
    upheld_complaint_against,
)

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(datetime.datetime(2026, 6, 30, 10, 0))


def days_ago(n):
    return NOW - datetime.timedelta(days=n)


def stored(org):
    return Organisation.objects.get(pk=org.pk)


def test_an_organisation_with_too_few_events_has_a_score_but_no_grade():
    agency = AgencyFactory()
    review_of(agency, 5, at=NOW)
    credit_update([agency.pk], at=NOW)
    agency = stored(agency)
    assert agency.credit_score == Decimal("88.00")
    assert agency.credit_grade == "" and agency.credit_rated_at is None and not agency.has_credit_record
    assert agency.credit_rule_version == current_ruleset().version
    assert not Organisation.objects.filter(CREDIT_RATED, pk=agency.pk).exists()
    assert not GradeChange.objects.filter(organisation=agency).exists()


def test_enough_events_give_a_grade_with_its_change_recorded_and_audited():
    agency = AgencyFactory()
    for value in (5, 4, 3):
        review_of(agency, value, at=days_ago(0))
    credit_update([agency.pk], at=NOW)
    agency = stored(agency)
    assert (agency.credit_score, agency.credit_grade) == (Decimal("92.00"), "A")
    assert agency.credit_rated_at == NOW and agency.credit_grade_since == NOW
    change = GradeChange.objects.get(organisation=agency)
    version = current_ruleset().version
    assert (change.grade, change.score, change.rule_version, change.at) == ("A", Decimal("92.00"), version, NOW)
    entry = AuditEntry.objects.get(action=Action.CREDIT_GRADE_CHANGE, object_id=str(change.pk))
    assert entry.actor_id is None and entry.after["grade"] == "A" and entry.before["grade"] == ""


def test_a_later_change_of_grade_is_recorded_and_the_same_grade_is_not():
    agency = AgencyFactory()
    for value in (5, 5, 5):
        review_of(agency, value, at=days_ago(0))
    credit_update([agency.pk], at=NOW)
    refusal_of(agency, at=NOW)
    credit_update([agency.pk], at=NOW)  # 95 − 10 = 85: B
    agency = stored(agency)
    assert (agency.credit_score, agency.credit_grade, agency.credit_grade_since) == (Decimal("85.00"), "B", NOW)
    CreditActionFactory(organisation=agency, kind="commendation", decided_at=NOW)
    later = NOW + datetime.timedelta(hours=1)
    credit_update([agency.pk], at=later)  # 90: A again
    credit_update([agency.pk], at=later)  # nothing changes: nothing written
    assert list(GradeChange.objects.filter(organisation=agency).order_by("at", "pk").values_list("grade", flat=True)) \
        == ["A", "B", "A"]


def test_every_source_of_events_counts():
    agency, owner = AgencyFactory(), OwnerFactory()
    delivery_of(agency, days_late=0, at=days_ago(0))                                     # +1
    delivery_of(agency, days_late=4, at=days_ago(0))                                     # −3
    refusal_of(agency, at=days_ago(0))                                                   # −10
    CreditActionFactory(organisation=agency, kind="penalty", level="serious", decided_at=days_ago(0))  # −15
    CreditActionFactory(organisation=agency, kind="commendation", decided_at=days_ago(0))  # +5
    upheld_complaint_against(owner, at=days_ago(0))                                      # owner −5
    review_of(owner, 2, at=days_ago(0))                                                  # owner −4
    credit_update([agency.pk, owner.pk], at=NOW)
    assert stored(agency).credit_score == Decimal("58.00")
    assert stored(owner).credit_score == Decimal("71.00")


def test_days_are_local_days():
    """A refusal recorded at 23:30 on 29 June in Beijing (15:30 UTC) is a day old on 30 June."""
    agency = AgencyFactory()
    moment = timezone.make_aware(datetime.datetime(2026, 6, 29, 23, 30))
    refusal_of(agency, at=moment)
    events = credit_events.gather("agency", at=NOW, rules=current_rules(), ids=[agency.pk])[agency.pk]
    assert events[0].on == datetime.date(2026, 6, 29)


def test_ratings_are_the_mean_of_counted_reviews_or_the_default():
    agency, plain = AgencyFactory(), AgencyFactory()
    review_of(agency, Decimal("4.25"), at=days_ago(10))
    review_of(agency, Decimal("3.50"), at=days_ago(5))
    review_of(agency, 1, at=days_ago(5), status=Review.Status.VOIDED)
    credit_update([agency.pk, plain.pk], at=NOW)
    assert (stored(agency).rating_average, stored(agency).rating_count) == (Decimal("3.88"), 2)
    # no review yet: the mean of the rule set's default review for agencies (4, 4, 4, 4)
    assert (stored(plain).rating_average, stored(plain).rating_count) == (Decimal("4.00"), 0)


def test_a_blind_review_does_not_count_until_it_is_shown():
    agency = AgencyFactory()
    review = review_of(agency, 1, at=days_ago(0), shown=False)  # window open, the agency silent
    credit_update([agency.pk], at=NOW)
    assert stored(agency).credit_score == Decimal("80.00") and stored(agency).rating_count == 0
    # the agency writes its review of the owner: both are in, both shown
    ReviewFactory(contract=review.contract, direction=Review.Direction.AGENCY_TO_OWNER, submitted_at=NOW)
    credit_update([agency.pk], at=NOW)
    assert stored(agency).credit_score == Decimal("72.00") and stored(agency).rating_count == 1


def test_a_blind_review_counts_once_the_window_has_closed():
    agency = AgencyFactory()
    review_of(agency, 1, at=days_ago(0), shown=False)  # filed a day ago: the window closes in 14 days
    credit_update([agency.pk], at=NOW + datetime.timedelta(days=13))
    assert stored(agency).rating_count == 0
    credit_update([agency.pk], at=NOW + datetime.timedelta(days=15))
    assert stored(agency).rating_count == 1


def test_unknown_ids_are_ignored():
    assert credit_update([987654321], at=NOW).organisations == 0


def test_a_batch_costs_the_same_number_of_queries_whatever_its_size():
    def queries(count):
        agencies = [AgencyFactory() for _ in range(count)]
        for agency in agencies:
            review_of(agency, 4, at=NOW)
            refusal_of(agency, at=NOW)
            CreditActionFactory(organisation=agency, decided_at=NOW)
        with CaptureQueriesContext(connection) as captured:
            credit_update([agency.pk for agency in agencies], at=NOW)
        return len(captured)

    queries(1)  # the audit chain's head is made once
    assert queries(2) == queries(12)


def test_the_events_blindness_query_selects_what_the_reviews_rule_does():
    """events.shown_q is reviews.rules.shown_q written without a join: the same reviews."""
    from reviews import rules as review_rules

    agency = AgencyFactory()
    blind = review_of(agency, 3, at=NOW, shown=False)                 # window open, other side silent
    closed = review_of(agency, 4, at=NOW, shown=True)                 # window closed
    both = review_of(agency, 5, at=NOW, shown=False)
    ReviewFactory(contract=both.contract, direction=Review.Direction.AGENCY_TO_OWNER, submitted_at=NOW)
    unfiled = review_of(agency, 2, at=NOW, shown=False)
    unfiled.contract.__class__.objects.filter(pk=unfiled.contract_id).update(deliverables_filed_at=None)
    rules = current_rules()
    for moment in (NOW, NOW + datetime.timedelta(days=14, hours=23), NOW + datetime.timedelta(days=16)):
        ours = set(Review.objects.filter(credit_events.shown_q(moment, rules)).values_list("pk", flat=True))
        theirs = set(Review.objects.filter(review_rules.shown_q(moment, rules)).values_list("pk", flat=True))
        assert ours == theirs
    assert {closed.pk, both.pk} <= ours and unfiled.pk not in ours
    assert blind.pk in ours  # at the last moment its window has closed
