"""What an announcement must satisfy to be published (发布公告): pure rules beside the data, no writes.

`publication_problems(job)` lists every reason a draft cannot be published now, as the named
errors of bidding/errors.py, so the owner can fix them all at once; `job_publish`
(services/jobs.py) refuses with them, and the owner's pages show them before the owner tries.
The same rules, called from here and nowhere else:

- the window: the close at least REGISTRATION_MIN_WORKING_DAYS working days after the day of
  publication (`earliest_close_date`);
- the price: a budget or a ceiling, the ceiling not above the budget, a discount rate only on a
  government-priced item, and for such an item the amount within the fee rule's range;
- integrity (零门槛、零限制): qualifications only among the item's law-required ones, no
  restrictive phrase in the free text (bidding/integrity.py), a reason for every avoided agency;
- comprehensive scoring's four weights (`weights_problem`);
- the service time not longer than the item's statutory time.
"""
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import DomainError
from core.workdays import calendar_from_db
from marketplace.fees import fee_range, plain
from providers.models import Organisation

from .errors import (
    AuctionNeedsAmounts,
    AvoidanceNotAgency,
    AvoidanceReasonRequired,
    CloseTimeMissing,
    DiscountNeedsGovernmentPrice,
    ItemNotInCatalogue,
    PriceMissingForJob,
    PriceOutsideFeeRule,
    QualificationNotRequiredByLaw,
    RestrictiveRequirement,
    ServiceDaysTooLong,
    WeightsInvalid,
    WindowTooShort,
)
from .integrity import find_violations
from .method_params import params_of, params_problems
from .models import Job

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Comprehensive scoring publishes one weight per part score (selectors/selection.py score_rows).
WEIGHT_KEYS = ("price", "credit", "rating", "plan")
# The free-text fields the integrity check reads, with their labels.
FREE_TEXT = (("title", gettext_lazy("项目名称")), ("description", gettext_lazy("服务内容")),
             ("requirements", gettext_lazy("其他要求")))


# --- the window ----------------------------------------------------------------------------

def earliest_close_date(now, calendar=None):
    """The first date the window may close on: REGISTRATION_MIN_WORKING_DAYS working days after
    the day of publication (that day itself not counted)."""
    calendar = calendar or calendar_from_db()
    today = timezone.localtime(now, SHANGHAI).date()
    return calendar.add_working_days(today, settings.REGISTRATION_MIN_WORKING_DAYS)


def _date_label(day):
    # A translatable date format: "l" is the weekday's name in the reader's language.
    return date_format(day, _("Y年n月j日（l）"))


def _window_problems(job, now, calendar):
    if job.closes_at is None:
        return [CloseTimeMissing(field="closes_at")]
    earliest = earliest_close_date(now, calendar)
    if timezone.localtime(job.closes_at, SHANGHAI).date() < earliest:
        return [WindowTooShort(
            _("报名截止时间过早：报名时间不得少于 %(days)d 个工作日，截止日期最早为 %(date)s。")
            % {"days": settings.REGISTRATION_MIN_WORKING_DAYS, "date": _date_label(earliest)},
            field="closes_at",
        )]
    return []


# --- the price -----------------------------------------------------------------------------

def _amount_label(name):
    return _("最高限价") if name == "ceiling_price" else _("预算金额")


def _price_problems(job):
    problems = []
    rule = job.item.government_fee_rule
    if job.price_mode == Job.PriceMode.DISCOUNT and rule is None:
        problems.append(DiscountNeedsGovernmentPrice(field="price_mode"))
    if job.price_mode == Job.PriceMode.DISCOUNT and job.selection_method == Job.Method.AUCTION:
        problems.append(AuctionNeedsAmounts(field="price_mode"))  # rounds lower amounts (bidding/auction.py)
    if job.budget is None and job.ceiling_price is None:
        problems.append(PriceMissingForJob(field="ceiling_price"))
    elif job.budget is not None and job.ceiling_price is not None and job.ceiling_price > job.budget:
        problems.append(PriceOutsideFeeRule(
            _("最高限价 %(ceiling)s 元不能高于预算金额 %(budget)s 元。")
            % {"ceiling": plain(job.ceiling_price), "budget": plain(job.budget)},
            field="ceiling_price",
        ))
    if rule is not None:
        problems += _fee_rule_problems(job, rule)
    return problems


