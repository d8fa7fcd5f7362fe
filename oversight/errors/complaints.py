"""Named refusals of complaints (oversight), each with its message in one place."""
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError, NotAllowed

__all__ = [
    "ComplaintSubjectRequired", "ComplaintAgencyRequired", "ComplaintOwnerRequired", "ComplaintJobUnknown",
    "ComplaintItemUnknown", "ComplaintSummaryRequired", "ComplaintSummaryTooLong", "ComplaintDetailsRequired",
    "ComplaintContactRequired", "ComplaintEmailInvalid", "ComplaintPhoneInvalid", "ComplaintNameRequired",
    "ComplaintTooManyFiles", "ComplaintNoDepartment", "ComplaintNotHandler", "ComplaintWrongStatus",
    "ComplaintTransferSameDepartment", "ComplaintTransferReasonRequired", "ComplaintTransferDepartmentUnknown",
    "ComplaintOutcomeRequired", "ComplaintDecisionInvalid", "ComplaintResponsibleRequired",
    "ComplaintResponsibleNotConcerned",
]


# --- filing ----------------------------------------------------------------------------------


class ComplaintSubjectRequired(DomainError):
    default_message = _("请选择投诉对象：中介机构、项目业主或项目。")


class ComplaintAgencyRequired(DomainError):
    default_message = _("请指明被投诉的中介机构。")


class ComplaintOwnerRequired(DomainError):
    default_message = _("请指明被投诉的项目业主。")


class ComplaintJobUnknown(DomainError):
    default_message = _("所涉项目不存在，请核对项目编号。")


class ComplaintItemUnknown(DomainError):
    default_message = _("所选服务事项不存在。")


class ComplaintSummaryRequired(DomainError):
    default_message = _("请填写投诉事由。")


class ComplaintSummaryTooLong(DomainError):
    default_message = _("投诉事由不能超过 100 个字，详细情况请写在投诉内容中。")


class ComplaintDetailsRequired(DomainError):
    default_message = _("请填写投诉内容（事实经过、诉求）。")


class ComplaintContactRequired(DomainError):
    default_message = _("请至少留下一种联系方式（电话或邮箱），以便告知办理结果；匿名投诉也须留下联系方式。")


class ComplaintEmailInvalid(DomainError):
    default_message = _("联系邮箱格式不正确。")


class ComplaintPhoneInvalid(DomainError):
    default_message = _("联系电话格式不正确（只能包含数字、空格、“-”和“+”，5 至 30 位）。")


class ComplaintNameRequired(DomainError):
    default_message = _("实名投诉请填写投诉人姓名；不愿留名请选择匿名投诉。")


class ComplaintTooManyFiles(DomainError):
    default_message = _("证据材料最多上传 5 个文件。")


class ComplaintNoDepartment(DomainError):
    default_message = _("暂无可受理该投诉的部门（平台运营机构未设置），请联系平台管理员。")


# --- handling --------------------------------------------------------------------------------


class ComplaintNotHandler(NotAllowed):
    default_message = _("只有承办部门的在岗监管人员可以办理该投诉。")


class ComplaintWrongStatus(DomainError):
    default_message = _("该投诉当前状态下不能执行此操作（可能已被他人处理），请刷新页面。")


class ComplaintTransferSameDepartment(DomainError):
    default_message = _("请选择另一个部门转办。")


class ComplaintTransferReasonRequired(DomainError):
    default_message = _("请填写转办理由。")


class ComplaintTransferDepartmentUnknown(DomainError):
    default_message = _("所选部门不存在。")


class ComplaintOutcomeRequired(DomainError):
    default_message = _("请填写处理结果及理由（将公开发布，请勿包含投诉人身份信息）。")


class ComplaintDecisionInvalid(DomainError):
    default_message = _("办结结论只能是：投诉成立、投诉不成立或不予受理。")


class ComplaintResponsibleRequired(DomainError):
    default_message = _("投诉成立时须指明责任主体（被投诉的中介机构或项目业主）。")


class ComplaintResponsibleNotConcerned(DomainError):
    default_message = _("责任主体须为该投诉所涉的中介机构或项目业主。")
