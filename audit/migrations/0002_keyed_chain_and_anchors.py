"""The chain becomes keyed (scheme 2, HMAC-SHA256); the entries written before stay scheme 1,
verified as plain SHA-256. The head gets a signature, made here with AUDIT_HMAC_KEY for an
existing head; and daily anchors of the head get a table of their own."""
from django.db import migrations, models


def sign_existing_head(apps, schema_editor):
    from audit.chain import current_key, head_mac

    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    for head in AuditChainHead.objects.using(schema_editor.connection.alias).all():
        head.mac = head_mac(current_key(), seq=head.last_seq, hash=head.last_hash)
        head.save(update_fields=["mac"])


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="scheme",
            field=models.PositiveSmallIntegerField(default=1),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditchainhead",
            name="mac",
            field=models.CharField(blank=True, default="", max_length=64),
            preserve_default=False,
        ),
        migrations.CreateModel(
            name="AuditAnchor",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("date", models.DateField(unique=True, verbose_name="日期")),
                ("seq", models.BigIntegerField(verbose_name="记录序号")),
                ("hash", models.CharField(max_length=64, verbose_name="链头哈希")),
                ("created_at", models.DateTimeField(verbose_name="公布时间")),
                ("mac", models.CharField(max_length=64)),
            ],
            options={
                "verbose_name": "审计存证",
                "verbose_name_plural": "审计存证",
                "ordering": ["-date"],
            },
        ),
        migrations.RunPython(sign_existing_head, migrations.RunPython.noop),
    ]
