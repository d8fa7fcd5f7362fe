"""Organisations on the platform (agencies and project owners), their people and papers.

Tables and constraints only: every write goes through providers.services.
"""
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage
from core.text import with_note


class Region(models.Model):
    """An administrative division (GB/T 2260 code), shipped in providers/data/regions.csv."""

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("省级")
        PREFECTURE = 2, _("地级")
        COUNTY = 3, _("县级")

    code = models.CharField(_("区划代码"), max_length=6, primary_key=True)
    name = models.CharField(_("名称"), max_length=50)
    level = models.PositiveSmallIntegerField(_("级别"), choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    full_name = models.CharField(_("全称"), max_length=150)

    class Meta:
        ordering = ["code"]
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")

    def __str__(self):
        return self.full_name

    @property
    def province_code(self):
        return self.code[:2] + "0000"


class Department(models.Model):
    """A government department: approves items (审批部门) or supervises an industry (行业主管部门)."""

    name = models.CharField(_("部门名称"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("所属地区"))
    # The region's platform operator (平台运营机构, e.g. the public resources trading centre): it
    # receives the complaints about items no department supervises, and sees its whole region.
    is_platform_operator = models.BooleanField(_("平台运营机构"), default=False)

    class Meta:
        ordering = ["region_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="department_unique_per_region")
        ]
        verbose_name = _("政府部门")
        verbose_name_plural = _("政府部门")

    def __str__(self):
        return f"{self.region.name}{self.name}"


class Regulator(models.Model):
    """A regulator's staff record (监管人员) in a department: created by platform admins; must pass a
    second factor in every session. Which catalogue categories a regulator supervises is kept on
    the catalogue's side (marketplace.ServiceCategory.supervisors), so nothing here points up."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="regulator")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, verbose_name=_("所属部门"))
    title = models.CharField(_("职务"), max_length=50, blank=True)
    # The head of the department's unit (科室负责人): overdue complaints are escalated to them.
    is_head = models.BooleanField(_("部门负责人"), default=False)
    # May be drawn as an inspector for random inspections (双随机 执法检查人员名录).
    is_inspector = models.BooleanField(_("执法检查人员"), default=True)
    is_active = models.BooleanField(_("在岗"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("监管人员")
        verbose_name_plural = _("监管人员")

    def __str__(self):
        return f"{self.user} ({self.department})"


class QualificationType(models.Model):
    """A qualification that a law may require for a service item (e.g. 测绘资质 甲级)."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("资质名称"), max_length=100)
    legal_basis = models.CharField(_("设定依据"), max_length=300, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("资质类别")
        verbose_name_plural = _("资质类别")

    def __str__(self):
        return self.name


class Standing(models.TextChoices):
    ACTIVE = "active", _("正常")
    WATCH = "watch", _("重点关注")
    SUSPENDED = "suspended", _("暂停参与选取")
    BLACKLISTED = "blacklisted", _("列入黑名单")


class Organisation(models.Model):
    """An agency (中介机构) or a project owner (项目业主), identified by its USCC."""

    class Kind(models.TextChoices):
        AGENCY = "agency", _("中介机构")
        OWNER = "owner", _("项目业主")

    class OwnerType(models.TextChoices):
        DEPARTMENT = "department", _("机关事业单位")
        STATE_OWNED = "soe", _("国有企业")
        PRIVATE = "private", _("民营企业及其他")

    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18)
    name = models.CharField(_("名称"), max_length=200)
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True)
    # The legal representative's identity number as a keyed hash and masked (accounts/identity.py).
    legal_representative_id_hash = models.CharField(max_length=64, blank=True, db_index=True)
    legal_representative_id_masked = models.CharField(_("法定代表人身份证号码"), max_length=18, blank=True)
    owner_type = models.CharField(
        _("业主性质"), max_length=12, choices=OwnerType.choices, blank=True
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("所在地区"))
    address = models.CharField(_("地址"), max_length=200)
    contact_name = models.CharField(_("联系人"), max_length=50)
    contact_phone = models.CharField(_("联系电话"), max_length=30)
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    website = models.URLField(_("网站"), blank=True)
    introduction = models.TextField(_("简介"), blank=True)
    # Credit is computed by the reviews app's rule set; these are its latest results,
    # kept here so the directory can filter and sort without a join (`has_credit_record`).
    credit_score = models.DecimalField(_("信用分"), max_digits=6, decimal_places=2, default=100)
    # The score is always the rule set's result (the comprehensive scoring uses it); the grade and
    # credit_rated_at only once the organisation has enough events for a grade: until then both
    # are empty and pages say 暂无足够评价.
    credit_grade = models.CharField(_("信用等级"), max_length=1, blank=True, default="")
    credit_rated_at = models.DateTimeField(_("信用评价时间"), null=True, blank=True)
    credit_grade_since = models.DateTimeField(_("等级起始时间"), null=True, blank=True)
    credit_rule_version = models.PositiveIntegerField(_("信用规则版本"), null=True, blank=True)
    # The mean of the counted reviews of this organisation (1–5), for the comprehensive scoring.
    rating_average = models.DecimalField(_("平均评分"), max_digits=3, decimal_places=2, null=True, blank=True)
    rating_count = models.PositiveIntegerField(_("评价数"), default=0)
    # Standing decides whether an agency may bid (providers.standing_rules). Three inputs, the
    # most severe in force wins: a regulator's standing set by hand (standing…), the credit
    # rules' automatic watch list or suspension (credit_standing…, lifted when the score
    # recovers) and an approved blacklisting (blacklisted_…, ending at its date or by repair).
    standing = models.CharField(_("市场状态"), max_length=12, choices=Standing.choices, default=Standing.ACTIVE)
    standing_reason = models.TextField(_("状态原因"), blank=True)
    standing_since = models.DateTimeField(_("状态开始"), null=True, blank=True)
    standing_until = models.DateTimeField(_("状态截止"), null=True, blank=True)
    credit_standing = models.CharField(_("信用自动措施"), max_length=12, choices=Standing.choices,
                                       default=Standing.ACTIVE)
    credit_standing_reason = models.TextField(_("信用自动措施原因"), blank=True)
    credit_standing_since = models.DateTimeField(_("信用自动措施开始"), null=True, blank=True)
    blacklist_reason = models.TextField(_("黑名单原因"), blank=True)
    blacklisted_since = models.DateTimeField(_("列入黑名单时间"), null=True, blank=True)
    blacklisted_until = models.DateTimeField(_("黑名单截止"), null=True, blank=True)
    created_at = models.DateTimeField(_("注册时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organisations"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "uscc"], name="organisation_unique_uscc"),
            models.CheckConstraint(
                condition=Q(kind__in=["agency", "owner"]), name="organisation_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["kind", "credit_grade"]), models.Index(fields=["kind", "region"])]
        verbose_name = _("机构")
        verbose_name_plural = _("机构")

    def __str__(self):
        return self.name

    @property
    def is_agency(self):
        return self.kind == self.Kind.AGENCY

    @property
    def has_credit_record(self):
        """Whether the credit rules have graded this organisation: until then pages say 暂无足够评价
        and show no grade (too few events, or never rated)."""
        return self.credit_rated_at is not None


# `Organisation.has_credit_record` as a query condition.
CREDIT_RATED = Q(credit_rated_at__isnull=False)


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("管理员")
        OPERATOR = "operator", _("经办人")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("角色"), max_length=10, choices=Role.choices, default=Role.OPERATOR)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")
        ]
        verbose_name = _("机构成员")
        verbose_name_plural = _("机构成员")

    def __str__(self):
        return f"{self.user} @ {self.organisation} ({self.get_role_display()})"

    @property
    def is_admin(self):
        """An admin invites, changes roles and removes others (providers.access.is_member)."""
        return self.role == self.Role.ADMIN