def _fee_rule_problems(job, rule):
    if job.fee_quantity is None:
        return [PriceOutsideFeeRule(
            _("该事项实行政府定价或指导价，须填写计费基数（%(label)s，单位：%(unit)s）。")
            % {"label": rule.quantity_label, "unit": rule.quantity_unit},
            field="fee_quantity",
        )]
    try:
        low, high = fee_range(rule, job.fee_quantity)
    except DomainError as error:
        return [PriceOutsideFeeRule(str(error), field="fee_quantity")]
    # The ceiling is what bids are held to; without one the budget stands in for it.
    name = "ceiling_price" if job.ceiling_price is not None else "budget"
    amount = getattr(job, name)
    if amount is None or low <= amount <= high:
        return []
    return [PriceOutsideFeeRule(
        _("%(label)s %(amount)s 元不在收费标准允许的范围内：按计费基数 %(quantity)s %(unit)s，"
          "收费标准允许 %(low)s～%(high)s 元。")
        % {"label": _amount_label(name), "amount": plain(amount), "quantity": plain(job.fee_quantity),
           "unit": rule.quantity_unit, "low": plain(low), "high": plain(high)},
        field=name,
    )]


# --- integrity (零门槛、零限制) ----------------------------------------------------------------

def extra_qualifications(item, chosen):
    """The chosen qualifications the law does not require for `item`, by name."""
    legal = set(item.required_qualifications.values_list("pk", flat=True))
    return sorted(q.name for q in chosen if q.pk not in legal)


def qualification_problem(item, chosen):
    """None, or the error naming each chosen qualification beyond `item`'s law-required ones."""
    extra = extra_qualifications(item, chosen)
    if not extra:
        return None
    return QualificationNotRequiredByLaw(
        _("资质要求“%(names)s”不是该事项法定要求的资质：只能从法定资质中选择（零门槛、零限制）。")
        % {"names": "”“".join(extra)},
        field="required_qualifications",
    )


def avoidance_problems(avoidances):
    """The errors of a list of avoided agencies ({"agency": Organisation, "reason": str}): each
    must be an agency, with its reason (the conflict of interest) written out."""
    problems = []
    for row in avoidances:
        agency = row["agency"]
        if agency.kind != Organisation.Kind.AGENCY:
            problems.append(AvoidanceNotAgency(field="avoidances"))
        elif not (row.get("reason") or "").strip():
            problems.append(AvoidanceReasonRequired(
                _("回避机构“%(name)s”须写明回避理由（利益冲突的具体情形）。") % {"name": agency.name},
                field="avoidances",
            ))
    return problems


def _integrity_problems(job):
    problems = []
    qualification = qualification_problem(job.item, job.required_qualifications.all())
    if qualification:
        problems.append(qualification)
    # What the law requires may be written out; anything beyond it may not (bidding/integrity.py).
    law_required = [q.name for q in job.item.required_qualifications.all()]
    for name, label in FREE_TEXT:
        for violation in find_violations(getattr(job, name), law_required=law_required):
            problems.append(RestrictiveRequirement(
                _("%(field)s中的“%(phrase)s”不允许：%(rule)s")
                % {"field": label, "phrase": violation.phrase, "rule": violation.rule},
                field=name,
            ))
    avoidances = [{"agency": row.agency, "reason": row.reason} for row in job.avoidances.select_related("agency")]
    return problems + avoidance_problems(avoidances)


# --- the method and the service time -------------------------------------------------------

def weights_problem(method, weights):
    """None, or the error for comprehensive-scoring weights that are not four non-negative
    whole numbers (price, credit, rating, plan) summing to 100."""
    if method != Job.Method.SCORING:
        return None
    weights = weights if isinstance(weights, dict) else {}
    values = [weights.get(key) for key in WEIGHT_KEYS]
    whole = all(isinstance(value, int) and not isinstance(value, bool) and value >= 0 for value in values)
    if set(weights) == set(WEIGHT_KEYS) and whole and sum(values) == 100:
        return None
    total = sum(value for value in values if isinstance(value, int) and not isinstance(value, bool))
    return WeightsInvalid(
        _("综合评分须公布价格、信用、评价、方案四项权重，每项为不小于 0 的整数，合计 100（当前合计 %(total)d）。")
        % {"total": total},
        field="weights",
    )


def _service_days_problems(job):
    if job.service_days <= job.item.statutory_days:
        return []
    return [ServiceDaysTooLong(
        _("要求服务时限 %(days)d 个工作日超过该事项的法定服务时限 %(limit)d 个工作日。")
        % {"days": job.service_days, "limit": job.item.statutory_days},
        field="service_days",
    )]


# --- all of them ---------------------------------------------------------------------------

def publication_problems(job, *, now=None, calendar=None):
    """Every reason `job` cannot be published now, as named errors (empty when it can be)."""
    now = now or timezone.now()
    problems = []
    if not job.item.is_active:
        problems.append(ItemNotInCatalogue(field="item"))
    problems += _window_problems(job, now, calendar or calendar_from_db())
    problems += _price_problems(job)
    problems += _integrity_problems(job)
    weights = weights_problem(job.selection_method, job.weights)
    if weights:
        problems.append(weights)
    problems += params_problems(job.selection_method, params_of(job))
    problems += _service_days_problems(job)
    return problems
