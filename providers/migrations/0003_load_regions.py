"""Load the shipped administrative divisions, so every database (tests included) has them."""
from django.db import migrations


def load(apps, schema_editor):
    from providers.data.regions import load_regions

    load_regions(apps.get_model("providers", "Region"))


class Migration(migrations.Migration):

    dependencies = [
        ("providers", "0002_certificate_expiry_warned_at"),
    ]

    operations = [
        # Reversing keeps the rows: organisations and departments may point at them.
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
