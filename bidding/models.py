"""Announcements (jobs), bids, draws, objections. Tables and constraints only: the allowed
moves are in bidding/states.py, every write in bidding/services/."""
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import Attachment
from marketplace.models import ServiceItem
from providers.models import Organisation, QualificationType


class Job(models.Model):
    """A purchase announcement (采购公告) and the whole life of the job that follows it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("报名中")
        CLOSED = "closed", _("报名截止")
        SELECTED = "selected", _("已选取")
        PUBLICITY = "publicity", _("结果公示中")
        AWARDED = "awarded", _("已确定中选")
        CONTRACTED = "contracted", _("已签约")
        IN_SERVICE = "in_service", _("服务中")
        DELIVERED = "delivered", _("已提交成果")
        ACCEPTED = "accepted", _("已验收")
        COMPLETED = "completed", _("已完成")
        FAILED = "failed", _("流标")
        CANCELLED = "cancelled", _("已撤销")
        TERMINATED = "terminated", _("已终止")

    class Method(models.TextChoices):
        DIRECT = "direct", _("直接选取")
        RANDOM = "random", _("随机抽取")
        LOWEST_PRICE = "lowest", _("竞价选取")
        SCORING = "scoring", _("综合评分")
        BEST_PRICE = "best_price", _("均价比选")
        CREDIT_DRAW = "credit_draw", _("信用择优抽取")
        AUCTION = "auction", _("网上竞价")
        QUOTE = "quote", _("询比")

    class PriceMode(models.TextChoices):
        AMOUNT = "amount", _("报价金额")
        DISCOUNT = "discount", _("下浮率")

    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="jobs", verbose_name=_("项目业主"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, related_name="jobs", verbose_name=_("服务事项"))
    title = models.CharField(_("项目名称"), max_length=200)
    project_code = models.CharField(_("投资项目代码"), max_length=40, blank=True)
    description = models.TextField(_("服务内容"), blank=True)
    requirements = models.TextField(_("其他要求"), blank=True)
    fiscal_funds = models.BooleanField(_("使用财政资金"), default=False)
    budget = models.DecimalField(_("预算金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    ceiling_price = models.DecimalField(_("最高限价（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    # For government-priced items: the fee-rule quantity (e.g. investment in 万元) the fee is computed on.
    fee_quantity = models.DecimalField(_("计费基数"), max_digits=16, decimal_places=4, null=True, blank=True)
    selection_method = models.CharField(_("选取方式"), max_length=16, choices=Method.choices)
    # The method's published parameters (bidding/method_params.py: defaults, ranges, labels), e.g.
    # best price {"k_set": ["95", "96", "97", "98"]}; fixed at publication like the rest.
    method_params = models.JSONField(_("选取方式参数"), default=dict, blank=True)
    price_mode = models.CharField(_("报价方式"), max_length=10, choices=PriceMode.choices, default=PriceMode.AMOUNT)
    # Comprehensive scoring: {"price": 40, "credit": 20, "rating": 10, "plan": 30}, summing to 100.
    weights = models.JSONField(_("评分权重"), default=dict, blank=True)
    service_days = models.PositiveIntegerField(_("要求服务时限（工作日）"))
    required_qualifications = models.ManyToManyField(
        QualificationType, blank=True, verbose_name=_("资质要求")
    )
    closes_at = models.DateTimeField(_("报名截止时间"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    # The verifiable draw: the seed stays secret until the draw; its SHA-256 is public from publication.
    draw_seed = models.CharField(max_length=64, blank=True)
    draw_commitment = models.CharField(_("随机种子承诺值（SHA-256）"), max_length=64, blank=True)
    seed_revealed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    selected_at = models.DateTimeField(null=True, blank=True)
    publicity_ends_at = models.DateTimeField(_("公示截止时间"), null=True, blank=True)
    closing_reminded_at = models.DateTimeField(null=True, blank=True)
    awarded_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.TextField(_("撤销、流标或终止原因"), blank=True)
    winner = models.ForeignKey("Bid", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    selection_reason = models.TextField(_("选取理由"), blank=True)
    reannounced_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reannouncements"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        indexes = [
            models.Index(fields=["status", "closes_at"]),
            models.Index(fields=["status", "publicity_ends_at"]),
            models.Index(fields=["item", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ceiling_price__isnull=True) | Q(ceiling_price__gt=0), name="job_ceiling_positive"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(closes_at__isnull=False), name="job_published_has_close"
            ),
        ]
        verbose_name = _("采购公告")
        verbose_name_plural = _("采购公告")

    def __str__(self):
        return self.title

    @property
    def beacon(self):
        """The public beacon value of the draws after the close (DrawBeacon, stage CLOSE);
        DrawBeacon.DoesNotExist when there is none yet."""
        return self.beacons.get(stage=DrawBeacon.Stage.CLOSE)


class JobAvoidance(models.Model):
    """An agency the owner asks to stand aside (回避) for a stated conflict of interest; public."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="avoidances")
    agency = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("回避机构"))
    reason = models.CharField(_("回避理由"), max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "agency"], name="job_avoidance_unique")]
        verbose_name = _("回避机构")
        verbose_name_plural = _("回避机构")

    def __str__(self):
        return self.reason


