"""Refusals of the credit part (see reviews/errors/__init__.py)."""
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError, NotAllowed

__all__ = [
    "CreditRegulatorOnly", "RuleSetRefused", "RuleSetNoteRequired", "RuleSetPublishedMeanwhile",
    "CreditActionKindInvalid", "CreditActionLevelInvalid", "CreditActionFactsRequired",
    "CreditActionBasisRequired", "CreditActionTextTooLong", "CreditActionOrganisationUnknown",
    "rule_path_label",
]


class CreditRegulatorOnly(NotAllowed):
    default_message = _("只有在岗的监管人员可以进行此操作。")


class RuleSetNoteRequired(DomainError):
    default_message = _("请填写修订说明：改了什么，为什么改。")


class RuleSetPublishedMeanwhile(DomainError):
    default_message = _("刚有另一位监管人员发布了新版本，请刷新页面，在最新版本的基础上修改后再发布。")


class CreditActionKindInvalid(DomainError):
    default_message = _("请选择信用记录的类型：监管处理或表彰奖励。")


class CreditActionLevelInvalid(DomainError):
    default_message = _("请选择情节：一般、较重或严重。")


class CreditActionFactsRequired(DomainError):
    default_message = _("请填写事实与理由。")


class CreditActionBasisRequired(DomainError):
    default_message = _("请填写依据（法律法规或规章条款）。")


class CreditActionTextTooLong(DomainError):
    default_message = _("内容过长，请精简到 %(n)s 字以内。")


class CreditActionOrganisationUnknown(DomainError):
    default_message = _("平台上没有这个统一社会信用代码的机构。")


# --- the rule set's check (reviews.credit.engine.check_rules) in words ----------------------------

PART_LABELS = {
    "agency": _("中介机构"),
    "owner": _("项目业主"),
    "events": _("事件"),
    "grades": _("等级分数线"),
    "levels": _("情节分值"),
    "redlist": _("红名单"),
    "review": _("双方评价"),
    "default": _("逾期默认评价"),
    # numbers
    "base": _("基础分"),
    "min_events": _("评定等级所需最少事件数"),
    "half_life_days": _("半衰期（天）"),
    "watch_below": _("重点关注线"),
    "suspend_below": _("暂停参与选取线"),
    "per_star": _("每高于或低于中性评分 1 分的分值"),
    "neutral": _("中性评分"),
    "points": _("分值"),
    "weight": _("权重"),
    "cap_gain": _("加分上限"),
    "cap_loss": _("扣分上限"),
    "grade": _("等级"),
    "years": _("连续年数"),
    "window_days": _("评价期限（天）"),
    "minor": _("一般"),
    "serious": _("较重"),
    "grave": _("严重"),
    # event kinds (reviews/credit/explain.py KIND_LABELS say the same)
    "review_event": _("双方评价"),
    "delivery_on_time": _("按时完成服务"),
    "delivery_late": _("超期完成服务"),
    "signing_refusal": _("中选后拒签合同"),
    "complaint_upheld": _("投诉经查属实"),
    "inspection_finding": _("监督检查发现问题"),
    "penalty": _("监管处理"),
    "commendation": _("表彰奖励"),
    "department_rating": _("审批部门评价"),
    "owner_delay": _("业主逾期办理"),
    # issue 10: the weights and the new kinds' numbers
    "weights": _("三方评价权重"),
    "weight_owner": _("业主评价"),
    "weight_department": _("审批部门评价"),
    "weight_platform": _("平台记录"),
    "first_pass": _("一次通过的分值"),
    "per_correction": _("每次补正的分值"),
    "returned": _("退回的分值"),
    "per_day": _("每逾期 1 个工作日的分值"),
    # review dimensions
    "quality": _("服务质量"),
    "timeliness": _("服务时效"),
    "attitude": _("服务态度"),
    "fee_compliance": _("收费规范"),
    "payment_timeliness": _("付款及时"),
    "cooperation": _("配合程度"),
    "integrity": _("诚信履约"),
}


def rule_path_label(path):
    """"agency.events.review.per_star" in words: 中介机构 › 事件 › 双方评价 › 每…分值."""
    parts = [part for part in str(path).split(".") if part]
    words = []
    for index, part in enumerate(parts):
        key = "review_event" if part == "review" and index > 0 and parts[index - 1] == "events" else part
        if index > 0 and parts[index - 1] == "weights":
            key = f"weight_{part}"
        words.append(str(PART_LABELS.get(key, part)))
    return " › ".join(words)


RULE_MESSAGES = {
    "not_a_number": _("“%(where)s”须填写数字。"),
    "out_of_range": _("“%(where)s”超出允许的范围。"),
    "unknown_event": _("“%(where)s”不是平台认可的信用事件。"),
    "not_a_table": _("“%(where)s”的格式不正确。"),
    "levels_missing": _("“%(where)s”须为一般、较重、严重三档情节分别规定分值。"),
    "grades_missing": _("“%(where)s”须规定 A、B、C 三级的分数线。"),
    "grades_overlap": _("%(profile)s的等级分数线重叠：A 须高于 B，B 须高于 C。"),
    "suspend_above_watch": _("%(profile)s的暂停参与选取线不能高于重点关注线。"),
    "events_missing": _("“%(where)s”至少须有一类信用事件。"),
    "redlist_grade": _("红名单的等级须为 A、B、C 之一。"),
    "default_review_missing": _("“%(where)s”须为每一项评价指标规定默认分。"),
    "weights_missing": _("“%(where)s”须为业主评价、审批部门评价、平台记录三方分别规定权重。"),
    "owner_weight_zero": _("业主评价的权重须大于 0（审批部门评价和平台记录按与它的比例计分）。"),
}


class RuleSetRefused(DomainError):
    """engine.RuleSetInvalid in words, shown next to the form field it names (the publish form's
    fields are named by the rule's path with "__" for ".")."""

    default_message = _("信用评价规则未通过检查，不能发布。")

    def __init__(self, code="", detail=""):
        self.code, self.detail = code, detail
        template = RULE_MESSAGES.get(code)
        message = None
        if template is not None:
            profile = str(detail).split(".")[0]
            message = str(template) % {
                "where": rule_path_label(detail), "profile": str(PART_LABELS.get(profile, profile))}
        super().__init__(message, field=str(detail).replace(".", "__") or None)

    @classmethod
    def from_invalid(cls, invalid):
        return cls(invalid.code, invalid.detail)
