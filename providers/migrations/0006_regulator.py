# The regulator's staff record moves from marketplace to providers, beside the departments it
# belongs to; marketplace's migration 0004 copies the rows and removes the old table.
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("providers", "0005_organisation_credit_rated_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Regulator",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(blank=True, max_length=50, verbose_name="职务")),
                ("is_active", models.BooleanField(default=True, verbose_name="在岗")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("department", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                                 to="providers.department", verbose_name="所属部门")),
                ("user", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE,
                                              related_name="regulator", to=settings.AUTH_USER_MODEL)),
            ],
            options={"verbose_name": "监管人员", "verbose_name_plural": "监管人员"},
        ),
    ]
