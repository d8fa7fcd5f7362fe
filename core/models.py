"""Shared tables: the working-day calendar's exceptions."""
from django.db import models
from django.utils.translation import gettext_lazy as _


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
