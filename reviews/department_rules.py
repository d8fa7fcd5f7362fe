"""The approving department's rating (审批部门评价): who may rate which contract, and when — the
one home of these rules, called by the service (reviews/services/department.py) and by the
pages (their `can_rate` flags and the list of contracts awaiting a rating).

- Who: a regulator on duty of the department that approves the contract's service item
  (`ServiceItem.approving_department`); any other department is refused.
- When: after the approval the service served, i.e. once the job was accepted (已验收) or
  completed (已完成), on its signed contract; once per contract, never changed afterwards.
- What: accepted at the first submission (一次通过: no correction, not returned), or the number
  of corrections demanded (补正, 0–99) and whether it was returned (退回): one of the two."""
from django.utils.translation import gettext as _

from bidding.models import Job
from contracts.models import Contract

from .errors.department import (
    DepartmentRatingAlreadyGiven,
    DepartmentRatingCorrectionsInvalid,
    DepartmentRatingInconsistent,
    DepartmentRatingNoteTooLong,
    DepartmentRatingNotYet,
    DepartmentRatingOtherDepartment,
)

RATEABLE_JOB_STATUSES = (Job.Status.ACCEPTED, Job.Status.COMPLETED)
CORRECTIONS_MAX = 99
NOTE_MAX = 2000


def rateable_q(prefix=""):
    """The contracts a department may rate by their state (a Q over Contract, or over a model
    reaching it through `prefix`, e.g. "contract__")."""
    from django.db.models import Q

    return Q(**{f"{prefix}status": Contract.Status.SIGNED, f"{prefix}job__status__in": RATEABLE_JOB_STATUSES})


def is_rating_department(regulator, contract) -> bool:
    """Whether `regulator` belongs to the department approving the contract's service item."""
    return regulator is not None and regulator.department_id == contract.job.item.approving_department_id


def rating_refusal(regulator, contract, *, already_rated):
    """The refusal (an error instance) of a rating of `contract` by `regulator`, or None."""
    if not is_rating_department(regulator, contract):
        department = contract.job.item.approving_department
        return DepartmentRatingOtherDepartment(
            DepartmentRatingOtherDepartment.default_message % {"department": str(department)})
    if contract.status != Contract.Status.SIGNED or contract.job.status not in RATEABLE_JOB_STATUSES:
        return DepartmentRatingNotYet()
    if already_rated:
        return DepartmentRatingAlreadyGiven()
    return None


def values_refusal(*, first_pass, corrections, returned, note):
    """The refusal of the rating's values (an error instance naming its field), or None."""
    if isinstance(corrections, bool) or not isinstance(corrections, int) or not 0 <= corrections <= CORRECTIONS_MAX:
        return DepartmentRatingCorrectionsInvalid(field="corrections")
    if first_pass and (corrections or returned):
        return DepartmentRatingInconsistent(field="first_pass")
    if not first_pass and not corrections and not returned:
        return DepartmentRatingInconsistent(field="first_pass")
    if len(note) > NOTE_MAX:
        return DepartmentRatingNoteTooLong(DepartmentRatingNoteTooLong.default_message % {"n": NOTE_MAX},
                                           field="note")
    return None


def summary(rating):
    """The rating in words: 一次通过 / 要求补正 2 次 / 要求补正 1 次，退回 / 退回."""
    if rating.first_pass:
        return _("一次通过")
    parts = []
    if rating.corrections:
        parts.append(_("要求补正 %(n)s 次") % {"n": rating.corrections})
    if rating.returned:
        parts.append(_("退回"))
    return _("，").join(parts)