class Invitation(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("受邀邮箱"))
    role = models.CharField(_("角色"), max_length=10, choices=Membership.Role.choices)
    token = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("成员邀请")
        verbose_name_plural = _("成员邀请")

    def __str__(self):
        return f"{self.organisation} ← {self.email}"

    def is_expired(self, at):
        """Seven days after it was sent (expires_at), an invitation can no longer be accepted."""
        return self.expires_at <= at


class Certificate(models.Model):
    """A qualification certificate held by an agency; the scan is a private file."""

    agency = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="certificates")
    qualification = models.ForeignKey(
        QualificationType, on_delete=models.PROTECT, verbose_name=_("资质类别")
    )
    number = models.CharField(_("证书编号"), max_length=60)
    grade = models.CharField(_("等级"), max_length=30, blank=True)
    issuer = models.CharField(_("发证机关"), max_length=100)
    issued_on = models.DateField(_("发证日期"))
    valid_until = models.DateField(_("有效期至"))
    scan = models.FileField(
        _("证书扫描件"), upload_to="certificates/%Y/%m/", blank=True,
        storage=private_storage,
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(_("核验时间"), null=True, blank=True)
    # When the admins were told that this certificate is about to expire; cleared when the
    # validity changes, so a renewed certificate is warned about again before its new end.
    expiry_warned_at = models.DateTimeField(_("到期提醒时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["valid_until"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("issued_on")), name="certificate_valid_after_issue"
            ),
            models.UniqueConstraint(fields=["agency", "qualification", "number"], name="certificate_unique"),
        ]
        verbose_name = _("资质证书")
        verbose_name_plural = _("资质证书")

    def __str__(self):
        return f"{self.qualification} {self.number}"


class Practitioner(models.Model):
    agency = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="practitioners")
    name = models.CharField(_("姓名"), max_length=50)
    title = models.CharField(_("职称/职务"), max_length=50, blank=True)
    qualification = models.CharField(_("执业资格"), max_length=100, blank=True)
    certificate_number = models.CharField(_("执业证书编号"), max_length=60, blank=True)
    specialty = models.CharField(_("专业"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("从业人员")
        verbose_name_plural = _("从业人员")

    def __str__(self):
        return self.name


class Affiliation(models.Model):
    """A declared tie to a government department: agencies so tied may not bid on its items."""

    class Relation(models.TextChoices):
        SUPERVISOR = "supervisor", _("主管部门")
        SPONSOR = "sponsor", _("举办单位")
        SHAREHOLDER = "shareholder", _("出资单位")

    agency = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="affiliations")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, verbose_name=_("部门"))
    relation = models.CharField(_("关系"), max_length=12, choices=Relation.choices)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "department", "relation"], name="affiliation_unique")
        ]
        verbose_name = _("关联关系")
        verbose_name_plural = _("关联关系")

    def __str__(self):
        return with_note(self.department, self.get_relation_display())


