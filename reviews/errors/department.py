"""Refusals of the approving department's rating (审批部门评价; see reviews/errors/__init__.py)."""
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError, NotAllowed

__all__ = [
    "DepartmentRatingRegulatorOnly",
    "DepartmentRatingOtherDepartment",
    "DepartmentRatingNotYet",
    "DepartmentRatingAlreadyGiven",
    "DepartmentRatingInconsistent",
    "DepartmentRatingCorrectionsInvalid",
    "DepartmentRatingNoteTooLong",
]


class DepartmentRatingRegulatorOnly(NotAllowed):
    default_message = _("只有在岗的审批部门监管人员可以评价服务成果。")


class DepartmentRatingOtherDepartment(NotAllowed):
    default_message = _("这个项目的服务事项由%(department)s审批，只有该部门的监管人员可以评价；您所在的部门不能评价。")


class DepartmentRatingNotYet(DomainError):
    default_message = _("项目尚未验收通过，审批部门须在服务成果用于审批之后才能评价。")


class DepartmentRatingAlreadyGiven(DomainError):
    default_message = _("这份服务成果已由审批部门评价过，每份合同只评价一次，评价后不能修改。")


class DepartmentRatingInconsistent(DomainError):
    default_message = _("“一次通过”的成果不应有补正或退回；未一次通过的，请填写要求补正的次数或勾选“退回”。")


class DepartmentRatingCorrectionsInvalid(DomainError):
    default_message = _("要求补正的次数须为 0 至 99 的整数。")


class DepartmentRatingNoteTooLong(DomainError):
    default_message = _("评价说明不能超过 %(n)s 字。")
