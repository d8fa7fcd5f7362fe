# One abstract attachment model (core.models.Attachment) for job, bid and objection files: the
# tables and their rows stay; job and bid files now record who uploaded them (earlier rows: unknown).

import core.models
import core.storage
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('bidding', '0007_integrity_pattern_defaults'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='bidattachment',
            name='uploaded_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='jobattachment',
            name='uploaded_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='bidattachment',
            name='file',
            field=models.FileField(storage=core.storage.private_storage, upload_to=core.models.attachment_path, verbose_name='文件'),
        ),
        migrations.AlterField(
            model_name='jobattachment',
            name='file',
            field=models.FileField(storage=core.storage.private_storage, upload_to=core.models.attachment_path, verbose_name='文件'),
        ),
        migrations.AlterField(
            model_name='objectionattachment',
            name='file',
            field=models.FileField(storage=core.storage.private_storage, upload_to=core.models.attachment_path, verbose_name='文件'),
        ),
        migrations.AlterField(
            model_name='objectionattachment',
            name='uploaded_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
    ]
