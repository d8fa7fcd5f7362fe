"""The migration to the public beacon keeps what was there: each agency's value for a job, as
its bids carried it, becomes its entry value (the live bid's over a withdrawn one), so a
resubmission after the migration keeps it too. (Draws made before it are marked version 1 by
the same migration and verify as such: test_draw_proof.py.)"""
import importlib

import pytest
from django.apps import apps

from bidding.models import Bid, JobEntryValue
from tests.factories import AgencyFactory, BidFactory, JobFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("bidding.migrations.0005_draw_beacon_entry_values")


def test_entry_values_come_from_the_bids_made_before_the_migration():
    job = JobFactory()
    resubmitting, once, gone = AgencyFactory(), AgencyFactory(), AgencyFactory()
    BidFactory(job=job, agency=resubmitting, status=Bid.Status.WITHDRAWN)
    live = BidFactory(job=job, agency=resubmitting)
    kept = BidFactory(job=job, agency=once)
    withdrawn_only = BidFactory(job=job, agency=gone, status=Bid.Status.WITHDRAWN)
    other_job = BidFactory()

    migration.entry_values_from_bids(apps, None)

    assert dict(JobEntryValue.objects.filter(job=job).values_list("agency_id", "value")) == {
        resubmitting.pk: live.random_value, once.pk: kept.random_value, gone.pk: withdrawn_only.random_value}
    assert JobEntryValue.objects.get(job=other_job.job).value == other_job.random_value
