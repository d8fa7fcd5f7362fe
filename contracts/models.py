"""Contracts after the award: templates, contracts and their rounds, signatures, milestones,
deliveries, and the platform's ledger of milestone payments.

Money is integer fen (分) in every column; `Decimal` only at the edges (forms, display). The
ledger's invariant (held = paid − released − refunded ≥ 0) is a database constraint on each
milestone, beside the append-only entries that explain it. A signed contract's text and hash
are frozen by a database trigger as well as by the services (migration 0002).
"""
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bidding.models import Bid, Job
from core.models import Attachment
from core.storage import private_storage
from marketplace.models import ServiceCategory, ServiceItem
from providers.models import Organisation

from .fields import ClauseKind


def yuan(fen):
    """Integer fen as Decimal yuan (for display and forms)."""
    return (Decimal(fen or 0) / 100).quantize(Decimal("0.01"))


class ContractTemplate(models.Model):
    """A model contract (合同示范文本) kept by regulators, for one service item, one category, or
    (neither) every item without a more specific one. Its text lives in its versions."""

    code = models.SlugField(_("文本编号"), max_length=30, unique=True, allow_unicode=False)
    title = models.CharField(_("文本名称"), max_length=100)
    item = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("适用服务事项"))
    category = models.ForeignKey(ServiceCategory, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("适用服务类别"))
    summary = models.TextField(_("适用说明"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("合同示范文本")
        verbose_name_plural = _("合同示范文本")
        constraints = [
            models.CheckConstraint(condition=Q(item__isnull=True) | Q(category__isnull=True),
                                   name="contract_template_item_or_category"),
        ]

    def __str__(self):
        return self.title


class TemplateVersion(models.Model):
    """One version of a template's clauses. A draft may be edited; a published version never
    changes (a change is a new version); withdrawing it stops new contracts from using it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        WITHDRAWN = "withdrawn", _("已停用")

    template = models.ForeignKey(ContractTemplate, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("版本号"))
    clauses = models.JSONField(_("条款"), default=list)
    change_note = models.TextField(_("修订说明"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("停用时间"), null=True, blank=True)

    class Meta:
        ordering = ["template", "-number"]
        verbose_name = _("示范文本版本")
        verbose_name_plural = _("示范文本版本")
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="template_version_unique_number"),
        ]

    def __str__(self):
        return f"{self.template} v{self.number}"

    def clause_kind_label(self, kind):
        return dict(ClauseKind.CHOICES).get(kind, kind)


class Contract(models.Model):
    """The contract of an awarded job with its winner. The owner drafts it (the marked fields),
    offers it to the agency (a round: the exact text and its SHA-256), the agency returns it
    with comments or both sides sign that text. A job has at most one live contract; a refused
    one stays as history when the runner-up gets the next."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草拟中")
        OFFERED = "offered", _("待签署")
        SIGNED = "signed", _("已签订")
        REFUSED = "refused", _("中选机构拒签")
        TERMINATED = "terminated", _("已终止")

    LIVE = (Status.DRAFT, Status.OFFERED, Status.SIGNED)

    number = models.CharField(_("合同编号"), max_length=40, unique=True)
    job = models.ForeignKey(Job, on_delete=models.PROTECT, related_name="contracts")
    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="owner_contracts",
                              verbose_name=_("甲方（项目业主）"))
    agency = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="agency_contracts",
                               verbose_name=_("乙方（中介机构）"))
    template_version = models.ForeignKey(TemplateVersion, on_delete=models.PROTECT, related_name="contracts",
                                         verbose_name=_("示范文本版本"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    price_fen = models.BigIntegerField(_("合同价款（分）"))
    values = models.JSONField(_("填写项"), default=dict)
    milestone_plan = models.JSONField(_("付款节点"), default=list)
    # The text both sides sign: set when the owner offers a round, frozen once signed.
    text = models.TextField(_("合同文本"), blank=True)
    text_hash = models.CharField(_("合同文本 SHA-256"), max_length=64, blank=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("生成时间"))
    offered_at = models.DateTimeField(_("送签时间"), null=True, blank=True)
    sign_deadline = models.DateTimeField(_("签订期限"), null=True, blank=True)
    signed_at = models.DateTimeField(_("签订时间"), null=True, blank=True)
    pdf = models.FileField(_("合同 PDF"), upload_to="contracts/%Y/%m", storage=private_storage, blank=True)
    refused_at = models.DateTimeField(_("拒签记录时间"), null=True, blank=True)
    # Termination: proposed by one side and confirmed by the other, or decided by a regulator.
    termination_proposed_by = models.CharField(max_length=6, blank=True)  # "owner" | "agency"
    termination_proposed_at = models.DateTimeField(null=True, blank=True)
    termination_reason = models.TextField(_("终止原因"), blank=True)
    terminated_at = models.DateTimeField(_("终止时间"), null=True, blank=True)
    terminated_by_regulator = models.BooleanField(default=False)
    # Lateness, stored for the statistics when the last milestone is accepted.
    service_started_at = models.DateTimeField(_("开始服务时间"), null=True, blank=True)
    final_delivered_at = models.DateTimeField(_("成果最终提交时间"), null=True, blank=True)
    # When every milestone first had its deliverables filed (the job became 已提交成果): the two
    # sides' reviews (reviews app) open then.
    deliverables_filed_at = models.DateTimeField(_("成果提交齐全时间"), null=True, blank=True)
    # The agency's service time: the working days from the clock's start to the last accepted
    # delivery, less the working days inside that span on which an owner step was late
    # (owner_late_days, contracts.owner_clock).
    working_days_taken = models.PositiveIntegerField(_("实际用时（工作日）"), null=True, blank=True)
    owner_late_days = models.PositiveIntegerField(_("业主逾期扣除（工作日）"), null=True, blank=True)
    promised_days = models.PositiveIntegerField(_("承诺服务时限（工作日）"))
    statutory_days = models.PositiveIntegerField(_("法定时限（工作日）"), null=True, blank=True)
    days_late_promise = models.IntegerField(_("超出承诺时限（工作日）"), null=True, blank=True)
    days_late_statutory = models.IntegerField(_("超出法定时限（工作日）"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("合同")
        verbose_name_plural = _("合同")
        constraints = [
            models.UniqueConstraint(fields=["job"], condition=Q(status__in=["draft", "offered", "signed"]),
                                    name="contract_one_live_per_job"),
            models.CheckConstraint(condition=Q(price_fen__gt=0), name="contract_price_positive"),
            models.CheckConstraint(condition=Q(signed_at__isnull=True) | ~Q(text_hash=""),
                                   name="contract_signed_has_hash"),
        ]
        indexes = [models.Index(fields=["agency", "-created_at"]), models.Index(fields=["owner", "-created_at"])]

    def __str__(self):
        return self.number

    @property
    def price(self):
        return yuan(self.price_fen)

    @property
    def is_signed(self):
        return self.signed_at is not None


class ContractRound(models.Model):
    """One offer of the contract to the agency: the exact text and its hash, and, if the agency
    sent it back, its comments. Every round is kept."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="rounds")
    number = models.PositiveIntegerField(_("轮次"))
    values = models.JSONField(default=dict)
    milestone_plan = models.JSONField(default=list)
    text = models.TextField()
    text_hash = models.CharField(max_length=64)
    offered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    offered_at = models.DateTimeField(_("送签时间"))
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    returned_at = models.DateTimeField(_("退回时间"), null=True, blank=True)
    comments = models.TextField(_("修改意见"), blank=True)

    class Meta:
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="contract_round_unique_number"),
        ]

    def __str__(self):
        return f"{self.contract_id} 第{self.number}轮"


class Signature(models.Model):
    """One side's signature on one round's exact text: who, when, from where, how they proved
    it was them, and the SHA-256 they signed. One per side per round, by the database too."""

    class Side(models.TextChoices):
        OWNER = "owner", _("甲方")
        AGENCY = "agency", _("乙方")

    class Method(models.TextChoices):
        PASSWORD = "password", _("登录密码")
        TOTP = "totp", _("动态验证码")

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="signatures")
    round = models.ForeignKey(ContractRound, on_delete=models.PROTECT, related_name="signatures")
    side = models.CharField(_("签署方"), max_length=6, choices=Side.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("签署时间"))
    ip = models.GenericIPAddressField(_("签署 IP"), null=True, blank=True)
    text_hash = models.CharField(_("所签文本 SHA-256"), max_length=64)
    method = models.CharField(_("身份核验方式"), max_length=10, choices=Method.choices)

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "side"], name="signature_one_per_side_per_round"),
        ]

    def __str__(self):
        return f"{self.contract_id} {self.side} {self.signed_at:%Y-%m-%d %H:%M}"


class SigningRefusal(models.Model):
    """A winner that did not sign within the time allowed: an event the credit rules weigh."""

    contract = models.OneToOneField(Contract, on_delete=models.PROTECT, related_name="refusal")
    job = models.ForeignKey(Job, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="signing_refusals")
    deadline = models.DateTimeField(_("签订期限"))
    recorded_at = models.DateTimeField(_("记录时间"))

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self):
        return f"{self.contract_id} refused"


class Milestone(models.Model):
    """A payment node (付款节点) of a signed contract, with the platform's ledger of its money in
    fen: paid in by the owner, released to the agency, refunded to the owner. What the platform
    holds is paid − released − refunded, never negative (a database constraint)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("履行中")
        DELIVERED = "delivered", _("成果待验收")
        ACCEPTED = "accepted", _("已验收")
        CANCELLED = "cancelled", _("已终止")

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="milestones")
    number = models.PositiveIntegerField(_("节点序号"))
    title = models.CharField(_("节点名称"), max_length=100)
    amount_fen = models.BigIntegerField(_("金额（分）"))
    due_date = models.DateField(_("计划完成日期"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    accepted_at = models.DateTimeField(_("验收时间"), null=True, blank=True)
    paid_fen = models.BigIntegerField(default=0)
    released_fen = models.BigIntegerField(default=0)
    refunded_fen = models.BigIntegerField(default=0)
    paid_offline_fen = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="milestone_unique_number"),
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="milestone_amount_positive"),
            models.CheckConstraint(
                condition=Q(paid_fen__gte=0, released_fen__gte=0, refunded_fen__gte=0, paid_offline_fen__gte=0),
                name="milestone_ledger_not_negative"),
            models.CheckConstraint(condition=Q(paid_fen__gte=F("released_fen") + F("refunded_fen")),
                                   name="milestone_held_not_negative"),
            models.CheckConstraint(condition=Q(amount_fen__gte=F("paid_fen") + F("paid_offline_fen")),
                                   name="milestone_not_overpaid"),
        ]

    def __str__(self):
        return f"{self.contract} #{self.number} {self.title}"

    @property
    def amount(self):
        return yuan(self.amount_fen)

    @property
    def held_fen(self):
        return self.paid_fen - self.released_fen - self.refunded_fen


class LedgerEntry(models.Model):
    """One movement of a milestone's money, append-only; the milestone's columns are their sums.
    `reference` is the Stripe object (PaymentIntent, Transfer, Refund) or the offline voucher's
    number; a movement is booked once per reference (webhooks repeat, the ledger does not)."""

    class Kind(models.TextChoices):
        PAID = "paid", _("支付入账")
        PAID_OFFLINE = "paid_offline", _("线下支付")
        RELEASED = "released", _("结算给机构")
        REFUNDED = "refunded", _("退款")

    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="ledger")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    amount_fen = models.BigIntegerField()
    reference = models.CharField(max_length=120)
    created_at = models.DateTimeField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "reference"], name="ledger_booked_once"),
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="ledger_amount_positive"),
        ]

    def __str__(self):
        return f"{self.kind} {self.amount_fen} {self.reference}"


