"""Two-way reviews (双评价), the credit rule set, the regulators' credit records, the blacklist
(黑名单) with its bans and credit repair (信用修复).

Tables and constraints only: every write goes through reviews.services; the rules are in
reviews/rules.py (reviews' window and blindness), reviews/credit/ (the score) and
reviews/blacklist_rules.py (entries in force).
"""
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from contracts.models import Contract
from core.models import Attachment
from providers.models import Department, Organisation


class Review(models.Model):
    """One side's review of the other after the deliverables were filed: the owner rates the
    agency, the agency rates the owner. Blind until both are in or the window closes
    (reviews.rules.review_shown). A side that wrote none by the close gets the rule set's default
    (`is_default`, no author). Never edited once written; a regulator may void it on appeal."""

    class Direction(models.TextChoices):
        OWNER_TO_AGENCY = "owner", _("业主评价中介机构")
        AGENCY_TO_OWNER = "agency", _("中介机构评价业主")

    class Status(models.TextChoices):
        COUNTED = "counted", _("有效")
        VOIDED = "voided", _("经申诉撤销")

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="reviews")
    direction = models.CharField(_("评价方向"), max_length=6, choices=Direction.choices)
    reviewer = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="reviews_given")
    rated = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="reviews_received")
    scores = models.JSONField(_("各项评分"))  # {"quality": 5, "timeliness": 4, …}, 1–5 each
    average = models.DecimalField(_("平均分"), max_digits=3, decimal_places=2)
    text = models.TextField(_("评价内容"), blank=True)
    is_default = models.BooleanField(_("逾期默认评价"), default=False)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    submitted_at = models.DateTimeField(_("评价时间"))
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.COUNTED)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("评价")
        verbose_name_plural = _("评价")
        constraints = [
            models.UniqueConstraint(fields=["contract", "direction"], name="review_once_per_side"),
            models.CheckConstraint(condition=Q(average__gte=1, average__lte=5), name="review_average_in_range"),
            models.CheckConstraint(condition=Q(is_default=True) | Q(submitted_by__isnull=False),
                                   name="review_written_has_author"),
        ]
        indexes = [models.Index(fields=["rated", "submitted_at"])]

    def __str__(self):
        return f"{self.contract_id} {self.direction}"


