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
