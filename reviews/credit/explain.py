"""The words of a credit score's lines: each kind's Chinese name, and what each event was ("合同
HT-2026-0012 业主评价 4.25 分"), read from the rows the refs name (reviews/credit/events.py), with
one query per kind of row whatever the number of lines."""
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bidding.models import Objection
from contracts.models import Contract, OwnerStep, SigningRefusal
from oversight.models import Complaint, InspectionFinding

from .. import department_rules
from ..models import CreditAction, DepartmentRating, Review
from . import engine

KIND_LABELS = {
    "review": gettext_lazy("双方评价"),
    "delivery_on_time": gettext_lazy("按时完成服务"),
    "delivery_late": gettext_lazy("超期完成服务"),
    "signing_refusal": gettext_lazy("中选后拒签合同"),
    "complaint_upheld": gettext_lazy("投诉经查属实"),
    "inspection_finding": gettext_lazy("监督检查发现问题"),
    "penalty": gettext_lazy("监管处理"),
    "commendation": gettext_lazy("表彰奖励"),
    "department_rating": gettext_lazy("审批部门评价"),
    "owner_delay": gettext_lazy("业主逾期办理"),
    engine.CAP_KIND: gettext_lazy("单项封顶"),
    engine.LIMIT_KIND: gettext_lazy("分数上下限"),
}
LEVEL_LABELS = dict(CreditAction.Level.choices)
FACTS_SHOWN = 80


def label(kind):
    return str(KIND_LABELS.get(kind, kind))


def points(cents):
    """Whole cents of a point as a Decimal with two places (−950 → Decimal("-9.50"))."""
    return Decimal(cents).scaleb(-2)


def number(value):
    """A rule set's number as people write it: 65, 65.5, 0.25."""
    text = format(Decimal(str(value)).normalize(), "f")
    return text


def _ids(refs, prefix):
    return [int(ref.split(":", 1)[1]) for ref in refs if ref.startswith(prefix + ":")]


def _short(text):
    text = " ".join(str(text).split())
    return text if len(text) <= FACTS_SHOWN else text[:FACTS_SHOWN - 1] + "…"


def describe(refs):
    """{ref: what the event was} for the refs of event lines (cap and limit lines are described
    by `line_description`)."""
    refs = set(refs)
    found = {}
    review_ids = _ids(refs, "review")
    if review_ids:
        for pk, contract, direction, average, is_default in Review.objects.filter(pk__in=review_ids).values_list(
                "pk", "contract__number", "direction", "average", "is_default"):
            side = _("业主评价") if direction == Review.Direction.OWNER_TO_AGENCY else _("中介机构评价")
            text = _("合同 %(contract)s %(side)s %(average)s 分") % {"contract": contract, "side": side,
                                                                    "average": average}
            if is_default:
                text += _("（逾期未评价，按默认评价计）")
            found[f"review:{pk}"] = text
    contract_ids = _ids(refs, "delivery")
    if contract_ids:
        for pk, contract, taken, promised, late in Contract.objects.filter(pk__in=contract_ids).values_list(
                "pk", "number", "working_days_taken", "promised_days", "days_late_promise"):
            text = _("合同 %(contract)s 用时 %(taken)s 个工作日，承诺 %(promised)s 个工作日") % {
                "contract": contract, "taken": taken, "promised": promised}
            if late and late > 0:
                text += _("，超出 %(late)s 个工作日") % {"late": late}
            found[f"delivery:{pk}"] = text
    refusal_ids = _ids(refs, "refusal")
    if refusal_ids:
        for pk, contract in SigningRefusal.objects.filter(pk__in=refusal_ids).values_list("pk", "contract__number"):
            found[f"refusal:{pk}"] = _("合同 %(contract)s 未在签订期限内签署") % {"contract": contract}
    objection_ids = _ids(refs, "objection")
    if objection_ids:
        for pk, title in Objection.objects.filter(pk__in=objection_ids).values_list("pk", "job__title"):
            found[f"objection:{pk}"] = _("项目“%(title)s”的投诉经监管部门认定成立") % {"title": title}
    complaint_ids = _ids(refs, "complaint")
    if complaint_ids:
        for pk, number, summary in Complaint.objects.filter(pk__in=complaint_ids).values_list(
                "pk", "number", "summary"):
            found[f"complaint:{pk}"] = _("投诉举报 %(number)s（%(summary)s）经监管部门认定成立") % {
                "number": number, "summary": _short(summary)}
    finding_ids = _ids(refs, "inspection")
    if finding_ids:
        results = dict(InspectionFinding.Result.choices)
        for pk, title, result in InspectionFinding.objects.filter(pk__in=finding_ids).values_list(
                "pk", "campaign__title", "result"):
            found[f"inspection:{pk}"] = _("双随机抽查“%(title)s”：%(result)s") % {
                "title": _short(title), "result": results.get(result, result)}
    action_ids = _ids(refs, "action")
    if action_ids:
        for pk, kind, level, facts in CreditAction.objects.filter(pk__in=action_ids).values_list(
                "pk", "kind", "level", "facts"):
            if kind == CreditAction.Kind.PENALTY:
                text = _("%(level)s情节：%(facts)s") % {"level": LEVEL_LABELS[level], "facts": _short(facts)}
            else:
                text = _short(facts)
            found[f"action:{pk}"] = text
    rating_ids = _ids(refs, "rating")
    if rating_ids:
        for rating in DepartmentRating.objects.filter(pk__in=rating_ids).select_related(
                "contract", "department__region").only(
                "pk", "first_pass", "corrections", "returned", "contract__number", "department__name",
                "department__region__name"):
            found[f"rating:{rating.pk}"] = _("合同 %(contract)s %(department)s评价：%(summary)s") % {
                "contract": rating.contract.number, "department": str(rating.department),
                "summary": department_rules.summary(rating)}
    step_ids = _ids(refs, "ownerstep")
    if step_ids:
        kinds = dict(OwnerStep.Kind.choices)
        for pk, contract, kind, subject, late, done in OwnerStep.objects.filter(pk__in=step_ids).values_list(
                "pk", "contract__number", "kind", "subject", "late_days", "done_at"):
            text = _("合同 %(contract)s %(kind)s（%(subject)s）逾期 %(late)s 个工作日") % {
                "contract": contract, "kind": kinds.get(kind, kind), "subject": subject, "late": late}
            if done is None:
                text += _("，尚未办理")
            found[f"ownerstep:{pk}"] = text
    return found


def line_description(line, described):
    """What a line of the score stands for, in words."""
    if line.kind == engine.CAP_KIND:
        if line.contribution < 0:
            return _("“%(kind)s”各项合计超出加分上限，超出部分不计") % {"kind": label(line.ref)}
        return _("“%(kind)s”各项合计超出扣分上限，超出部分不计") % {"kind": label(line.ref)}
    if line.kind == engine.LIMIT_KIND:
        return _("信用分限于 0 至 100 分")
    return described.get(line.ref, line.ref)
