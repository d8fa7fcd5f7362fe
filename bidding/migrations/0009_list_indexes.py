"""Indexes for the public list of notices at scale (issue 7), on PostgreSQL only (core.db).
Every one is in the list's order, -published_at, -id (read backwards), so a page, the count and
a cursor page at any depth read only the rows they show; tests/cms/test_list_plans.py checks
the plans.

- job_notices_order: published and later jobs (not drafts): the unfiltered list, the home page.
- job_notices_status: the status filter.
- job_notices_item: the item filter (bidding.selectors.public looks the item's id up first).
- job_title_trgm, job_code_trgm: the keyword (UPPER(title|project_code) LIKE '%…%'), beside
  providers' org_name_trgm for the owner's name; a keyword of three characters or more uses them.
"""
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import migrations, models
from django.db.models import Q
from django.db.models.functions import Upper

from core.db import AddPostgresIndex


class Migration(migrations.Migration):
    dependencies = [
        ("bidding", "0008_attachments_one_model"),
        ("providers", "0007_list_indexes"),
    ]

    operations = [
        AddPostgresIndex("job", models.Index(
            fields=["published_at", "id"], condition=~Q(status="draft"), name="job_notices_order",
        )),
        AddPostgresIndex("job", models.Index(fields=["status", "published_at", "id"], name="job_notices_status")),
        AddPostgresIndex("job", models.Index(
            fields=["item", "published_at", "id"], condition=~Q(status="draft"), name="job_notices_item",
        )),
        AddPostgresIndex("job", GinIndex(
            OpClass(Upper("title"), name="gin_trgm_ops"), name="job_title_trgm",
        ), extensions=["pg_trgm"]),
        AddPostgresIndex("job", GinIndex(
            OpClass(Upper("project_code"), name="gin_trgm_ops"), name="job_code_trgm",
        ), extensions=["pg_trgm"]),
    ]