class ReviewAppeal(models.Model):
    """The rated side's one appeal (申诉) against a review it can see; a regulator keeps or voids
    the review, with a reason that is published beside it."""

    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        KEPT = "kept", _("维持评价")
        VOIDED = "voided", _("撤销评价")

    review = models.OneToOneField(Review, on_delete=models.PROTECT, related_name="appeal")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("申诉理由"))
    filed_at = models.DateTimeField(_("申诉时间"))
    status = models.CharField(_("状态"), max_length=6, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    decision_reason = models.TextField(_("处理理由"), blank=True)

    class Meta:
        ordering = ["filed_at", "pk"]
        verbose_name = _("评价申诉")
        verbose_name_plural = _("评价申诉")
        indexes = [models.Index(fields=["status", "filed_at"])]

    def __str__(self):
        return f"appeal {self.review_id} {self.status}"


class RuleSet(models.Model):
    """A version of the credit rule set (信用评价规则), the whole configuration of the score: the
    events with their points, weights, half-lives and caps, the base, the grade thresholds, the
    watch list and suspension thresholds, the red-list rule and the default review
    (reviews/credit/engine.py reads and checks `rules`). Versions are never changed: a
    regulator's change is a new version, in force from its save; every version stays public."""

    version = models.PositiveIntegerField(_("版本"), unique=True)
    rules = models.JSONField(_("规则"))
    note = models.TextField(_("修订说明"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("发布时间"))

    class Meta:
        ordering = ["-version"]
        verbose_name = _("信用评价规则版本")
        verbose_name_plural = _("信用评价规则版本")

    def __str__(self):
        return f"v{self.version}"


class CreditAction(models.Model):
    """A regulator's credit record of an organisation: a penalty (行政处罚或监管处理) or a
    commendation (表彰奖励, counted as a red-list award) — each an event the rule set weighs."""

    class Kind(models.TextChoices):
        PENALTY = "penalty", _("监管处理")
        COMMENDATION = "commendation", _("表彰奖励")

    class Level(models.TextChoices):
        MINOR = "minor", _("一般")
        SERIOUS = "serious", _("较重")
        GRAVE = "grave", _("严重")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="credit_actions")
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    level = models.CharField(_("情节"), max_length=8, choices=Level.choices, default=Level.MINOR)
    facts = models.TextField(_("事实与理由"))
    legal_basis = models.TextField(_("依据"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("决定时间"))

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("信用记录")
        verbose_name_plural = _("信用记录")
        indexes = [models.Index(fields=["organisation", "decided_at"])]

    def __str__(self):
        return f"{self.organisation_id} {self.kind}"


class DepartmentRating(models.Model):
    """The approving department's rating (审批部门评价) of a service's deliverable, after the
    approval the service served: accepted at the first submission (一次通过), how many
    corrections (补正) it demanded, whether it returned the deliverable (退回). Written once per
    contract by a regulator of the item's approving department (reviews.services.department),
    public at once on the agency's page, and an event of the agency's credit
    (reviews/credit/events.py, weighed beside the owner's review by the rule set's weights).
    `agency` repeats the contract's agency, so the credit reads it without a join."""

    contract = models.OneToOneField(Contract, on_delete=models.PROTECT, related_name="department_rating")
    agency = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="department_ratings")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("审批部门"))
    first_pass = models.BooleanField(_("一次通过"))
    corrections = models.PositiveSmallIntegerField(_("要求补正次数"), default=0)
    returned = models.BooleanField(_("退回"), default=False)
    note = models.TextField(_("评价说明"), blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rated_at = models.DateTimeField(_("评价时间"))

    class Meta:
        ordering = ["-rated_at", "-pk"]
        verbose_name = _("审批部门评价")
        verbose_name_plural = _("审批部门评价")
        constraints = [
            # First pass: no correction, not returned; otherwise at least one correction or returned.
            models.CheckConstraint(
                condition=(Q(first_pass=True, corrections=0, returned=False)
                           | (Q(first_pass=False) & (Q(corrections__gte=1) | Q(returned=True)))),
                name="department_rating_consistent"),
            models.CheckConstraint(condition=Q(corrections__lte=99), name="department_rating_corrections_max"),
        ]
        indexes = [models.Index(fields=["agency", "rated_at"]), models.Index(fields=["department", "rated_at"])]

    def __str__(self):
        return f"{self.contract_id} {self.department_id}"

    @property
    def level(self):
        """The credit engine's level of this rating (engine.DEPARTMENT_LEVELS)."""
        return rating_level(self.first_pass, self.returned)


def rating_level(first_pass, returned):
    return "first_pass" if first_pass else "returned" if returned else "corrected"


class CreditPeriod(models.Model):
    """A period an organisation spent on the watch list (重点关注) or suspended by the credit rules,
    with the score and the lines that caused it; `ended_at` is set when the score recovered. Public
    history on the agency's page."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="credit_periods")
    standing = models.CharField(_("措施"), max_length=12)  # providers.models.Standing WATCH or SUSPENDED
    score = models.DecimalField(_("信用分"), max_digits=6, decimal_places=2)
    rule_version = models.PositiveIntegerField(_("规则版本"))
    lines = models.JSONField(_("主要扣分项"), default=list)
    started_at = models.DateTimeField(_("开始"))
    ended_at = models.DateTimeField(_("解除"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation"], condition=Q(ended_at__isnull=True),
                                    name="credit_period_one_open"),
        ]

    def __str__(self):
        return f"{self.organisation_id} {self.standing}"


class GradeChange(models.Model):
    """Each change of an organisation's grade, as the credit rules computed it (the red-list rule
    reads how long the grade has held; `Organisation.credit_grade_since` is the latest)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="grade_changes")
    grade = models.CharField(_("等级"), max_length=1, blank=True)
    score = models.DecimalField(_("信用分"), max_digits=6, decimal_places=2)
    rule_version = models.PositiveIntegerField(_("规则版本"))
    at = models.DateTimeField(_("时间"))

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["organisation", "at"])]

    def __str__(self):
        return f"{self.organisation_id} {self.grade or '-'} {self.at:%Y-%m-%d}"


