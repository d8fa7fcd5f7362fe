"""Credit rule set version 2 (issue 10): the approving department's rating weighed beside the
owner's review and the platform's records (5 : 3 : 2), and the owner's delays
(reviews/credit/defaults.py `with_version_2`). A new version on top of the newest one, so a
regulator's later versions keep their numbers; skipped when the newest already has them."""
from django.db import migrations
from django.utils import timezone

from reviews.credit.defaults import V2_NOTE, with_version_2


def forwards(apps, schema_editor):
    RuleSet = apps.get_model("reviews", "RuleSet")
    latest = RuleSet.objects.order_by("-version").first()
    if latest is None or "department_rating" in latest.rules["agency"]["events"]:
        return
    RuleSet.objects.create(version=latest.version + 1, rules=with_version_2(latest.rules), note=V2_NOTE,
                           created_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [("reviews", "0003_department_rating")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
