"""Organisations never graded by the credit rules keep no grade (the old default was "A")."""
from django.db import migrations


def forwards(apps, schema_editor):
    apps.get_model("providers", "Organisation").objects.filter(credit_rated_at__isnull=True).update(credit_grade="")


class Migration(migrations.Migration):
    dependencies = [("providers", "0008_credit_inputs_and_person_bans")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
