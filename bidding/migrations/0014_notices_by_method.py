"""The public list of notices filtered by selection method (issue 13), on PostgreSQL only
(core.db), in the list's order like the other filters' indexes (migration 0009):
tests/cms/test_list_plans.py checks the plan."""
from django.db import migrations, models
from django.db.models import Q

from core.db import AddPostgresIndex


class Migration(migrations.Migration):
    dependencies = [
        ("bidding", "0013_capacity_benchmark_indexes"),
    ]

    operations = [
        AddPostgresIndex("job", models.Index(
            fields=["selection_method", "published_at", "id"], condition=~Q(status="draft"),
            name="job_notices_method",
        )),
    ]
