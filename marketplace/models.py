"""The catalogue of intermediary service items, their fee rules, the regulators who keep
them, and what agencies offer against each item (the three commitments).

Tables and constraints only: every write goes through marketplace.services.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from providers.models import Department, Organisation, QualificationType


class ChangeInfo(models.Model):
    """Extra columns on every catalogue history row: when the change takes effect, and why.

    The reason is simple_history's own `history_change_reason` (a text column, see
    `_versioned`); the effective date is stamped by `_stamp_change_info` below.
    """

    effective_from = models.DateField(_("生效日期"), null=True, blank=True)

    class Meta:
        abstract = True


def _versioned(**options):
    """History for a catalogue table: change reasons may quote a whole policy document."""
    return HistoricalRecords(
        bases=[ChangeInfo], history_change_reason_field=models.TextField(null=True), **options
    )


@receiver(pre_create_historical_record)
def _stamp_change_info(sender, instance, history_instance, **kwargs):
    """Copy the effective date (and, for a first version, the creation mark) that the service
    put on the instance onto the history row before it is saved.

    Services set `instance._history_user`, `instance._change_reason` (read by simple_history
    itself) and `instance._history_effective_from`; rows written without them keep NULL.
    `_history_type` lets a service that had to save twice (row first, many-to-many second)
    still record a single "+" version: see marketplace.services.catalogue.
    """
    if not isinstance(history_instance, ChangeInfo):
        return
    if hasattr(instance, "_history_effective_from"):
        history_instance.effective_from = instance._history_effective_from
    if hasattr(instance, "_history_type"):
        history_instance.history_type = instance._history_type


class ServiceCategory(models.Model):
    code = models.SlugField(_("代码"), max_length=20, unique=True)
    name = models.CharField(_("类别名称"), max_length=50)
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("服务类别")
        verbose_name_plural = _("服务类别")

    def __str__(self):
        return self.name


class ServiceItem(models.Model):
    class FeeType(models.TextChoices):
        MARKET = "market", _("市场调节价")
        GOVERNMENT = "government", _("政府定价或指导价")

    code = models.CharField(_("事项编码"), max_length=30, unique=True)
    name = models.CharField(_("事项名称"), max_length=100)
    category = models.ForeignKey(ServiceCategory, on_delete=models.PROTECT, verbose_name=_("类别"))
    legal_basis = models.TextField(_("设定依据"))
    approval_item = models.CharField(_("对应审批事项"), max_length=150)
    approving_department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="approved_items", verbose_name=_("审批部门")
    )
    statutory_days = models.PositiveIntegerField(_("法定服务时限（工作日）"))
    fee_type = models.CharField(_("收费类型"), max_length=12, choices=FeeType.choices)
    required_qualifications = models.ManyToManyField(
        QualificationType, blank=True, verbose_name=_("法定资质要求")
    )
    description = models.TextField(_("服务内容"), blank=True)
    is_active = models.BooleanField(_("在清单内"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = _versioned(m2m_fields=[required_qualifications], excluded_fields=["updated_at"])

    class Meta:
        ordering = ["code"]
        verbose_name = _("中介服务事项")
        verbose_name_plural = _("中介服务事项")

    def __str__(self):
        return f"{self.code} {self.name}"


class FeeRule(models.Model):
    """A computable fee standard: see marketplace.fees for the arithmetic and the JSON shapes."""

    class Mode(models.TextChoices):
        PROGRESSIVE = "progressive", _("差额定率累进")
        BAND = "band", _("分档计费（基数加费率）")

    item = models.OneToOneField(ServiceItem, on_delete=models.CASCADE, related_name="fee_rule")
    legal_basis = models.TextField(_("收费依据"))
    quantity_label = models.CharField(_("计费依据"), max_length=50)  # e.g. 项目总投资
    quantity_unit = models.CharField(_("计量单位"), max_length=20)  # e.g. 万元
    mode = models.CharField(_("计费方式"), max_length=12, choices=Mode.choices)
    bands = models.JSONField(_("计费档次"), default=list)
    coefficients = models.JSONField(_("调整系数"), default=list, blank=True)
    minimum_fee = models.DecimalField(_("最低收费（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    maximum_fee = models.DecimalField(_("最高收费（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = _versioned(excluded_fields=["updated_at"])

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum_fee__isnull=True)
                | Q(maximum_fee__isnull=True)
                | Q(maximum_fee__gte=models.F("minimum_fee")),
                name="fee_rule_min_below_max",
            )
        ]
        verbose_name = _("收费标准")
        verbose_name_plural = _("收费标准")

    def __str__(self):
        return f"{self.item.name} {_('收费标准')}"


class Regulator(models.Model):
    """A regulator's staff record: created by platform admins; must use two-factor login."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="regulator")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, verbose_name=_("所属部门"))
    categories = models.ManyToManyField(ServiceCategory, blank=True, verbose_name=_("监管类别"))
    title = models.CharField(_("职务"), max_length=50, blank=True)
    is_active = models.BooleanField(_("在岗"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("监管人员")
        verbose_name_plural = _("监管人员")

    def __str__(self):
        return f"{self.user} ({self.department})"


class AgencyService(models.Model):
    """An item an agency offers, with its three public commitments (三承诺)."""

    agency = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="services")
    item = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, related_name="offers")
    service_days = models.PositiveIntegerField(_("承诺服务时限（工作日）"))
    fee_quote = models.CharField(_("收费承诺"), max_length=200)
    service_standard = models.TextField(_("服务标准承诺"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["item__code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "item"], name="agency_service_unique"),
            models.CheckConstraint(condition=Q(service_days__gt=0), name="agency_service_days_positive"),
        ]
        verbose_name = _("服务承诺")
        verbose_name_plural = _("服务承诺")

    def __str__(self):
        return f"{self.agency} — {self.item.name}"
