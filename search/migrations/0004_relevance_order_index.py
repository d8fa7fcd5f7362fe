"""PostgreSQL: the order of a listing without text (relevance: rank, then newest; the credit
sort the same), so the first page of a kind is read from an index instead of sorting the kind
whole. The model's (kind, -rank, ref) index stays for SQLite."""
from django.db import migrations, models
from django.db.models import F

from core.db import AddPostgresIndex


class Migration(migrations.Migration):
    dependencies = [("search", "0003_full_text")]

    operations = [
        AddPostgresIndex("searchentry", models.Index(
            F("kind"), F("rank").desc(), F("date").desc(nulls_last=True), F("ref"), name="search_entry_kind_rank_date",
        )),
    ]
