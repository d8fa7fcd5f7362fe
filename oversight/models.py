"""Oversight (监督管理): complaints from anyone (投诉举报), random inspections (双随机、一公开) and
the statistics regulators and the public read.

- A Complaint is about an agency, an owner or a job; it is routed to a department (the one whose
  regulators supervise the service item's category, else the region's platform operator) and
  must be answered within COMPLAINT_WORKING_DAYS; its outcome is published, the complainant's
  identity never. Its life is a table of moves (oversight/complaint_rules.py).
- An InspectionCampaign draws agencies and inspectors with the verifiable draw (bidding/draw.py):
  the seed's commitment is published when the campaign is announced, the public beacon value is
  fixed after, then the draw ranks both pools; findings are recorded per agency and published.
- StatsMonth is the materialised summary the statistics pages read (refreshed by the scheduled
  command `refresh_statistics`), one row per service item × county × month.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import Attachment


class Complaint(models.Model):
    class About(models.TextChoices):
        AGENCY = "agency", _("中介机构")
        OWNER = "owner", _("项目业主")
        JOB = "job", _("项目（采购公告）")

    class Status(models.TextChoices):
        RECEIVED = "received", _("已受理")
        HANDLING = "handling", _("处理中")
        UPHELD = "upheld", _("投诉成立")
        REJECTED = "rejected", _("投诉不成立")
        DISMISSED = "dismissed", _("不予受理")

    # The tracking number the complainant follows the case by (e.g. TS20261201-7K3M9Q): a date
    # and a random part, so numbers cannot be guessed from one another.
    number = models.CharField(_("受理编号"), max_length=24, unique=True)
    about = models.CharField(_("投诉对象类型"), max_length=8, choices=About.choices)
    agency = models.ForeignKey("providers.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="complaints_as_agency", verbose_name=_("被投诉中介机构"))
    owner = models.ForeignKey("providers.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="complaints_as_owner", verbose_name=_("被投诉项目业主"))
    job = models.ForeignKey("bidding.Job", on_delete=models.PROTECT, null=True, blank=True,
                            related_name="complaints", verbose_name=_("所涉项目"))
    # The service item the complaint concerns (the job's, or chosen by the complainant): routing
    # follows its category's supervisors.
    item = models.ForeignKey("marketplace.ServiceItem", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="complaints", verbose_name=_("服务事项"))
    region = models.ForeignKey("providers.Region", on_delete=models.PROTECT, verbose_name=_("所属地区"))
    summary = models.CharField(_("投诉事由"), max_length=100)
    details = models.TextField(_("投诉内容"))
    # Who complains: never shown on a public page. Anonymous complaints keep only the contact
    # the answer goes to.
    anonymous = models.BooleanField(_("匿名投诉"), default=False)
    complainant_name = models.CharField(_("投诉人姓名"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    filed_at = models.DateTimeField(_("受理时间"))
    # Routing: the department answering, and why it was chosen (shown to regulators).
    department = models.ForeignKey("providers.Department", on_delete=models.PROTECT, related_name="complaints",
                                   verbose_name=_("承办部门"))
    routed_by = models.CharField(_("分派依据"), max_length=20)  # "supervisor" | "operator"
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    due_at = models.DateTimeField(_("办理期限"))
    reminded_at = models.DateTimeField(_("到期提醒时间"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("超期督办时间"), null=True, blank=True)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("承办人"))
    taken_at = models.DateTimeField(null=True, blank=True)
    # The published outcome: what was decided and why (never who complained).
    outcome = models.TextField(_("处理结果及理由"), blank=True)
    # Upheld: the organisation held responsible, whose credit record takes the event.
    responsible = models.ForeignKey("providers.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="complaints_upheld", verbose_name=_("责任主体"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        ordering = ["-filed_at", "-pk"]
        verbose_name = _("投诉举报")
        verbose_name_plural = _("投诉举报")
        indexes = [
            models.Index(fields=["department", "status", "due_at"], name="complaint_queue"),
            models.Index(fields=["status", "due_at"], name="complaint_due"),
            models.Index(fields=["decided_at"], name="complaint_decided"),
            models.Index(fields=["responsible", "status", "decided_at"], name="complaint_credit"),
        ]
        constraints = [
            models.CheckConstraint(name="complaint_has_contact",
                                   condition=~Q(contact_phone="") | ~Q(contact_email="")),
            models.CheckConstraint(name="complaint_named_or_anonymous",
                                   condition=Q(anonymous=True) | ~Q(complainant_name="")),
            models.CheckConstraint(name="complaint_decided_has_outcome",
                                   condition=Q(status__in=["received", "handling"]) | ~Q(outcome="")),
        ]

    def __str__(self):
        return self.number


class ComplaintFile(Attachment):
    """A file the complainant gives as evidence (private: regulators of the department only)."""

    folder = "complaints"

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="files")


class InspectionCampaign(models.Model):
    """A random-inspection campaign (双随机抽查): agencies of the chosen categories in the region and
    inspectors of the organising department, both drawn with the verifiable draw."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        ANNOUNCED = "announced", _("已公告，待抽取")
        DRAWN = "drawn", _("已抽取，检查中")
        PUBLISHED = "published", _("结果已公布")

    title = models.CharField(_("抽查任务名称"), max_length=100)
    department = models.ForeignKey("providers.Department", on_delete=models.PROTECT, related_name="campaigns",
                                   verbose_name=_("组织部门"))
    region = models.ForeignKey("providers.Region", on_delete=models.PROTECT, verbose_name=_("抽查地区"))
    categories = models.ManyToManyField("marketplace.ServiceCategory", related_name="campaigns",
                                        verbose_name=_("服务类别"))
    agency_count = models.PositiveSmallIntegerField(_("抽取机构数"))
    inspector_count = models.PositiveSmallIntegerField(_("每家机构检查人员数"), default=2)
    checks = models.TextField(_("检查事项"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    # The draw (bidding/draw.py): the commitment is published at the announcement, the seed at the draw.
    seed = models.CharField(max_length=64, blank=True)
    commitment = models.CharField(_("种子承诺值"), max_length=64, blank=True)
    draw_version = models.PositiveSmallIntegerField(default=2)
    announced_at = models.DateTimeField(_("公告时间"), null=True, blank=True)
    # The beacon value comes from after this moment (the draw's counterpart of a job's close).
    draw_after = models.DateTimeField(_("抽取时点"), null=True, blank=True)
    beacon_source = models.CharField(_("公共随机数来源"), max_length=12, blank=True)
    beacon_value = models.CharField(_("公共随机数"), max_length=200, blank=True)
    beacon_reference = models.CharField(_("出处"), max_length=300, blank=True)
    beacon_round = models.PositiveBigIntegerField(null=True, blank=True)
    beacon_round_time = models.DateTimeField(null=True, blank=True)
    beacon_signature = models.TextField(blank=True)
    beacon_entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                          blank=True, related_name="+")
    beacon_entered_at = models.DateTimeField(null=True, blank=True)
    beacon_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                            blank=True, related_name="+")
    beacon_fixed_at = models.DateTimeField(null=True, blank=True)
    drawn_at = models.DateTimeField(_("抽取时间"), null=True, blank=True)
    # The draws' results as published: pools (values in the published order), pool hashes, rankings.
    draw_record = models.JSONField(default=dict, blank=True)
    published_at = models.DateTimeField(_("结果公布时间"), null=True, blank=True)
    summary = models.TextField(_("抽查结果综述"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("双随机抽查任务")
        verbose_name_plural = _("双随机抽查任务")
        indexes = [models.Index(fields=["status", "announced_at"], name="campaign_public")]

    def __str__(self):
        return self.title


class CampaignEntry(models.Model):
    """One candidate of a campaign's draw: an agency or an inspector (a regulator), with its
    random value fixed at the announcement and, after the draw, its rank."""

    class Pool(models.TextChoices):
        AGENCY = "agency", _("检查对象")
        INSPECTOR = "inspector", _("检查人员")

    campaign = models.ForeignKey(InspectionCampaign, on_delete=models.CASCADE, related_name="entries")
    pool = models.CharField(max_length=10, choices=Pool.choices)
    agency = models.ForeignKey("providers.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+")
    inspector = models.ForeignKey("providers.Regulator", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    value = models.CharField(max_length=32)
    rank = models.PositiveIntegerField(null=True, blank=True)
    drawn = models.BooleanField(default=False)  # agencies: among the first agency_count

    class Meta:
        ordering = ["campaign", "pool", "rank", "value"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "value"], name="campaign_entry_value_unique"),
            models.UniqueConstraint(fields=["campaign", "agency"], condition=Q(pool="agency"),
                                    name="campaign_agency_once"),
            models.UniqueConstraint(fields=["campaign", "inspector"], condition=Q(pool="inspector"),
                                    name="campaign_inspector_once"),
            models.CheckConstraint(name="campaign_entry_kind",
                                   condition=(Q(pool="agency", agency__isnull=False, inspector__isnull=True)
                                              | Q(pool="inspector", inspector__isnull=False, agency__isnull=True))),
        ]

    def __str__(self):
        return f"{self.campaign_id}/{self.pool}/{self.value}"


class InspectorConflict(models.Model):
    """An inspector's declared conflict of interest with an agency (利益冲突回避): former employer,
    relative, business tie. Standing declarations (campaign empty) apply to every campaign; one
    made for a campaign after its draw applies to it. Such an inspector is never assigned to the
    agency: the next inspector in the ranking takes the place."""

    inspector = models.ForeignKey("providers.Regulator", on_delete=models.PROTECT, related_name="conflicts")
    agency = models.ForeignKey("providers.Organisation", on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey(InspectionCampaign, on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="conflicts")
    reason = models.CharField(_("回避事由"), max_length=200)
    declared_at = models.DateTimeField()

    class Meta:
        ordering = ["declared_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["inspector", "agency", "campaign"], name="conflict_once"),
            models.UniqueConstraint(fields=["inspector", "agency"], condition=Q(campaign__isnull=True),
                                    name="conflict_standing_once"),
        ]

    def __str__(self):
        return f"{self.inspector_id}×{self.agency_id}"


class InspectionAssignment(models.Model):
    """Who inspects which drawn agency: the first `inspector_count` inspectors of the ranking without
    a conflict with it (`replaces`: the inspector whose conflict this one covers)."""

    campaign = models.ForeignKey(InspectionCampaign, on_delete=models.CASCADE, related_name="assignments")
    agency = models.ForeignKey("providers.Organisation", on_delete=models.PROTECT, related_name="+")
    inspector = models.ForeignKey("providers.Regulator", on_delete=models.PROTECT, related_name="assignments")
    replaces = models.ForeignKey("providers.Regulator", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")

    class Meta:
        ordering = ["campaign", "agency", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "agency", "inspector"],
                                               name="assignment_once")]

    def __str__(self):
        return f"{self.campaign_id}/{self.agency_id}/{self.inspector_id}"


class InspectionFinding(models.Model):
    """The result of inspecting one drawn agency; a finding other than COMPLIANT is a credit event
    (reviews/credit/events.py, level = result)."""

    class Result(models.TextChoices):
        COMPLIANT = "compliant", _("未发现问题")
        MINOR = "minor", _("一般问题")
        SERIOUS = "serious", _("较重问题")
        GRAVE = "grave", _("严重问题")

    campaign = models.ForeignKey(InspectionCampaign, on_delete=models.PROTECT, related_name="findings")
    agency = models.ForeignKey("providers.Organisation", on_delete=models.PROTECT, related_name="findings")
    result = models.CharField(_("检查结果"), max_length=10, choices=Result.choices)
    details = models.TextField(_("检查情况"))
    remedy = models.TextField(_("处理措施"), blank=True)
    inspected_on = models.DateField(_("检查日期"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["campaign", "agency"]
        constraints = [models.UniqueConstraint(fields=["campaign", "agency"], name="finding_once")]
        indexes = [models.Index(fields=["agency", "recorded_at"], name="finding_credit")]

    def __str__(self):
        return f"{self.campaign_id}/{self.agency_id} {self.result}"


class StatsMonth(models.Model):
    """The statistics' materialised summary: one row per service item × county × month of award
    (local time), rebuilt for the months that changed by `refresh_statistics`. Every figure the
    pages show is a sum of these columns, so a page's queries do not grow with the data."""

    item = models.ForeignKey("marketplace.ServiceItem", on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey("providers.Region", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the first day of the month
    jobs_published = models.PositiveIntegerField(default=0)
    jobs_awarded = models.PositiveIntegerField(default=0)
    jobs_failed = models.PositiveIntegerField(default=0)
    # Amounts in fen (分) of the awarded jobs: their budget, ceiling and awarded price.
    # budget_awarded_fen / ceiling_awarded_fen: the awarded price of those jobs that had a budget /
    # a ceiling, so the savings compare the same jobs (oversight/statistics.py).
    budget_fen = models.BigIntegerField(default=0)
    budget_awarded_fen = models.BigIntegerField(default=0)
    ceiling_fen = models.BigIntegerField(default=0)
    ceiling_awarded_fen = models.BigIntegerField(default=0)
    awarded_fen = models.BigIntegerField(default=0)
    # Completed contracts: working days taken against the statutory limit, and on time.
    completed = models.PositiveIntegerField(default=0)
    service_days = models.PositiveIntegerField(default=0)
    statutory_days = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    bids = models.PositiveIntegerField(default=0)  # valid bids of the awarded jobs
    single_bidder = models.PositiveIntegerField(default=0)
    outside_winners = models.PositiveIntegerField(default=0)  # winner from outside the owner's prefecture
    complaints = models.PositiveIntegerField(default=0)
    refreshed_at = models.DateTimeField()

    class Meta:
        ordering = ["month", "item", "region"]
        constraints = [models.UniqueConstraint(fields=["item", "region", "month"], name="stats_month_once")]
        indexes = [models.Index(fields=["month", "region"], name="stats_month_region")]

    def __str__(self):
        return f"{self.item_id}/{self.region_id}/{self.month:%Y-%m}"


class StatsWinnerMonth(models.Model):
    """Awards per agency per item × month (the concentration figures: top agencies' share and the
    Herfindahl index), also rebuilt by `refresh_statistics`."""

    item = models.ForeignKey("marketplace.ServiceItem", on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey("providers.Region", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    agency = models.ForeignKey("providers.Organisation", on_delete=models.CASCADE, related_name="+")
    wins = models.PositiveIntegerField(default=0)
    awarded_fen = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "region", "month", "agency"],
                                               name="stats_winner_once")]
        indexes = [models.Index(fields=["month", "item"], name="stats_winner_month")]

    def __str__(self):
        return f"{self.item_id}/{self.month:%Y-%m}/{self.agency_id}"
