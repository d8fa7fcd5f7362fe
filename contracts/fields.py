"""The marked fields (填写项) of a contract template, and the kinds of its clauses.

A template's clauses are locked text; the places a contract fills in are written in a clause as
`{{key}}` with a key of FIELDS. Some fields come from the award and nobody edits them (the
parties, the project, the price, the promised time); the owner fills the others in the draft.
"""
from django.utils.translation import gettext_lazy as _

# key -> label; the order is the order the draft form shows them in.
FIELDS = {
    "owner_name": _("甲方（项目业主）"),
    "owner_code": _("甲方统一社会信用代码"),
    "agency_name": _("乙方（中介机构）"),
    "agency_code": _("乙方统一社会信用代码"),
    "project_name": _("项目名称"),
    "project_code": _("投资项目代码"),
    "item_name": _("服务事项"),
    "price": _("合同价款（元）"),
    "service_days": _("承诺服务时限（工作日）"),
    "scope": _("服务范围与内容"),
    "start_date": _("服务开始日期"),
    "end_date": _("服务完成日期"),
    "milestones": _("付款节点"),
    "deliverables": _("成果文件"),
    "acceptance_criteria": _("验收标准"),
    "acceptance_days": _("验收期限（工作日）"),
    "special_terms": _("专用条款"),
}

# Filled from the job and the winning bid; fixed for every round of the contract.
FROM_AWARD = ("owner_name", "owner_code", "agency_name", "agency_code", "project_name", "project_code",
              "item_name", "price", "service_days")
# What the owner fills in (the milestones are a structured plan, see services/drafting.py).
EDITABLE = ("scope", "start_date", "end_date", "milestones", "deliverables", "acceptance_criteria",
            "acceptance_days", "special_terms")


class ClauseKind:
    """What a clause is about. A template must have at least one clause of each MANDATORY kind."""

    GENERAL = "general"
    SCOPE = "scope"
    PRICE = "price"
    PAYMENT = "payment"
    SCHEDULE = "schedule"
    DELIVERABLES = "deliverables"
    ACCEPTANCE = "acceptance"
    BREACH = "breach"
    DISPUTE = "dispute"
    CONFIDENTIALITY = "confidentiality"
    TERMINATION = "termination"
    SPECIAL = "special"

    CHOICES = [
        (GENERAL, _("一般条款")),
        (SCOPE, _("服务范围")),
        (PRICE, _("合同价款")),
        (PAYMENT, _("支付方式")),
        (SCHEDULE, _("服务期限")),
        (DELIVERABLES, _("成果交付")),
        (ACCEPTANCE, _("验收")),
        (BREACH, _("违约责任")),
        (DISPUTE, _("争议解决")),
        (CONFIDENTIALITY, _("保密")),
        (TERMINATION, _("合同解除")),
        (SPECIAL, _("专用条款")),
    ]
    MANDATORY = (ACCEPTANCE, BREACH, DISPUTE, CONFIDENTIALITY)
