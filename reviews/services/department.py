"""The approving department's rating (审批部门评价) of a service's deliverable: one write.

`department_rating_record` — a regulator of the item's approving department rates the signed
contract's deliverable once the job was accepted: first pass, corrections demanded, returned or
not, with a note. The rules are reviews/department_rules.py; the rating is public at once on the
agency's page, and its audit entry (DEPARTMENT_RATE) makes the credit part recompute the
agency's score (reviews/credit/triggers.py), where the rating counts by the rule set's weights."""
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.actions import Action
from audit.services import audit_record
from contracts.models import Contract
from core.notifications import notify
from providers.access import is_active_regulator, members_of

from .. import department_rules
from ..errors.department import DepartmentRatingAlreadyGiven, DepartmentRatingRegulatorOnly
from ..models import DepartmentRating


def _lock(contract_id):
    return (Contract.objects.select_for_update(of=("self",))
            .select_related("job__item__approving_department__region").get(pk=contract_id))


@transaction.atomic
def department_rating_record(*, actor, contract, first_pass, corrections, returned, note=""):
    """Record the approving department's rating of `contract`'s deliverable. Refused, writing
    nothing, unless `actor` is a regulator on duty of the department approving the item, the job
    was accepted or completed, the contract has no rating yet, and the values are consistent
    (first pass: no correction, not returned; otherwise corrections or returned)."""
    if not is_active_regulator(actor):
        raise DepartmentRatingRegulatorOnly()
    regulator = actor.regulator
    note = str(note or "").replace("\x00", "").strip()
    problem = department_rules.values_refusal(first_pass=bool(first_pass), corrections=corrections,
                                              returned=bool(returned), note=note)
    contract = _lock(contract.pk)
    refusal = department_rules.rating_refusal(
        regulator, contract, already_rated=DepartmentRating.objects.filter(contract=contract).exists())
    if refusal is not None:
        raise refusal
    if problem is not None:
        raise problem
    try:
        with transaction.atomic():
            rating = DepartmentRating.objects.create(
                contract=contract, agency_id=contract.agency_id, department_id=regulator.department_id,
                first_pass=bool(first_pass), corrections=corrections, returned=bool(returned), note=note,
                rated_by=actor, rated_at=timezone.now())
    except IntegrityError:  # another regulator's rating of this contract came first
        raise DepartmentRatingAlreadyGiven() from None
    audit_record(actor=actor, action=Action.DEPARTMENT_RATE, obj=rating,
                 after={"contract": contract.number, "agency": contract.agency_id,
                        "department": regulator.department_id, "first_pass": rating.first_pass,
                        "corrections": rating.corrections, "returned": rating.returned, "note": note})
    notify(members_of({contract.agency_id, contract.owner_id}),
           title=_("审批部门已评价服务成果：%(title)s") % {"title": contract.job.title},
           body=_("%(department)s对合同 %(number)s 的服务成果作出评价：%(summary)s。评价在中介机构的公开页面公示，"
                  "并按信用评价规则计入中介机构的信用分。")
           % {"department": str(contract.job.item.approving_department), "number": contract.number,
              "summary": department_rules.summary(rating)},
           link=reverse("contracts:contract", args=[contract.pk]))
    return rating