class Payment(models.Model):
    """The owner's payment of a milestone: online (a Stripe PaymentIntent into the platform) or
    offline (paid from a department's budget, with a voucher). One pending or succeeded payment
    per milestone."""

    class Method(models.TextChoices):
        ONLINE = "online", _("在线支付")
        OFFLINE = "offline", _("线下支付")

    class Status(models.TextChoices):
        PENDING = "pending", _("待支付")
        SUCCEEDED = "succeeded", _("已支付")
        FAILED = "failed", _("支付失败")
        CANCELLED = "cancelled", _("已取消")

    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="payments")
    method = models.CharField(_("支付方式"), max_length=8, choices=Method.choices)
    amount_fen = models.BigIntegerField()
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    intent_id = models.CharField(max_length=120, null=True, blank=True, unique=True)
    reference = models.CharField(_("凭证号"), max_length=100, blank=True)
    paid_on = models.DateField(_("支付日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    succeeded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["milestone"], condition=Q(status__in=["pending", "succeeded"]),
                                    name="payment_one_open_per_milestone"),
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self):
        return f"{self.method} {self.amount_fen} {self.status}"

    @property
    def amount(self):
        return yuan(self.amount_fen)


class PaymentVoucher(Attachment):
    folder = "vouchers"

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="vouchers")


