"""Refusals of the blacklist part (see reviews/errors/__init__.py)."""
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError, NotAllowed

__all__ = [
    "BlacklistNotARegulator", "BlacklistNotAnAgency", "BlacklistFactsRequired", "BlacklistBasisRequired",
    "BlacklistYearsOutOfRange", "BlacklistEvidenceRequired", "BlacklistManagerInvalid",
    "BlacklistManagerDuplicate", "BlacklistProposalPending", "BlacklistAlreadyInForce",
    "BlacklistProposerCannotDecide", "BlacklistNotPending", "BlacklistNoteRequired",
    "RepairNotAgencyAdmin", "RepairEntryNotInForce", "RepairPendingAlready", "RepairRectificationRequired",
    "RepairEvidenceRequired", "RepairNotARegulator", "RepairNotPending", "RepairReasonRequired",
]


# --- proposing and deciding -----------------------------------------------------------------


class BlacklistNotARegulator(NotAllowed):
    default_message = _("只有在岗的监管人员可以提出或复核列入黑名单。")


class BlacklistNotAnAgency(DomainError):
    default_message = _("只有中介机构可以被列入黑名单。")


class BlacklistFactsRequired(DomainError):
    default_message = _("请填写失信事实。")


class BlacklistBasisRequired(DomainError):
    default_message = _("请填写认定依据（法律法规或制度条款）。")


class BlacklistYearsOutOfRange(DomainError):
    default_message = _("列入黑名单的期限须为 1 至 3 年。")


class BlacklistEvidenceRequired(DomainError):
    default_message = _("请上传至少一份证据材料（PDF、JPEG 或 PNG）。")


class BlacklistManagerInvalid(DomainError):
    """A named senior manager's line is incomplete or their number invalid; the message says which."""

    default_message = _("高级管理人员的姓名或身份证号码有误。")


class BlacklistManagerDuplicate(DomainError):
    default_message = _("同一人员（身份证号码相同）被填写了两次。")


class BlacklistProposalPending(DomainError):
    default_message = _("该机构已有一条待复核的列入黑名单提议，请等待复核后再提出。")


class BlacklistAlreadyInForce(DomainError):
    default_message = _("该机构已在黑名单中，期满或信用修复前不能再次提出。")


class BlacklistProposerCannotDecide(NotAllowed):
    default_message = _("提出人不能复核自己的提议：须由另一名监管人员复核。")


class BlacklistNotPending(DomainError):
    default_message = _("该提议已经复核，不能重复处理。")


class BlacklistNoteRequired(DomainError):
    default_message = _("请填写复核意见（不同意的理由）。")


# --- credit repair --------------------------------------------------------------------------


class RepairNotAgencyAdmin(NotAllowed):
    default_message = _("只有该机构的管理员可以申请信用修复。")


class RepairEntryNotInForce(DomainError):
    default_message = _("只有在列（已复核列入且尚未期满、尚未修复）的黑名单记录可以申请信用修复。")


class RepairPendingAlready(DomainError):
    default_message = _("该记录已有一份待审核的信用修复申请，请等待审核结果。")


class RepairRectificationRequired(DomainError):
    default_message = _("请填写整改情况。")


class RepairEvidenceRequired(DomainError):
    default_message = _("请上传至少一份整改证明材料（PDF、JPEG 或 PNG）。")


class RepairNotARegulator(NotAllowed):
    default_message = _("只有在岗的监管人员可以审核信用修复申请。")


class RepairNotPending(DomainError):
    default_message = _("该申请已经审核，不能重复处理。")


class RepairReasonRequired(DomainError):
    default_message = _("请填写审核意见（不予修复的理由）。")
