"""The bulk recompute gives exactly what the per-organisation update gives (they share one
computation; the batches only choose which organisations), writes only the rows that changed,
and `manage.py recompute_credit --check` proves it or exits non-zero."""
import datetime
import random
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from providers.models import Organisation
from reviews.credit.rulesets import current_ruleset
from reviews.models import CreditPeriod, GradeChange, Review
from reviews.services import credit
from reviews.services.credit import FIELDS, credit_differences, credit_recompute_all, credit_update
from tests.factories import AgencyFactory, OwnerFactory
from tests.factories.credit import (
    CreditActionFactory,
    delivery_of,
    refusal_of,
    review_of,
    upheld_complaint_against,
)

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(datetime.datetime(2026, 6, 30, 10, 0))


def histories(seed=7, agencies=9, owners=4):
    """Organisations with varied histories over three years (some empty, some watched, some
    suspended, some graded)."""
    rnd = random.Random(seed)

    def moment():
        return NOW - datetime.timedelta(days=rnd.randint(0, 1100), hours=rnd.randint(0, 23))

    orgs = [AgencyFactory() for _ in range(agencies)] + [OwnerFactory() for _ in range(owners)]
    for index, org in enumerate(orgs):
        for _ in range(rnd.randint(0, 6) if index % 5 else 0):
            review_of(org, rnd.choice(["1.00", "2.50", "3.67", "4.25", "5.00"]), at=moment())
        for _ in range(rnd.randint(0, 3)):
            CreditActionFactory(organisation=org, kind=rnd.choice(["penalty", "commendation"]),
                                level=rnd.choice(["minor", "serious", "grave"]), decided_at=moment())
        if org.kind == "agency":
            for _ in range(rnd.randint(0, 3)):
                delivery_of(org, days_late=rnd.randint(-2, 6), at=moment())
            for _ in range(rnd.randint(0, 2)):
                refusal_of(org, at=moment())
        elif rnd.random() < 0.5:
            upheld_complaint_against(org, at=moment())
    return orgs


def snapshot():
    return {
        "organisations": {row[0]: row[1:] for row in Organisation.objects.order_by("pk").values_list("pk", *FIELDS)},
        "grades": sorted(GradeChange.objects.values_list("organisation_id", "grade", "score", "rule_version", "at")),
        "periods": sorted(CreditPeriod.objects.values_list("organisation_id", "standing", "score", "lines",
                                                           "started_at", "ended_at")),
    }


def reset():
    GradeChange.objects.all().delete()
    CreditPeriod.objects.all().delete()
    default = {name: Organisation._meta.get_field(name).get_default() for name in FIELDS}
    Organisation.objects.update(**default)


def test_bulk_equals_incremental():
    histories()
    before = snapshot()
    summary = credit_recompute_all(at=NOW, batch_size=3)
    assert summary.organisations == Organisation.objects.count()
    bulk = snapshot()
    assert bulk != before
    standings = {row[FIELDS.index("credit_standing")] for row in bulk["organisations"].values()}
    grades = {row[FIELDS.index("credit_grade")] for row in bulk["organisations"].values()}
    assert len(standings) >= 2 and len(grades) >= 3, (standings, grades)  # a varied set
    reset()
    # one at a time, as the trigger does (the counterparts of the histories' contracts too)
    for pk in Organisation.objects.order_by("-pk").values_list("pk", flat=True):
        credit_update([pk], at=NOW)
    assert snapshot() == bulk


def test_a_second_run_changes_nothing_and_writes_nothing():
    histories(seed=3)
    first = credit_recompute_all(at=NOW)
    assert first.changed > 0
    before = snapshot()
    again = credit_recompute_all(at=NOW, batch_size=2)
    assert (again.changed, again.grade_changes, again.standing_changes) == (0, 0, 0)
    assert snapshot() == before


def test_only_rows_that_changed_are_written():
    agencies = [AgencyFactory() for _ in range(4)]
    credit_recompute_all(at=NOW)
    review_of(agencies[2], 5, at=NOW)
    summary = credit_recompute_all(at=NOW)
    assert summary.changed == 2  # the reviewed agency and the new owner of its contract
    assert Organisation.objects.get(pk=agencies[2].pk).credit_score == Decimal("88.00")


def test_the_check_finds_no_difference():
    histories(seed=11, agencies=6, owners=2)
    assert credit_differences(at=NOW, batch_size=4) == []
    assert credit_differences(at=NOW, sample=3, batch_size=2) == []


def test_the_command_recomputes_and_checks():
    orgs = histories(seed=5, agencies=5, owners=2)
    total = Organisation.objects.count()
    out = StringIO()
    call_command("recompute_credit", "--at", "2026-06-30", stdout=out, stderr=StringIO())
    assert f"{total} organisations" in out.getvalue()
    assert Organisation.objects.filter(credit_rule_version=current_ruleset().version).count() == total
    out = StringIO()
    call_command("recompute_credit", "--check", "--at", "2026-06-30", stdout=out, stderr=StringIO())
    assert "identical" in out.getvalue()
    call_command("recompute_credit", "--org", str(orgs[0].pk), stdout=StringIO(), stderr=StringIO())


def test_the_command_exits_non_zero_on_a_difference(monkeypatch):
    """A gathering that depended on the batch (here: the first event of each batch lost) is caught."""
    histories(seed=9, agencies=4, owners=0)
    gather = credit.credit_events.gather

    def flawed(profile, **kwargs):
        events = gather(profile, **kwargs)
        if kwargs.get("id_range") and events:
            first = min(events)
            events[first] = events[first][1:]
        return events

    monkeypatch.setattr(credit.credit_events, "gather", flawed)
    out = StringIO()
    with pytest.raises(CommandError, match="difference"):
        call_command("recompute_credit", "--check", "--at", "2026-06-30", stdout=out, stderr=StringIO())
    assert "credit_score bulk=" in out.getvalue()


def test_voided_reviews_leave_the_score_alike_in_both_paths():
    agency = AgencyFactory()
    for value in ("5.00", "1.00", "4.00"):
        review_of(agency, value, at=NOW)
    Review.objects.filter(rated=agency, average=Decimal("1.00")).update(status=Review.Status.VOIDED)
    assert credit_differences(at=NOW) == []
    credit_update([agency.pk], at=NOW)
    assert Organisation.objects.get(pk=agency.pk).credit_score == Decimal("92.00")


@pytest.mark.django_db(transaction=True)
def test_several_processes_give_the_same_results_on_postgresql():
    """With committed data (no test transaction), the batches are shared by forked processes,
    each with its own connection: the same results as one process and as one at a time."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the batches are shared by processes on PostgreSQL only")
    histories(seed=13, agencies=8, owners=3)
    assert credit.worker_count(2) == 2
    summary = credit_recompute_all(at=NOW, batch_size=2, workers=2)
    assert summary.organisations == Organisation.objects.count() and summary.changed == summary.organisations
    shared = snapshot()
    assert credit_differences(at=NOW, batch_size=3, workers=2) == []
    reset()
    credit_recompute_all(at=NOW, batch_size=5, workers=1)
    assert snapshot() == shared
