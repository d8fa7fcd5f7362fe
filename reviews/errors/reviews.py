"""Refusals of the reviews part (see reviews/errors/__init__.py): the two sides' blind reviews
(双评价), their window, and appeals (申诉)."""
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError, NotAllowed

__all__ = [
    "ReviewPartiesOnly",
    "ReviewWindowNotOpen",
    "ReviewWindowClosed",
    "ReviewScoresInvalid",
    "ReviewTextTooLong",
    "ReviewAlreadySubmitted",
    "AppealRatedSideOnly",
    "AppealReviewNotShown",
    "AppealReviewNotCounted",
    "AppealAlreadyFiled",
    "AppealReasonRequired",
    "AppealRegulatorOnly",
    "AppealAlreadyDecided",
    "AppealDecisionReasonRequired",
]


# --- reviews ----------------------------------------------------------------------------------------

class ReviewPartiesOnly(NotAllowed):
    default_message = _("只有合同双方的成员可以评价本合同。")


class ReviewWindowNotOpen(DomainError):
    default_message = _("服务成果尚未全部提交，评价期还没有开始。")


class ReviewWindowClosed(DomainError):
    default_message = _("评价期已结束，不能再评价；逾期未评价的按默认评价计。")


class ReviewScoresInvalid(DomainError):
    default_message = _("请为每一个评价项目打 1 至 5 分（整数），不多不少。")


class ReviewTextTooLong(DomainError):
    default_message = _("内容不能超过 %(n)s 字。")


class ReviewAlreadySubmitted(DomainError):
    default_message = _("贵方已评价本合同。评价提交后不能修改，也不能再次评价。")


# --- appeals ----------------------------------------------------------------------------------------

class AppealRatedSideOnly(NotAllowed):
    default_message = _("只有被评价方的成员可以对这条评价提出申诉。")


class AppealReviewNotShown(DomainError):
    default_message = _("这条评价尚未公开，公开后方可申诉。")


class AppealReviewNotCounted(DomainError):
    default_message = _("逾期未评价形成的默认评价和已撤销的评价不能申诉。")


class AppealAlreadyFiled(DomainError):
    default_message = _("这条评价已申诉过，每条评价只能申诉一次。")


class AppealReasonRequired(DomainError):
    default_message = _("请写明申诉理由。")


class AppealRegulatorOnly(NotAllowed):
    default_message = _("只有监管该服务事项类别的在岗监管人员可以处理这项申诉。")


class AppealAlreadyDecided(DomainError):
    default_message = _("这项申诉已处理，不能再次处理。")


class AppealDecisionReasonRequired(DomainError):
    default_message = _("请写明处理理由；理由将与评价一并公开。")