class Payout(models.Model):
    """Money released to the agency for an accepted milestone: a Stripe Connect Transfer to its
    connected account, or, where the platform runs without Connect, a payout the platform makes
    by bank transfer and records here."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待划付")
        SENT = "sent", _("已划付")
        OFFLINE = "offline", _("由平台线下划付")

    milestone = models.OneToOneField(Milestone, on_delete=models.PROTECT, related_name="payout")
    amount_fen = models.BigIntegerField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    transfer_id = models.CharField(max_length=120, blank=True)
    destination = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    def __str__(self):
        return f"payout {self.milestone_id} {self.amount_fen} {self.status}"


class Refund(models.Model):
    """Money paid into the platform and returned to the owner (a contract terminated before the
    milestone's acceptance). Booked in the ledger when Stripe reports it succeeded."""

    class Status(models.TextChoices):
        PENDING = "pending", _("退款中")
        SUCCEEDED = "succeeded", _("已退款")
        FAILED = "failed", _("退款失败")

    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="refunds")
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount_fen = models.BigIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    refund_id = models.CharField(max_length=120, null=True, blank=True, unique=True)
    created_at = models.DateTimeField()
    succeeded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(amount_fen__gt=0), name="refund_amount_positive")]

    def __str__(self):
        return f"refund {self.milestone_id} {self.amount_fen} {self.status}"