class BlacklistEntry(models.Model):
    """A blacklisting (黑名单), four-eyes: one regulator proposes, a different one approves or
    rejects (the service refuses the proposer, and so does the database). Approved, it is public
    and bars the agency (Organisation.blacklisted_until) and bans the named people (PersonBan)
    until `ends_at`; after that it shows as ended by expiry. A repair (信用修复) ends it early."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("待复核")
        REJECTED = "rejected", _("复核不同意")
        APPROVED = "approved", _("已列入")
        REPAIRED = "repaired", _("信用修复后移出")

    agency = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="blacklist_entries",
                               verbose_name=_("中介机构"))
    facts = models.TextField(_("失信事实"))
    legal_basis = models.TextField(_("认定依据"))
    years = models.PositiveSmallIntegerField(_("期限（年）"))
    status = models.CharField(_("状态"), max_length=9, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("提出时间"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(_("复核时间"), null=True, blank=True)
    decision_note = models.TextField(_("复核意见"), blank=True)
    starts_at = models.DateTimeField(_("起始"), null=True, blank=True)
    ends_at = models.DateTimeField(_("截止"), null=True, blank=True)
    ended_at = models.DateTimeField(_("提前移出时间"), null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("黑名单")
        verbose_name_plural = _("黑名单")
        constraints = [
            models.CheckConstraint(condition=Q(years__gte=1, years__lte=3), name="blacklist_years_1_to_3"),
            # Four eyes: whoever decides is never the proposer.
            models.CheckConstraint(condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("proposed_by")),
                                   name="blacklist_four_eyes"),
            models.CheckConstraint(condition=~Q(status="approved") | Q(starts_at__isnull=False, ends_at__isnull=False),
                                   name="blacklist_approved_has_period"),
            models.UniqueConstraint(fields=["agency"], condition=Q(status="proposed"),
                                    name="blacklist_one_proposal_per_agency"),
        ]
        indexes = [models.Index(fields=["status", "-starts_at"])]

    def __str__(self):
        return f"{self.agency_id} {self.status}"


class BlacklistPerson(models.Model):
    """A person the entry bans (禁入): the agency's legal representative (from its registration)
    and the senior managers the proposer names."""

    entry = models.ForeignKey(BlacklistEntry, on_delete=models.CASCADE, related_name="persons")
    role = models.CharField(_("职务"), max_length=10)  # providers.models.PersonBan.Role
    name = models.CharField(_("姓名"), max_length=50)
    id_hash = models.CharField(max_length=64)
    id_masked = models.CharField(_("身份证号码"), max_length=18)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["entry", "id_hash"], name="blacklist_person_once")]

    def __str__(self):
        return f"{self.name} {self.id_masked}"


class BlacklistEvidence(Attachment):
    folder = "blacklist"

    entry = models.ForeignKey(BlacklistEntry, on_delete=models.CASCADE, related_name="evidence")


class CreditRepair(models.Model):
    """An agency's application for credit repair (信用修复) of an approved, unexpired blacklisting,
    with proof of rectification; a regulator approves (the entry ends, shown as repaired) or
    rejects it with reasons."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("同意修复")
        REJECTED = "rejected", _("不予修复")

    entry = models.ForeignKey(BlacklistEntry, on_delete=models.PROTECT, related_name="repairs")
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    applied_at = models.DateTimeField(_("申请时间"))
    rectification = models.TextField(_("整改情况"))
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decision_reason = models.TextField(_("审核意见"), blank=True)

    class Meta:
        ordering = ["-applied_at", "-pk"]
        verbose_name = _("信用修复申请")
        verbose_name_plural = _("信用修复申请")
        constraints = [
            models.UniqueConstraint(fields=["entry"], condition=Q(status="pending"), name="repair_one_pending"),
        ]

    def __str__(self):
        return f"repair {self.entry_id} {self.status}"


class RepairEvidence(Attachment):
    folder = "credit-repair"

    repair = models.ForeignKey(CreditRepair, on_delete=models.CASCADE, related_name="evidence")
