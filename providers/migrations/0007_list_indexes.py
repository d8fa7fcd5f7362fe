"""Indexes for the public lists of agencies at scale (issue 7), on PostgreSQL only (core.db):
partial and expression indexes, and a trigram index for the keyword (which needs pg_trgm).
SQLite, for development and tests, gets none of them and needs none.

- org_directory_order: the directory's order, marketplace.selectors.directory: directory_rank
  (the same expression as `directory_rank()`: the planner uses the index only while the two
  are equal, which tests/cms/test_list_plans.py checks), then name, then id; agencies only.
  It serves the first page, the count and a cursor page at any depth (a row comparison).
- org_directory_grade: the same order within one credit grade of rated agencies.
- org_newest_agencies: the home page's newest agencies (created_at, id).
- org_name_trgm: `name icontains` (UPPER(name) LIKE '%…%') for the directory's keyword and the
  notices' owner name; a keyword of three characters or more uses it.
The region filter (region code prefix) uses the region_id varchar_pattern_ops index Django made
for the foreign key.
"""
from decimal import Decimal

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import migrations, models
from django.db.models import Case, DecimalField, F, Q, Value, When
from django.db.models.functions import Upper

from core.db import AddPostgresIndex


def directory_rank():
    return Case(
        When(Q(credit_rated_at__isnull=False), then=-F("credit_score")),
        default=Value(Decimal(10000)),
        output_field=DecimalField(max_digits=7, decimal_places=2),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0006_regulator"),
    ]

    operations = [
        AddPostgresIndex("organisation", models.Index(
            directory_rank(), F("name"), F("id"),
            condition=Q(kind="agency"), name="org_directory_order",
        )),
        AddPostgresIndex("organisation", models.Index(
            F("credit_grade"), directory_rank(), F("name"), F("id"),
            condition=Q(kind="agency", credit_rated_at__isnull=False), name="org_directory_grade",
        )),
        AddPostgresIndex("organisation", models.Index(
            fields=["created_at", "id"], condition=Q(kind="agency"), name="org_newest_agencies",
        )),
        AddPostgresIndex("organisation", GinIndex(
            OpClass(Upper("name"), name="gin_trgm_ops"), name="org_name_trgm",
        ), extensions=["pg_trgm"]),
    ]
