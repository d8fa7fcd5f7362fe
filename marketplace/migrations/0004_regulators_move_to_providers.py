# Regulators now live in providers (beside their departments); the categories a regulator
# supervises become a relation on the catalogue's side, ServiceCategory.supervisors. The rows
# keep their ids, so audit entries that name a regulator still point at it.
from django.db import migrations, models


def copy_regulators(apps, schema_editor):
    Old = apps.get_model("marketplace", "Regulator")
    New = apps.get_model("providers", "Regulator")
    for old in Old.objects.all():
        new = New.objects.create(id=old.id, user_id=old.user_id, department_id=old.department_id,
                                 title=old.title, is_active=old.is_active)
        New.objects.filter(pk=new.pk).update(created_at=old.created_at)
        for category in old.categories.all():
            category.supervisors.add(new)
    _reset_sequence(schema_editor, New)


def copy_back(apps, schema_editor):
    Old = apps.get_model("marketplace", "Regulator")
    New = apps.get_model("providers", "Regulator")
    for new in New.objects.all():
        old = Old.objects.create(id=new.id, user_id=new.user_id, department_id=new.department_id,
                                 title=new.title, is_active=new.is_active)
        old.categories.set(new.categories.all())
    _reset_sequence(schema_editor, Old)


def _reset_sequence(schema_editor, model):
    # Rows copied with their ids: PostgreSQL's id sequence must start after them.
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [model]):
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ("marketplace", "0003_scheduled_version"),
        ("providers", "0006_regulator"),
    ]

    operations = [
        migrations.AddField(
            model_name="servicecategory",
            name="supervisors",
            field=models.ManyToManyField(blank=True, related_name="categories", to="providers.regulator",
                                         verbose_name="监管人员"),
        ),
        migrations.RunPython(copy_regulators, copy_back),
        migrations.DeleteModel(name="Regulator"),
    ]
