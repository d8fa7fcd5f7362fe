"""Whether an agency may bid on a job, and whether a quote is acceptable: the one place that says so.

Both functions return the reason, in Chinese, to show the agency (or to record on a bid found
invalid at the close), or None when there is nothing against it. The bid services refuse with
these reasons before the close; the close marks each live bid valid or invalid with them.

A watch-listed (重点关注) agency may bid: regulators see the flag, the agency is not refused. A
suspended or blacklisted one may not (providers.standing_rules: the most severe of the
regulator's standing, the credit rules' and the blacklist's), nor one whose legal representative
or an admin is banned (禁入) because of another, blacklisted agency (`agency_bans`).

A quote comparison (询比) takes quotes only from the agencies it invited (JobInvitation): the one
rule, `_invitation_refusal`, checked at submission and at the close like the others. The
invitation draw's candidates are judged by the same checks without it (`invitation=False`).
"""
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.workdays import calendar_from_db
from marketplace import fees
from providers.models import Organisation, Standing
from providers.standing_rules import agency_bans, standing_at

from .errors import DiscountWithoutFeeRule
from .models import Job, JobAvoidance, JobInvitation
from .selectors.capacity import capacity_of

FEN = Decimal("0.01")


@dataclass
class AgencyFacts:
    """What the checks need to know about one agency, read once: a list page checks many jobs
    against the same agency without a query per job."""

    affiliations: dict = field(default_factory=dict)  # department id -> Affiliation
    certificates: dict = field(default_factory=dict)  # qualification id -> [Certificate]
    avoidances: dict = field(default_factory=dict)  # job id -> stated reason
    calendar: object = None
    bans: dict = field(default_factory=dict)  # moment -> the bans in force then (read once per moment)
    invited: set = field(default_factory=set)  # ids of the quote comparisons (of job_ids) it is invited to


def agency_facts(agency, *, job_ids=None, calendar=None):
    avoidances = JobAvoidance.objects.filter(agency=agency)
    invitations = JobInvitation.objects.filter(agency=agency)
    if job_ids is not None:
        avoidances = avoidances.filter(job_id__in=job_ids)
        invitations = invitations.filter(job_id__in=job_ids)
    facts = AgencyFacts(
        affiliations={a.department_id: a for a in agency.affiliations.select_related("department__region")},
        avoidances=dict(avoidances.values_list("job_id", "reason")),
        calendar=calendar or calendar_from_db(),
        invited=set(invitations.values_list("job_id", flat=True)),
    )
    for certificate in agency.certificates.select_related("qualification").order_by("-valid_until"):
        facts.certificates.setdefault(certificate.qualification_id, []).append(certificate)
    return facts


def _when(moment):
    return date_format(timezone.localtime(moment), "Y-m-d H:i")


def service_end(job, calendar=None):
    """The last day of service if the job were awarded at its close: the close date plus the
    required service time in working days. Certificates must stay valid until then."""
    calendar = calendar or calendar_from_db()
    return calendar.add_working_days(timezone.localdate(job.closes_at), job.service_days)


# --- who may bid ----------------------------------------------------------------------------

def bid_refusal(agency, job, *, at, facts=None, invitation=True):
    """Why `agency` may not bid on `job` at the moment `at`, or None. `invitation=False` leaves
    out the quote comparison's invitation (for judging the candidates of its invitation draw)."""
    if agency.kind != Organisation.Kind.AGENCY:
        return _("只有中介机构可以报名。")
    facts = facts or agency_facts(agency, job_ids=[job.pk])
    checks = (_invitation_refusal,) if invitation else ()
    for check in (*checks, _standing_refusal, _ban_refusal, _affiliation_refusal, _avoidance_refusal,
                  _qualification_refusal):
        reason = check(agency, job, at, facts)
        if reason:
            return reason
    return None


def _invitation_refusal(agency, job, at, facts):
    if job.selection_method != Job.Method.QUOTE or job.pk in facts.invited:
        return None
    return _("本项目采用询比方式，只有业主邀请的机构可以报价；贵机构未受邀请。")


def _standing_refusal(agency, job, at, facts):
    standing, reason, until = standing_at(agency, at)
    if standing not in (Standing.SUSPENDED, Standing.BLACKLISTED):
        return None
    period = _("至 %(until)s") % {"until": _when(until)} if until else _("长期")
    if standing == Standing.SUSPENDED:
        text = _("贵机构已被暂停参与选取（原因：%(reason)s；期限：%(period)s），不能报名。")
    else:
        text = _("贵机构已被列入黑名单（原因：%(reason)s；期限：%(period)s），不能报名。")
    return text % {"reason": reason or _("未说明"), "period": period}


def _ban_refusal(agency, job, at, facts):
    if at not in facts.bans:
        facts.bans[at] = agency_bans(agency, at)
    bans = facts.bans[at]
    if not bans:
        return None
    ban = bans[-1]  # the one lasting longest
    if ban.id_hash == agency.legal_representative_id_hash:
        who = _("贵机构的法定代表人%(name)s") % {"name": agency.legal_representative or ban.name}
    else:
        who = _("贵机构的管理员%(name)s") % {"name": ban.name}
    return _(
        "%(who)s（身份证号码 %(masked)s）因“%(agency)s”被列入黑名单，禁入至 %(until)s，"
        "期间不得管理中介机构，贵机构不能报名。"
    ) % {"who": who, "masked": ban.id_masked, "agency": ban.agency.name, "until": _when(ban.ends_at)}