class PersonBan(models.Model):
    """A person barred (禁入) from registering or running an agency: the legal representative or a
    named senior manager of a blacklisted agency, for the blacklisting's period. Matched by the
    keyed hash of their identity number (accounts/identity.py); pages show the masked number.
    Written by the blacklist's services (reviews), read here at registration, when someone
    becomes an agency's admin and at every bid (providers.standing_rules)."""

    class Role(models.TextChoices):
        LEGAL_REPRESENTATIVE = "legal_rep", _("法定代表人")
        SENIOR_MANAGER = "manager", _("高级管理人员")

    id_hash = models.CharField(max_length=64, db_index=True)
    id_masked = models.CharField(_("身份证号码"), max_length=18)
    name = models.CharField(_("姓名"), max_length=50)
    role = models.CharField(_("职务"), max_length=10, choices=Role.choices)
    agency = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="person_bans",
                               verbose_name=_("被列入黑名单的机构"))
    source = models.CharField(max_length=40)  # e.g. "blacklist:12"
    starts_at = models.DateTimeField(_("禁入开始"))
    ends_at = models.DateTimeField(_("禁入截止"))
    ended_at = models.DateTimeField(_("提前解除时间"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="person_ban_positive_period"),
            models.UniqueConstraint(fields=["source", "id_hash"], name="person_ban_once_per_source"),
        ]
        verbose_name = _("禁入人员")
        verbose_name_plural = _("禁入人员")

    def __str__(self):
        return f"{self.name} {self.id_masked}"