class PayoutAccount(models.Model):
    """An agency's Stripe connected account, where released money goes."""

    organisation = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="payout_account")
    stripe_account_id = models.CharField(max_length=120, unique=True)
    created_at = models.DateTimeField()

    def __str__(self):
        return self.stripe_account_id


class WebhookEvent(models.Model):
    """A Stripe event processed: its id is stored in the same transaction as its effect, so each
    event is processed once, however often or in whatever order it is delivered."""

    event_id = models.CharField(max_length=120, unique=True)
    type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=120, blank=True)
    received_at = models.DateTimeField()

    class Meta:
        ordering = ["-received_at"]

    def __str__(self):
        return self.event_id


class Delivery(models.Model):
    """The agency's deliverables for a milestone, and the owner's decision on them. A delivery
    not decided by its deadline counts as accepted."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待验收")
        ACCEPTED = "accepted", _("验收通过")
        REJECTED = "rejected", _("退回修改")

    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="deliveries")
    note = models.TextField(_("成果说明"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("提交时间"))
    review_deadline = models.DateTimeField(_("验收期限"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(_("验收时间"), null=True, blank=True)
    reason = models.TextField(_("验收意见"), blank=True)
    deemed = models.BooleanField(_("逾期视为验收"), default=False)

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["milestone"], condition=Q(status="submitted"),
                                    name="delivery_one_open_per_milestone"),
        ]

    def __str__(self):
        return f"delivery {self.milestone_id} {self.status}"


class DeliveryFile(Attachment):
    folder = "deliveries"

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="files")


class OwnerStep(models.Model):
    """One of the owner's own timed steps on a contract (双向计时: the owner is on the clock too):
    signing the contract it offered, deciding on a delivery, paying a milestone that fell due.
    `due_at` is the end of the working days it has; `late_days` the working days past `due_at`
    (kept up to date by `advance_contracts` while the step is open, fixed when it closes).
    Working days the owner was late while the agency's service clock ran do not count against the
    agency (contracts.owner_clock). Late steps become owner credit events (reviews.credit)."""

    class Kind(models.TextChoices):
        SIGN = "sign", _("签订合同")
        DECIDE_DELIVERY = "decide_delivery", _("验收成果")
        PAY_MILESTONE = "pay_milestone", _("支付节点价款")

    class Outcome(models.TextChoices):
        OPEN = "", _("进行中")
        DONE = "done", _("已办理")
        LAPSED = "lapsed", _("逾期未办理，视为验收")
        ENDED = "ended", _("合同终止或拒签，不再办理")

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="owner_steps")
    kind = models.CharField(_("事项"), max_length=16, choices=Kind.choices)
    subject = models.CharField(_("办理对象"), max_length=200)
    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="owner_steps")
    delivery = models.ForeignKey(Delivery, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="owner_steps")
    started_at = models.DateTimeField(_("起算时间"))
    due_at = models.DateTimeField(_("办理期限"))
    done_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    outcome = models.CharField(_("办理结果"), max_length=8, choices=Outcome.choices, blank=True, default="")
    late_days = models.PositiveIntegerField(_("逾期（工作日）"), default=0)

    class Meta:
        ordering = ["started_at", "pk"]
        verbose_name = _("业主办理事项")
        verbose_name_plural = _("业主办理事项")
        constraints = [
            models.UniqueConstraint(fields=["contract"], condition=Q(kind="sign"),
                                    name="owner_step_one_sign_per_contract"),
            models.UniqueConstraint(fields=["delivery"], condition=Q(kind="decide_delivery"),
                                    name="owner_step_one_decision_per_delivery"),
            models.UniqueConstraint(fields=["milestone"], condition=Q(kind="pay_milestone"),
                                    name="owner_step_one_payment_per_milestone"),
            models.CheckConstraint(condition=Q(done_at__isnull=True, outcome="")
                                   | (Q(done_at__isnull=False) & ~Q(outcome="")),
                                   name="owner_step_done_has_outcome"),
        ]
        indexes = [
            models.Index(fields=["due_at"], condition=Q(done_at__isnull=True), name="owner_step_open_due"),
            models.Index(fields=["contract", "kind"], name="owner_step_contract_kind"),
        ]

    def __str__(self):
        return f"{self.contract_id} {self.kind} {self.subject}"