def _affiliation_refusal(agency, job, at, facts):
    affiliation = facts.affiliations.get(job.item.approving_department_id)
    if affiliation is None:
        return None
    return _(
        "贵机构申报了与本事项审批部门“%(department)s”的关联关系（%(relation)s）。"
        "审批部门所属或主管的机构不得承接本部门审批相关的中介服务。"
    ) % {"department": affiliation.department, "relation": affiliation.get_relation_display()}


def _avoidance_refusal(agency, job, at, facts):
    reason = facts.avoidances.get(job.pk)
    if reason is None:
        return None
    return _("贵机构在本公告的回避名单中（回避理由：%(reason)s），不能报名。") % {"reason": reason}


def _qualification_refusal(agency, job, at, facts):
    required = list(job.required_qualifications.all())
    if not required:
        return None
    end = service_end(job, facts.calendar)
    for qualification in required:
        held = facts.certificates.get(qualification.pk)
        if not held:
            return _("贵机构缺少本项目要求的资质：%(name)s。") % {"name": qualification.name}
        best = held[0]  # the one valid the longest
        if best.valid_until < end:
            return _(
                "贵机构的资质证书“%(name)s %(number)s”有效期至 %(expiry)s，"
                "早于本项目服务期满日 %(end)s（报名截止后 %(days)s 个工作日），不能报名。"
            ) % {
                "name": qualification.name, "number": best.number,
                "expiry": best.valid_until.isoformat(), "end": end.isoformat(), "days": job.service_days,
            }
    return None


# --- capacity (part D) ------------------------------------------------------------------------

def capacity_refusal(agency, job):
    """Why `agency` may not bid on `job` for want of capacity, or None: it declared how many jobs
    of the item it can run at once and runs that many now (selectors.capacity). Judged when it
    bids (submission and change), not at the close: its bid stays valid, and the draws that pick
    agencies skip it if it is still at capacity when they run."""
    row = capacity_of(agency, job.item_id)
    if not row.at_capacity:
        return None
    return _(
        "贵机构申报的“%(item)s”承接能力为 %(limit)s 个项目，目前正在承接 %(load)s 个，已达到承接能力，"
        "不能报名。项目完成后或调整申报的承接能力后可以报名。"
    ) % {"item": job.item.name, "limit": row.limit, "load": row.load}


# --- what may be promised -------------------------------------------------------------------

def promised_days_refusal(job, promised_days):
    """Why the promised service time is not acceptable for `job`, or None: an agency may promise
    the time the announcement requires or less, never more."""
    if promised_days > job.service_days:
        return _("承诺服务时限 %(days)s 个工作日超过本项目要求的服务时限 %(limit)s 个工作日。") % {
            "days": promised_days, "limit": job.service_days}
    return None


# --- what may be quoted ---------------------------------------------------------------------

def _money(amount):
    return f"{amount:,.2f}"


def implied_price(job, discount_rate):
    """The price a discount rate (下浮率, percent) gives off the fee-rule standard, to the fen.
    Raises DiscountWithoutFeeRule when the job has no standard fee to discount from."""
    rule = job.item.government_fee_rule
    if rule is None or job.fee_quantity is None:
        raise DiscountWithoutFeeRule(field="discount_rate")
    standard = fees.calculate_fee(rule, job.fee_quantity).final_fee
    return (standard * (Decimal(100) - Decimal(discount_rate)) / Decimal(100)).quantize(FEN, ROUND_HALF_UP)


def price_refusal(job, *, price=None, discount_rate=None):
    """Why the quote is not acceptable for `job`, or None."""
    if job.price_mode == Job.PriceMode.DISCOUNT:
        return _discount_refusal(job, discount_rate)
    if price is None:
        return _("请填写报价金额。")
    return _amount_refusal(job, Decimal(price))


def _amount_refusal(job, price):
    if price <= 0:
        return _("报价须大于零。")
    if job.ceiling_price is not None and price > job.ceiling_price:
        return _("报价 %(price)s 元高于本项目最高限价 %(ceiling)s 元。") % {
            "price": _money(price), "ceiling": _money(job.ceiling_price)}
    return _fee_range_refusal(job, price)


def _fee_range_refusal(job, price):
    rule = job.item.government_fee_rule
    if rule is None or job.fee_quantity is None:
        return None
    try:
        low, high = fees.fee_range(rule, job.fee_quantity)
    except DomainError as error:
        return str(error)
    if low <= price <= high:
        return None
    return _("报价 %(price)s 元不在政府定价（指导价）收费标准允许的范围内（%(low)s–%(high)s 元）。") % {
        "price": _money(price), "low": _money(low), "high": _money(high)}


def _discount_refusal(job, discount_rate):
    if discount_rate is None:
        return _("请填写下浮率。")
    rate = Decimal(discount_rate)
    if not (0 <= rate < 100):
        return _("下浮率须不小于 0 且小于 100（%）。")
    try:
        price = implied_price(job, rate)
    except DomainError as error:
        return str(error)
    if price <= 0:
        return _("下浮后的报价须大于零。")
    if job.ceiling_price is not None and price > job.ceiling_price:
        return _("下浮率 %(rate)s%% 对应的报价 %(price)s 元高于本项目最高限价 %(ceiling)s 元。") % {
            "rate": rate, "price": _money(price), "ceiling": _money(job.ceiling_price)}
    refusal = _fee_range_refusal(job, price)
    if refusal:
        return _("下浮率 %(rate)s%% 对应的报价不符合收费标准：%(reason)s") % {"rate": rate, "reason": refusal}
    return None