class JobAttachment(Attachment):
    """A file of the announcement (e.g. the full tender text); readable once it is published."""

    folder = "jobs"

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="attachments")


class Bid(models.Model):
    """A registration with a quote (报名/报价). Sealed until the job's window closes."""

    class Status(models.TextChoices):
        LIVE = "live", _("已报名（截止后判定）")
        WITHDRAWN = "withdrawn", _("已撤回")
        VALID = "valid", _("有效")
        INVALID = "invalid", _("无效")

    job = models.ForeignKey(Job, on_delete=models.PROTECT, related_name="bids")
    agency = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="bids")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    price = models.DecimalField(_("报价（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    discount_rate = models.DecimalField(_("下浮率（%）"), max_digits=5, decimal_places=2, null=True, blank=True)
    promised_days = models.PositiveIntegerField(_("承诺服务时限（工作日）"))
    plan = models.TextField(_("服务方案简述"), blank=True)
    random_value = models.CharField(_("随机值"), max_length=32)
    receipt_number = models.CharField(_("回执编号"), max_length=32, unique=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.LIVE)
    invalid_reason = models.TextField(_("无效原因"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"))
    updated_at = models.DateTimeField(_("更新时间"))
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    # After the close
    plan_score = models.DecimalField(_("方案得分"), max_digits=5, decimal_places=2, null=True, blank=True)
    # The agency's credit score and average rating as they stood at the close, fixed on the bid
    # for the comprehensive scoring (later events do not move a ranking already made).
    credit_at_close = models.DecimalField(_("截止时信用分"), max_digits=6, decimal_places=2, null=True, blank=True)
    rating_at_close = models.DecimalField(_("截止时平均评分"), max_digits=3, decimal_places=2, null=True, blank=True)
    total_score = models.DecimalField(_("综合得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("排名"), null=True, blank=True)
    abnormally_low = models.BooleanField(_("异常低价"), default=False)
    low_price_justification = models.TextField(_("低价说明"), blank=True)
    # The agency's own written reason for a price far below the item's price benchmark
    # (bidding/selectors/benchmarks.py), given with the bid and public after the close.
    benchmark_justification = models.TextField(_("低于价格基准的说明"), blank=True)
    # Credit-merit draw: drawn onto the short list the owner picks from.
    shortlisted = models.BooleanField(_("入围"), default=False)
    # Quote comparison: the owner's score per published criterion {criterion key: score}.
    criteria_scores = models.JSONField(_("各项评审得分"), default=dict, blank=True)

    class Meta:
        ordering = ["job", "rank", "submitted_at"]
        constraints = [
            # One live bid per agency per job; withdrawn ones stay as history.
            models.UniqueConstraint(
                fields=["job", "agency"], condition=~Q(status="withdrawn"), name="bid_one_live_per_agency"
            ),
            # A resubmission after a withdrawal reuses the agency's value (JobEntryValue), so the
            # value is unique among the job's bids that are not withdrawn.
            models.UniqueConstraint(
                fields=["job", "random_value"], condition=~Q(status="withdrawn"), name="bid_random_value_unique_live"
            ),
            models.CheckConstraint(condition=Q(promised_days__gt=0), name="bid_days_positive"),
            models.CheckConstraint(condition=Q(price__isnull=True) | Q(price__gt=0), name="bid_price_positive"),
            models.CheckConstraint(
                condition=Q(discount_rate__isnull=True) | (Q(discount_rate__gte=0) & Q(discount_rate__lt=100)),
                name="bid_discount_range",
            ),
        ]
        verbose_name = _("报名报价")
        verbose_name_plural = _("报名报价")

    def __str__(self):
        return self.receipt_number


class JobEntryValue(models.Model):
    """An agency's random value for a job (bidding.draw): made at its first submission and kept
    through changes, withdrawal and resubmission, so bidding again never gives another chance
    in the draw. Each bid carries a copy in Bid.random_value."""

    job = models.ForeignKey(Job, on_delete=models.PROTECT, related_name="entry_values")
    agency = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    value = models.CharField(_("随机值"), max_length=32)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "agency"], name="entry_value_one_per_agency"),
            models.UniqueConstraint(fields=["job", "value"], name="entry_value_unique"),
        ]

    def __str__(self):
        return self.value


class BidAttachment(Attachment):
    """A file of a bid; sealed with the bid."""

    folder = "bids"

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="attachments")


class Draw(models.Model):
    """A performed draw, with everything needed to recompute it from the public page."""

    class Purpose(models.TextChoices):
        WINNER = "winner", _("随机抽取中选机构")
        TIE_BREAK = "tie_break", _("同价排序")
        COEFFICIENT = "coefficient", _("抽取下浮系数 K")
        SHORTLIST = "shortlist", _("随机抽取入围机构")
        INVITATION = "invitation", _("随机抽取邀请机构")

    job = models.ForeignKey(Job, on_delete=models.PROTECT, related_name="draws")
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    seed = models.CharField(max_length=64)
    pool = models.CharField(max_length=64)
    values = models.JSONField()  # the counted entries' values, in the published (sorted) order
    ranking = models.JSONField()  # the same values, winner first
    performed_at = models.DateTimeField()
    performed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    # Set when an upheld objection sends the job back to selection: the draw stays on record
    # as history, and the next round's draw is the current one.
    superseded_at = models.DateTimeField(null=True, blank=True)
    # The recipe (bidding.draw.PREFIXES): draws made before the public beacon are version 1.
    version = models.PositiveSmallIntegerField()
    beacon = models.CharField(max_length=200, blank=True)  # the public beacon value (version 2)

    class Meta:
        ordering = ["performed_at"]

    def __str__(self):
        return self.pool


class DrawBeacon(models.Model):
    """The public random value fixed after a job's close that its draws take (bidding/beacon.py):
    a drand round read over HTTP, or a public number one regulator entered and another confirmed.
    The draw waits until it is fixed (`fixed_at`).

    A job has at most one per stage: CLOSE (the draws after the close) and, for a quote
    comparison on fiscal funds, INVITATION: the value the invitation draw takes, fixed after the
    owner fixed the list of eligible agencies (`pool`, their values in the published order) at
    `requested_at`."""

    class Source(models.TextChoices):
        DRAND = "drand", _("公共随机信标（drand）")
        REGULATORS = "regulators", _("监管人员录入并复核的公开开奖号码")

    class Stage(models.TextChoices):
        CLOSE = "close", _("报名截止后的抽取")
        INVITATION = "invitation", _("抽取邀请机构")

    job = models.ForeignKey(Job, on_delete=models.PROTECT, related_name="beacons")
    stage = models.CharField(_("用途"), max_length=12, choices=Stage.choices, default=Stage.CLOSE)
    # INVITATION: the candidates' values (bidding/selectors/quote.py), fixed before the beacon value
    pool = models.JSONField(_("候选名单"), default=list, blank=True)
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices)
    value = models.CharField(_("公共随机数"), max_length=200, blank=True)
    # regulators: which public draw the value is (e.g. 福彩3D 第2026318期开奖号码); drand: the round's URL
    reference = models.CharField(_("出处"), max_length=300, blank=True)
    round = models.PositiveBigIntegerField(_("轮次"), null=True, blank=True)
    round_time = models.DateTimeField(_("产生时间"), null=True, blank=True)
    signature = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    requested_at = models.DateTimeField(null=True, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    entered_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    fixed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "stage"], name="beacon_one_per_stage"),
            models.CheckConstraint(condition=Q(fixed_at__isnull=True) | ~Q(value=""), name="beacon_fixed_has_value"),
            models.CheckConstraint(
                condition=Q(confirmed_by__isnull=True) | ~Q(confirmed_by=models.F("entered_by")),
                name="beacon_four_eyes",
            ),
        ]
        verbose_name = _("公共随机数")
        verbose_name_plural = _("公共随机数")

    def __str__(self):
        return self.value or self.get_source_display()


