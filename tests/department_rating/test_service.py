"""The approving department's rating (审批部门评价), service by service: a regulator of the item's
approving department rates a signed contract's deliverable once its job was accepted; every
other case refused with its message, nothing written."""
import pytest
from django.utils import timezone

from audit.actions import Action
from audit.models import AuditEntry
from bidding.models import Job
from core.models import Notice
from reviews.errors.department import (
    DepartmentRatingAlreadyGiven,
    DepartmentRatingCorrectionsInvalid,
    DepartmentRatingInconsistent,
    DepartmentRatingNoteTooLong,
    DepartmentRatingNotYet,
    DepartmentRatingOtherDepartment,
    DepartmentRatingRegulatorOnly,
)
from reviews.models import DepartmentRating
from reviews.services.department import department_rating_record
from tests.factories import (
    DepartmentFactory,
    MembershipFactory,
    RegulatorFactory,
    UserFactory,
    accepted_contract,
    rater_for,
)
from tests.writes import nothing_written

pytestmark = pytest.mark.django_db


def rate(actor, contract, first_pass=True, corrections=0, returned=False, note=""):
    return department_rating_record(actor=actor, contract=contract, first_pass=first_pass,
                                    corrections=corrections, returned=returned, note=note)


def test_the_department_rates_an_accepted_job_once_and_the_parties_are_told():
    contract = accepted_contract()
    agency_member = MembershipFactory(organisation=contract.agency).user
    owner_member = MembershipFactory(organisation=contract.owner).user
    rater = rater_for(contract)
    rating = rate(rater, contract, first_pass=False, corrections=2, returned=True,
                  note="图件比例尺不符，补正两次后退回。")
    assert (rating.agency, rating.department, rating.rated_by) == (
        contract.agency, contract.job.item.approving_department, rater)
    assert (rating.first_pass, rating.corrections, rating.returned, rating.level) == (False, 2, True, "returned")
    entry = AuditEntry.objects.get(action=Action.DEPARTMENT_RATE)
    assert entry.actor_id == rater.pk and entry.after["corrections"] == 2 and entry.after["returned"] is True
    notices = Notice.objects.filter(user__in=[agency_member, owner_member])
    assert notices.count() == 2
    assert "要求补正 2 次，退回" in notices.first().body


def test_a_completed_job_may_be_rated_too():
    contract = accepted_contract(status=Job.Status.COMPLETED)
    assert rate(rater_for(contract), contract).level == "first_pass"


def test_a_rating_for_a_job_of_another_department_is_refused():
    contract = accepted_contract()
    other = RegulatorFactory(department=DepartmentFactory(name="自然资源局")).user
    with pytest.raises(DepartmentRatingOtherDepartment) as refused, nothing_written(DepartmentRating):
        rate(other, contract)
    department = contract.job.item.approving_department
    assert str(refused.value) == (f"这个项目的服务事项由{department}审批，只有该部门的监管人员可以评价；"
                                  "您所在的部门不能评价。")


@pytest.mark.parametrize("who", ["plain user", "inactive regulator", "agency member"])
def test_only_a_regulator_on_duty_may_rate(who):
    contract = accepted_contract()
    actor = {
        "plain user": lambda: UserFactory(),
        "inactive regulator": lambda: rater_for(contract, is_active=False),
        "agency member": lambda: MembershipFactory(organisation=contract.agency).user,
    }[who]()
    with pytest.raises(DepartmentRatingRegulatorOnly) as refused, nothing_written(DepartmentRating):
        rate(actor, contract)
    assert str(refused.value) == "只有在岗的审批部门监管人员可以评价服务成果。"


@pytest.mark.parametrize("status", [Job.Status.CONTRACTED, Job.Status.IN_SERVICE, Job.Status.DELIVERED])
def test_before_the_acceptance_the_rating_is_refused(status):
    contract = accepted_contract(status=status)
    with pytest.raises(DepartmentRatingNotYet) as refused, nothing_written(DepartmentRating):
        rate(rater_for(contract), contract)
    assert str(refused.value) == "项目尚未验收通过，审批部门须在服务成果用于审批之后才能评价。"


def test_a_terminated_contract_is_not_rated():
    contract = accepted_contract()
    contract.status = contract.Status.TERMINATED
    contract.save(update_fields=["status"])
    with pytest.raises(DepartmentRatingNotYet), nothing_written(DepartmentRating):
        rate(rater_for(contract), contract)


def test_a_second_rating_is_refused_and_the_first_stands():
    contract = accepted_contract()
    rater = rater_for(contract)
    rate(rater, contract)
    with pytest.raises(DepartmentRatingAlreadyGiven) as refused, nothing_written(DepartmentRating):
        rate(rater_for(contract), contract, first_pass=False, corrections=1)
    assert str(refused.value) == "这份服务成果已由审批部门评价过，每份合同只评价一次，评价后不能修改。"
    assert DepartmentRating.objects.get().first_pass is True


@pytest.mark.parametrize("values,error,field", [
    ({"first_pass": True, "corrections": 1}, DepartmentRatingInconsistent, "first_pass"),
    ({"first_pass": True, "returned": True}, DepartmentRatingInconsistent, "first_pass"),
    ({"first_pass": False}, DepartmentRatingInconsistent, "first_pass"),
    ({"first_pass": False, "corrections": 100}, DepartmentRatingCorrectionsInvalid, "corrections"),
    ({"first_pass": False, "corrections": -1}, DepartmentRatingCorrectionsInvalid, "corrections"),
    ({"first_pass": False, "corrections": "2"}, DepartmentRatingCorrectionsInvalid, "corrections"),
    ({"note": "长" * 2001}, DepartmentRatingNoteTooLong, "note"),
])
def test_inconsistent_values_are_refused_with_the_field_named(values, error, field):
    contract = accepted_contract()
    with pytest.raises(error) as refused, nothing_written(DepartmentRating):
        rate(rater_for(contract), contract, **values)
    assert refused.value.field == field
    if error is DepartmentRatingInconsistent:
        assert str(refused.value) == ("“一次通过”的成果不应有补正或退回；未一次通过的，"
                                      "请填写要求补正的次数或勾选“退回”。")
    if error is DepartmentRatingNoteTooLong:
        assert str(refused.value) == "评价说明不能超过 2000 字。"


def test_the_database_refuses_an_inconsistent_row_too():
    from django.db import IntegrityError, transaction

    from tests.factories import DepartmentRatingFactory

    with pytest.raises(IntegrityError), transaction.atomic():
        DepartmentRatingFactory(first_pass=True, corrections=1, rated_at=timezone.now())
