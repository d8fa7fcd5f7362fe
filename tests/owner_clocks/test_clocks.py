"""Clocks on both sides: the owner's steps are timed, its late working days stop the agency's
service clock. Every figure below is counted by hand on the March 2026 calendar (Mon 2, 9, 16,
23), with Wed 11 March made a public holiday (core.models.CalendarDay) to show the calendar is
the platform's, not plain weekdays."""
import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.actions import Action
from audit.models import AuditEntry
from bidding.models import Job
from contracts.models import Contract, OwnerStep
from contracts.services import delivery, drafting, payments, signing, termination
from contracts.services.clock import advance_due_contracts
from core.models import CalendarDay, Notice
from tests.contracts.conftest import PASSWORD, TERMS, plan

from .conftest import at

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
K = OwnerStep.Kind


def pdf(name="报告.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def sign_both(scene, contract):
    signing.contract_sign(actor=scene.owner_user, contract=contract, secret=PASSWORD, seen_hash=contract.text_hash)
    return signing.contract_sign(actor=scene.agency_user, contract=contract, secret=PASSWORD,
                                 seen_hash=contract.text_hash)


def signed_on_2_march(scene, amounts=("30000", "30000")):
    """Awarded Mon 2 March 09:00; the contract drafted, offered and signed by both the same day."""
    Job.objects.filter(pk=scene.job.pk).update(awarded_at=at(2, 9))
    scene.job.refresh_from_db()
    with time_machine.travel(at(2), tick=False):
        contract = drafting.contract_create(actor=scene.owner_user, job=scene.job)
        contract = drafting.contract_update(actor=scene.owner_user, contract=contract, values=TERMS,
                                            milestone_plan=plan(*amounts))
        contract = drafting.contract_offer(actor=scene.owner_user, contract=contract)
        return sign_both(scene, contract)


def step(kind, **filters):
    return OwnerStep.objects.get(kind=kind, **filters)


def test_owner_late_paying_stops_the_agency_clock(scene, short_clocks):
    CalendarDay.objects.create(date=datetime.date(2026, 3, 11), kind=CalendarDay.Kind.HOLIDAY, name="测试假日")
    contract = signed_on_2_march(scene)
    first, second = contract.milestones.order_by("number")
    with time_machine.travel(at(3), tick=False):
        d1 = delivery.delivery_submit(actor=scene.agency_user, milestone=first, note="", files=[pdf()])
    with time_machine.travel(at(4), tick=False):
        delivery.delivery_accept(actor=scene.owner_user, delivery=d1)
    pay = step(K.PAY_MILESTONE, milestone=first)
    # Due 3 working days after Wed 4: Thu 5, Fri 6, Mon 9 → end of Mon 9 March.
    assert pay.due_at == at(9, 23, 59).replace(second=59) and pay.done_at is None
    # Fri 13 at 10:00 the clock runs: late Tue 10, (Wed 11 holiday), Thu 12, Fri 13 = 3.
    with time_machine.travel(at(13), tick=False):
        payments.payment_record_offline(actor=scene.owner_user, milestone=first, reference="GK-1",
                                        paid_on=datetime.date(2026, 3, 13), files=[pdf("凭证.pdf")])
    pay.refresh_from_db()
    assert (pay.outcome, pay.late_days) == (OwnerStep.Outcome.DONE, 3)
    with time_machine.travel(at(16), tick=False):
        d2 = delivery.delivery_submit(actor=scene.agency_user, milestone=second, note="", files=[pdf()])
    with time_machine.travel(at(17), tick=False):
        delivery.delivery_accept(actor=scene.owner_user, delivery=d2)
    contract.refresh_from_db()
    # From Mon 2 (not counted) to Mon 16: Tue 3 … Fri 6 (4), Mon 9, Tue 10, Thu 12, Fri 13 (4),
    # Mon 16 (1) = 9 working days; the owner was late on Tue 10, Thu 12, Fri 13 = 3; the agency 6.
    assert contract.owner_late_days == 3
    assert contract.working_days_taken == 6
    assert contract.days_late_promise == 6 - 15
    assert Job.objects.get(pk=scene.job.pk).status == Job.Status.ACCEPTED
    accept = AuditEntry.objects.filter(action=Action.JOB_ACCEPT).get()
    assert accept.after["working_days_taken"] == 6 and accept.after["owner_late_days"] == 3
    # The contract page shows both clocks.
    from django.test import Client

    client = Client()
    client.force_login(scene.agency_user)
    with time_machine.travel(at(18), tick=False):
        page = client.get(reverse("contracts:contract", args=[contract.pk])).content.decode()
    assert "双向计时" in page and "其中业主逾期（不计入中介机构用时）" in page
    assert "9 个工作日" in page and "3 个工作日" in page and "<strong>6 个工作日</strong>" in page


def test_late_days_inside_the_service_only(scene, short_clocks):
    """Owner days late after the last delivery do not change the agency's figure: the pay step
    of the last milestone opens at its acceptance, after the clock stopped."""
    contract = signed_on_2_march(scene, amounts=("60000",))
    only = contract.milestones.get()
    with time_machine.travel(at(5), tick=False):
        d = delivery.delivery_submit(actor=scene.agency_user, milestone=only, note="", files=[pdf()])
    with time_machine.travel(at(20), tick=False):  # decided a day after its deadline
        delivery.delivery_accept(actor=scene.owner_user, delivery=d)
    contract.refresh_from_db()
    # Tue 3, Wed 4, Thu 5 = 3 working days; nothing late inside.
    assert (contract.working_days_taken, contract.owner_late_days) == (3, 0)
    decide = step(K.DECIDE_DELIVERY, delivery=d)
    # Thu 5 → Fri 20: Fri 6, 9–13, 16–20 = 11 working days; due 10 working days later (Thu 19 end)
    assert decide.due_at == at(19, 23, 59).replace(second=59)
    assert decide.late_days == 1 and decide.outcome == OwnerStep.Outcome.DONE


def test_the_live_service_clock_on_the_page_while_the_owner_is_late(scene, short_clocks):
    contract = signed_on_2_march(scene)
    first = contract.milestones.order_by("number").first()
    with time_machine.travel(at(3), tick=False):
        d1 = delivery.delivery_submit(actor=scene.agency_user, milestone=first, note="", files=[pdf()])
    with time_machine.travel(at(4), tick=False):
        delivery.delivery_accept(actor=scene.owner_user, delivery=d1)
    from django.test import Client

    client = Client()
    client.force_login(scene.owner_user)
    # Thu 12: span Tue 3 … Thu 12 = 8 working days (no holiday here); the payment due Mon 9 is
    # late Tue 10, Wed 11, Thu 12 = 3; the agency's clock shows 5.
    with time_machine.travel(at(12), tick=False):
        page = client.get(reverse("contracts:contract", args=[contract.pk])).content.decode()
    assert "服务进行中" in page and "8 个工作日" in page and "<strong>5 个工作日</strong>" in page
    assert "已逾期，办理中" in page
    # The page wrote nothing: the stored late days are the clock's to write.
    assert step(K.PAY_MILESTONE, milestone=first).late_days == 0


def test_the_clock_counts_late_days_and_tells_the_owner_once(scene, short_clocks):
    CalendarDay.objects.create(date=datetime.date(2026, 3, 11), kind=CalendarDay.Kind.HOLIDAY, name="测试假日")
    contract = signed_on_2_march(scene)
    first = contract.milestones.order_by("number").first()
    with time_machine.travel(at(3), tick=False):
        d1 = delivery.delivery_submit(actor=scene.agency_user, milestone=first, note="", files=[pdf()])
    with time_machine.travel(at(4), tick=False):
        delivery.delivery_accept(actor=scene.owner_user, delivery=d1)
    pay = step(K.PAY_MILESTONE, milestone=first)
    with time_machine.travel(at(9, 23, 0), tick=False):  # not yet due
        assert advance_due_contracts()["owner_late"] == []
    notices = Notice.objects.filter(user=scene.owner_user, title__startswith="办理逾期").count
    with time_machine.travel(at(11, 12), tick=False):  # Tue 10 late, Wed 11 holiday
        assert advance_due_contracts()["owner_late"] == [pay.pk]
        assert advance_due_contracts()["owner_late"] == []  # again: nothing more
    pay.refresh_from_db()
    assert pay.late_days == 1 and pay.done_at is None and notices() == 1
    with time_machine.travel(at(12, 12), tick=False):
        assert advance_due_contracts()["owner_late"] == [pay.pk]
    pay.refresh_from_db()
    assert pay.late_days == 2 and notices() == 1
    assert AuditEntry.objects.filter(action=Action.OWNER_STEP_LATE).count() == 1


def test_days_to_sign_run_from_the_award(scene, short_clocks):
    Job.objects.filter(pk=scene.job.pk).update(awarded_at=at(2, 9))
    scene.job.refresh_from_db()
    with time_machine.travel(at(2), tick=False):
        contract = drafting.contract_create(actor=scene.owner_user, job=scene.job)
        contract = drafting.contract_update(actor=scene.owner_user, contract=contract, values=TERMS,
                                            milestone_plan=plan("60000"))
        contract = drafting.contract_offer(actor=scene.owner_user, contract=contract)
    sign = step(K.SIGN, contract=contract)
    assert sign.started_at == at(2, 9) and sign.due_at == at(4, 23, 59).replace(second=59)  # Tue 3, Wed 4
    with time_machine.travel(at(3), tick=False):
        signing.contract_sign(actor=scene.agency_user, contract=contract, secret=PASSWORD, seen_hash=contract.text_hash)
    sign.refresh_from_db()
    assert sign.done_at is None  # the agency's signature is not the owner's step
    with time_machine.travel(at(6), tick=False):
        signing.contract_sign(actor=scene.owner_user, contract=contract, secret=PASSWORD, seen_hash=contract.text_hash)
    sign.refresh_from_db()
    assert (sign.done_at, sign.late_days, sign.outcome) == (at(6), 2, OwnerStep.Outcome.DONE)  # Thu 5, Fri 6
    assert Contract.objects.get(pk=contract.pk).status == Contract.Status.SIGNED


def test_a_delivery_left_undecided_lapses_without_late_days(scene, short_clocks):
    contract = signed_on_2_march(scene, amounts=("60000",))
    with time_machine.travel(at(3), tick=False):
        d = delivery.delivery_submit(actor=scene.agency_user, milestone=contract.milestones.get(), note="",
                                     files=[pdf()])
    # Due end of Tue 17 (10 working days after Tue 3); the clock gets to it only on Thu 19.
    with time_machine.travel(at(19), tick=False):
        advance_due_contracts()
    decide = step(K.DECIDE_DELIVERY, delivery=d)
    assert decide.outcome == OwnerStep.Outcome.LAPSED and decide.late_days == 0
    pay = step(K.PAY_MILESTONE, milestone=d.milestone)
    assert pay.done_at is None and pay.started_at == at(19)


def test_paid_before_acceptance_is_on_time(scene, short_clocks):
    contract = signed_on_2_march(scene, amounts=("60000",))
    only = contract.milestones.get()
    with time_machine.travel(at(3), tick=False):
        payments.payment_record_offline(actor=scene.owner_user, milestone=only, reference="GK-0",
                                        paid_on=datetime.date(2026, 3, 3), files=[pdf("凭证.pdf")])
        d = delivery.delivery_submit(actor=scene.agency_user, milestone=only, note="", files=[pdf()])
    with time_machine.travel(at(4), tick=False):
        delivery.delivery_accept(actor=scene.owner_user, delivery=d)
    pay = step(K.PAY_MILESTONE, milestone=only)
    assert (pay.done_at, pay.late_days, pay.outcome) == (at(4), 0, OwnerStep.Outcome.DONE)


def test_termination_and_refusal_end_open_steps(scene, short_clocks):
    contract = signed_on_2_march(scene)
    first = contract.milestones.order_by("number").first()
    with time_machine.travel(at(3), tick=False):
        d1 = delivery.delivery_submit(actor=scene.agency_user, milestone=first, note="", files=[pdf()])
    with time_machine.travel(at(4), tick=False):
        termination.termination_propose(actor=scene.owner_user, contract=contract, reason="项目取消")
        termination.termination_confirm(actor=scene.agency_user, contract=contract)
    decide = step(K.DECIDE_DELIVERY, delivery=d1)
    assert (decide.outcome, decide.done_at, decide.late_days) == (OwnerStep.Outcome.ENDED, at(4), 0)
    assert not OwnerStep.objects.filter(done_at__isnull=True).exists()


def test_a_refusal_to_sign_ends_the_owner_sign_step(scene, short_clocks):
    from contracts.services.refusal import refusal_record_if_due

    Job.objects.filter(pk=scene.job.pk).update(awarded_at=at(2, 9))
    scene.job.refresh_from_db()
    with time_machine.travel(at(2), tick=False):
        contract = drafting.contract_create(actor=scene.owner_user, job=scene.job)
        contract = drafting.contract_update(actor=scene.owner_user, contract=contract, values=TERMS,
                                            milestone_plan=plan("60000"))
        contract = drafting.contract_offer(actor=scene.owner_user, contract=contract)
    # The agency's 5 working days end Mon 9; recorded Tue 10: the owner (due Wed 4, never signed)
    # was late Thu 5, Fri 6, Mon 9, Tue 10 = 4.
    with time_machine.travel(at(10), tick=False):
        assert refusal_record_if_due(contract.pk)
    sign = step(K.SIGN, contract=contract)
    assert (sign.outcome, sign.late_days) == (OwnerStep.Outcome.ENDED, 4)
