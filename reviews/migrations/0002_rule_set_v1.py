"""The shipped credit rule set, version 1 (reviews/credit/defaults.py)."""
from django.db import migrations
from django.utils import timezone

from reviews.credit.defaults import DEFAULT_RULES


def forwards(apps, schema_editor):
    RuleSet = apps.get_model("reviews", "RuleSet")
    if not RuleSet.objects.exists():
        RuleSet.objects.create(version=1, rules=DEFAULT_RULES, note="平台发布的初始信用评价规则。",
                               created_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
