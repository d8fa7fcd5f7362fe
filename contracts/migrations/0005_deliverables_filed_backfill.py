"""Contracts whose job already had all deliverables filed: the moment is the latest of each
milestone's first delivery (the reviews open from it)."""
from django.db import migrations
from django.db.models import Min

FILED = ("delivered", "accepted", "completed")


def forwards(apps, schema_editor):
    Contract = apps.get_model("contracts", "Contract")
    Delivery = apps.get_model("contracts", "Delivery")
    for contract in Contract.objects.filter(job__status__in=FILED, deliverables_filed_at__isnull=True):
        firsts = (Delivery.objects.filter(milestone__contract=contract).values("milestone")
                  .annotate(first=Min("submitted_at")).values_list("first", flat=True))
        firsts = [moment for moment in firsts if moment is not None]
        if firsts:
            Contract.objects.filter(pk=contract.pk).update(deliverables_filed_at=max(firsts))


class Migration(migrations.Migration):
    dependencies = [("contracts", "0004_contract_deliverables_filed_at")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
