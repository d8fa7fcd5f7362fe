"""Shared tables: the working-day calendar's exceptions, notices; the abstract attachment."""
import datetime
import posixpath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .storage import private_storage


class CalendarDay(models.Model):
    """A date that breaks the weekday rule: a public holiday on a weekday, or a weekend day
    made a working day (调休上班). Editable by platform staff; seeded from the State Council
    schedules shipped in the `chinesecalendar` package by `manage.py load_holidays`."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("法定节假日（不上班）")
        WORKDAY = "workday", _("调休上班")

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=50, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")

    def __str__(self):
        return f"{self.date} {self.get_kind_display()} {self.name}"


class Notice(models.Model):
    """An in-site notice (站内消息); the same text usually goes out by e-mail too."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="notices")
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]
        verbose_name = _("站内消息")
        verbose_name_plural = _("站内消息")

    def __str__(self):
        return self.title


def attachment_path(instance, filename):
    """Where an attachment is stored: its model's `folder`, then year and month
    (jobs/2026/03/<random name>.pdf)."""
    return posixpath.join(datetime.datetime.now().strftime(f"{instance.folder}/%Y/%m"), filename)


class Attachment(models.Model):
    """A private uploaded file attached to a record (a job's, a bid's, an objection's files).

    Concrete models add the record it belongs to and set `folder`. Files are stored through
    `core.uploads.attach` (content checked, random name, removed again if the change fails) and
    served through `core.uploads.private_file_response` to those allowed. `name` is the name the
    user gave, shown in lists; the stored file never carries it."""

    folder = "attachments"

    name = models.CharField(_("附件名称"), max_length=200)
    file = models.FileField(_("文件"), upload_to=attachment_path, storage=private_storage)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name