class Objection(models.Model):
    """A bidder's objection (异议) to the result; the owner answers; the bidder may escalate it to a
    regulator as a complaint (投诉), who upholds or rejects it."""

    class Status(models.TextChoices):
        OPEN = "open", _("待业主答复")
        ANSWERED = "answered", _("业主已答复")
        ESCALATED = "escalated", _("已投诉至监管部门")
        UPHELD = "upheld", _("投诉成立")
        REJECTED = "rejected", _("投诉不成立")
        CLOSED = "closed", _("已结束")

    job = models.ForeignKey(Job, on_delete=models.PROTECT, related_name="objections")
    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="objections")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reasons = models.TextField(_("异议理由"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    raised_at = models.DateTimeField()
    answer = models.TextField(_("业主答复"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    escalation_reasons = models.TextField(_("投诉理由"), blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    decision = models.TextField(_("处理决定"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["raised_at"]
        verbose_name = _("异议")
        verbose_name_plural = _("异议")

    def __str__(self):
        return self.reasons[:50]


class ObjectionAttachment(Attachment):
    """A file the objecting agency gives as evidence."""

    folder = "objections"

    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="attachments")


class IntegrityPattern(models.Model):
    """One pattern of the integrity check on announcement text (bidding/integrity.py): a clause
    it matches restricts who may bid and is refused at publication, quoting the clause and the
    rule of its kind. EXEMPT patterns work the other way: what they match is never read as a
    restriction (e.g. 独立法人资格). Regulators keep the table in their workspace; the shipped
    defaults come from migration 0007; patterns are never deleted, only deactivated, and every
    version is kept (`history`, with who, when and why)."""

    class Kind(models.TextChoices):
        REGIONAL = "regional", _("区域性执业限制")
        INDUSTRY = "industry", _("行业性或部门间执业限制")
        QUOTA = "quota", _("数量限额或入库名单")
        DESIGNATION = "designation", _("指定中介机构")
        PERFORMANCE = "performance", _("限定地区或部门的业绩")
        QUALIFICATION = "qualification", _("法定以外的资质、等级或证书")
        EXEMPT = "exempt", _("允许的表述（不视为限制）")

    class Syntax(models.TextChoices):
        PHRASE = "phrase", _("短语")
        REGEX = "regex", _("正则表达式")

    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    syntax = models.CharField(_("写法"), max_length=8, choices=Syntax.choices, default=Syntax.PHRASE)
    pattern = models.CharField(_("模式"), max_length=300)
    explanation = models.TextField(_("说明"))
    example = models.CharField(_("示例条款"), max_length=200)
    is_active = models.BooleanField(_("启用"), default=True)
    # A fresh value at every change: the matcher's cache is keyed by the newest version's
    # (history_id, revision), which stays unique even where ids are reused after a rollback.
    revision = models.UUIDField(default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    updated_at = models.DateTimeField(_("修改时间"))
    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["syntax", "pattern"], name="integrity_pattern_unique"),
        ]
        verbose_name = _("限制性条款识别规则")
        verbose_name_plural = _("限制性条款识别规则")

    def __str__(self):
        return self.pattern


class JobInvitation(models.Model):
    """Quote comparison (询比): an agency invited to quote. Drawn with the verifiable draw from the
    eligible agencies when the job uses fiscal funds (`drawn`), else chosen by the owner; only
    invited agencies may bid."""

    job = models.ForeignKey(Job, on_delete=models.PROTECT, related_name="invitations")
    agency = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("受邀机构"))
    drawn = models.BooleanField(_("随机抽取产生"), default=False)
    invited_at = models.DateTimeField(_("邀请时间"))
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["invited_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["job", "agency"], name="job_invitation_unique")]
        verbose_name = _("邀请机构")
        verbose_name_plural = _("邀请机构")

    def __str__(self):
        return str(self.agency_id)


class Auction(models.Model):
    """The online reverse auction (网上竞价) of a job after its close: the valid bidders' sealed
    prices open it (round 0, anonymously), a pause, then `rounds` rounds in which each bidder in
    turn, from the highest price down, may lower its price within its time box or keep it. The
    schedule is a pure function of these fields and the moves (bidding/auction.py); the server's
    clock decides whose turn it is."""

    job = models.OneToOneField(Job, on_delete=models.PROTECT, related_name="auction")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField()
    starts_at = models.DateTimeField(_("第一轮开始时间"))  # created_at + the pause
    turn_seconds = models.PositiveIntegerField(_("每家每轮限时（秒）"))
    rounds = models.PositiveSmallIntegerField(_("轮数"), default=3)
    max_step_percent = models.DecimalField(_("每次最多降价比例（%）"), max_digits=5, decimal_places=2)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(turn_seconds__gte=60), name="auction_turn_at_least_a_minute"),
            models.CheckConstraint(condition=Q(rounds__gte=1), name="auction_rounds_positive"),
        ]
        verbose_name = _("网上竞价")
        verbose_name_plural = _("网上竞价")

    def __str__(self):
        return str(self.job_id)


class AuctionMove(models.Model):
    """One bidder's price in one round: round 0 is its sealed price; in rounds 1.. a move that
    lowered the price or kept it (by the bidder, or by the clock when its time box ran out).
    One per bidder and round (a database constraint: two moves at once cannot both count)."""

    class Kind(models.TextChoices):
        OPENING = "opening", _("开标报价")
        LOWERED = "lowered", _("降价")
        KEPT = "kept", _("维持报价")
        TIMED_OUT = "timed_out", _("限时内未出价（维持报价）")

    auction = models.ForeignKey(Auction, on_delete=models.PROTECT, related_name="moves")
    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="auction_moves")
    round = models.PositiveSmallIntegerField(_("轮次"))
    turn = models.PositiveSmallIntegerField(_("出价顺序"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    price = models.DecimalField(_("报价（元）"), max_digits=14, decimal_places=2)
    moved_at = models.DateTimeField(_("时间"))
    moved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")

    class Meta:
        ordering = ["round", "turn"]
        constraints = [
            models.UniqueConstraint(fields=["auction", "bid", "round"], name="auction_move_one_per_round"),
            models.UniqueConstraint(fields=["auction", "round", "turn"], name="auction_move_turn_unique"),
            models.CheckConstraint(condition=Q(price__gt=0), name="auction_move_price_positive"),
        ]
        verbose_name = _("竞价出价")
        verbose_name_plural = _("竞价出价")

    def __str__(self):
        return f"{self.bid_id} r{self.round}"
