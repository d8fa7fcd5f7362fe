"""Indexes for part D of issue 10, on PostgreSQL only (core.db):

- job_awarded_by_item: an item's awarded jobs by award time (bidding.selectors.benchmarks: the
  price benchmark reads the item's jobs awarded in the last 12 months, with a winner).

The capacity load (bidding.selectors.capacity) is served by the existing (item, status) index
and the index of Job.winner; the declarations (marketplace.AgencyCapacity) by their unique
(agency, item) constraint and their (item, agency) index.
"""
from django.db import migrations, models
from django.db.models import Q

from core.db import AddPostgresIndex


class Migration(migrations.Migration):
    dependencies = [
        ("bidding", "0012_quote_invitation_beacon"),
    ]

    operations = [
        AddPostgresIndex("job", models.Index(
            fields=["item", "awarded_at"], condition=Q(winner__isnull=False, awarded_at__isnull=False),
            name="job_awarded_by_item",
        )),
    ]
