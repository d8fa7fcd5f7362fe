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
    still record a single "+" version: see marketplace.services.versions.save_item_version.
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
    # The regulators who keep this category's items (regulator.categories from the other side).
    supervisors = models.ManyToManyField(
        "providers.Regulator", blank=True, related_name="categories", verbose_name=_("监管人员"))

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

    # The one home of "government-priced" and of "its computable fee rule".
    @classmethod
    def prices_by_government(cls, fee_type) -> bool:
        """Whether an item of `fee_type` (a stored value, e.g. of a scheduled version) is
        government-priced."""
        return fee_type == cls.FeeType.GOVERNMENT

    @classmethod
    def government_priced_q(cls, prefix=""):
        """The same rule in a query: `ServiceItem.objects.filter(ServiceItem.government_priced_q())`,
        or `government_priced_q("item__")` from a row pointing at the item."""
        return Q(**{f"{prefix}fee_type": cls.FeeType.GOVERNMENT})

    @property
    def is_government_priced(self) -> bool:
        return self.prices_by_government(self.fee_type)

    @property
    def government_fee_rule(self):
        """The computable fee rule of a government-priced item, or None."""
        if not self.is_government_priced:
            return None
        try:
            return self.fee_rule
        except FeeRule.DoesNotExist:
            return None

    @property
    def awaits_fee_rule(self) -> bool:
        """Government-priced without a fee rule yet: it cannot be put into the catalogue."""
        return self.is_government_priced and self.government_fee_rule is None


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


class AgencyCapacity(models.Model):
    """How many jobs of an item an agency declares it can run at once (产能). Its current load
    is read from the jobs it won (bidding.selectors.capacity), which is why the declaration is
    written by bidding's service (bidding.services.capacity), as reviews writes providers'
    credit columns. No row: no declared limit. Public on the agency's page."""

    agency = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="capacities")
    item = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, related_name="capacities")
    limit = models.PositiveIntegerField(_("可同时承接项目数"))
    updated_at = models.DateTimeField(_("申报时间"))

    class Meta:
        ordering = ["item__code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "item"], name="agency_capacity_unique"),
        ]
        indexes = [models.Index(fields=["item", "agency"], name="agency_capacity_item")]
        verbose_name = _("承接能力")
        verbose_name_plural = _("承接能力")

    def __str__(self):
        return f"{self.agency} — {self.item.name}: {self.limit}"


class ScheduledVersion(models.Model):
    """A catalogue change registered now that takes effect on a later date (待生效版本).

    The item (or fee-rule) row always holds the version applied last; a scheduled version waits
    here until `manage.py apply_catalogue_versions` (or the first catalogue service that touches
    the item on or after its date) applies it as an ordinary history version. Reads never apply
    anything: marketplace.selectors.versions derives the state in force on a day from the row
    plus the versions due by then (`due_q`).

    `changes` for an item: only the fields that change, by their stored value (ids for
    category, approving_department and the list of required_qualifications, a bool for
    is_active). For a fee rule: the whole rule as fee_rule_save validated it (a fee standard
    replaces the previous one as a whole on its date).
    """

    class Target(models.TextChoices):
        ITEM = "item", _("服务事项")
        FEE_RULE = "fee_rule", _("收费标准")

    class Status(models.TextChoices):
        PENDING = "pending", _("待生效")
        APPLIED = "applied", _("已生效")
        WITHDRAWN = "withdrawn", _("已撤回")

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="scheduled_versions")
    target = models.CharField(_("变更对象"), max_length=10, choices=Target.choices)
    changes = models.JSONField(_("变更内容"))
    effective_from = models.DateField(_("生效日期"))
    reason = models.TextField(_("变更原因"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("登记人")
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    applied_at = models.DateTimeField(_("实施时间"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("撤回人"),
    )
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdraw_reason = models.TextField(_("撤回原因"), blank=True)

    class Meta:
        # The order versions are applied in: by date; on one date the fee rule first (an item
        # published that day may need it), then in the order they were registered.
        ordering = ["effective_from", "target", "created_at", "pk"]
        indexes = [models.Index(fields=["status", "effective_from"])]
        verbose_name = _("待生效版本")
        verbose_name_plural = _("待生效版本")

    def __str__(self):
        return f"{self.item.code} {self.get_target_display()} {self.effective_from}"

    @staticmethod
    def due_q(today):
        """The one rule of when a scheduled version is in force: pending, and its date has come."""
        return Q(status=ScheduledVersion.Status.PENDING, effective_from__lte=today)

    def is_due(self, today):
        return self.status == self.Status.PENDING and self.effective_from <= today
