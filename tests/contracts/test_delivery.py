"""Delivery and acceptance: the agency files deliverables, the owner accepts or rejects with
reasons, a delivery not decided in time counts as accepted; lateness is stored for statistics."""
import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEntry
from bidding.models import Job
from contracts.errors import (
    AgencyOnly,
    DeliveryOpen,
    FilesRequired,
    NoOpenDelivery,
    OwnerOnly,
    RejectionReasonRequired,
)
from contracts.models import Contract, Delivery, DeliveryFile, Milestone
from contracts.services import delivery as service
from contracts.services.clock import advance_due_contracts
from core.uploads import UploadRefused

from .helpers import signed

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def report(name="环境影响报告表.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def deliver(scene, milestone, files=None):
    return service.delivery_submit(actor=scene.agency_user, milestone=milestone, note="报告表送审稿",
                                   files=files if files is not None else [report()])


def test_the_agency_delivers_and_the_job_is_delivered(scene):
    contract = signed(scene)
    milestone = contract.milestones.get()
    delivery = deliver(scene, milestone)
    assert delivery.files.count() == 1 and delivery.review_deadline > delivery.submitted_at
    assert Job.objects.get(pk=scene.job.pk).status == Job.Status.DELIVERED
    assert Milestone.objects.get(pk=milestone.pk).status == Milestone.Status.DELIVERED


def test_only_the_agency_delivers_files_that_are_what_they_say(scene):
    contract = signed(scene)
    milestone = contract.milestones.get()
    entries = AuditEntry.objects.count()
    with pytest.raises(AgencyOnly):
        service.delivery_submit(actor=scene.owner_user, milestone=milestone, note="", files=[report()])
    with pytest.raises(FilesRequired):
        deliver(scene, milestone, files=[])
    with pytest.raises(UploadRefused):
        deliver(scene, milestone, files=[report("报告.pdf", b"MZ\x90\x00 this is an executable")])
    assert not Delivery.objects.exists() and not DeliveryFile.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_one_open_delivery_per_milestone(scene):
    contract = signed(scene)
    milestone = contract.milestones.get()
    deliver(scene, milestone)
    with pytest.raises(DeliveryOpen):
        deliver(scene, milestone)
    assert Delivery.objects.count() == 1


def test_rejection_needs_reasons_and_sends_the_job_back_to_service(scene):
    contract = signed(scene)
    delivery = deliver(scene, contract.milestones.get())
    with pytest.raises(RejectionReasonRequired):
        service.delivery_reject(actor=scene.owner_user, delivery=delivery, reason=" ")
    with pytest.raises(OwnerOnly):
        service.delivery_reject(actor=scene.agency_user, delivery=delivery, reason="不行")
    service.delivery_reject(actor=scene.owner_user, delivery=delivery, reason="大气环境影响预测缺少冬季工况。")
    assert Job.objects.get(pk=scene.job.pk).status == Job.Status.IN_SERVICE
    assert Delivery.objects.get(pk=delivery.pk).reason == "大气环境影响预测缺少冬季工况。"
    with pytest.raises(NoOpenDelivery):
        service.delivery_accept(actor=scene.owner_user, delivery=delivery)
    again = deliver(scene, contract.milestones.get())
    service.delivery_accept(actor=scene.owner_user, delivery=again)
    assert Job.objects.get(pk=scene.job.pk).status == Job.Status.COMPLETED or \
        Job.objects.get(pk=scene.job.pk).status == Job.Status.ACCEPTED


def test_an_intermediate_milestone_keeps_the_job_in_service(scene):
    contract = signed(scene, amounts=("20000", "40000"))
    first, second = contract.milestones.order_by("number")
    service.delivery_accept(actor=scene.owner_user, delivery=deliver(scene, first))
    assert Job.objects.get(pk=scene.job.pk).status == Job.Status.IN_SERVICE
    deliver(scene, second)
    assert Job.objects.get(pk=scene.job.pk).status == Job.Status.DELIVERED


def test_undecided_past_the_deadline_counts_as_accepted(scene):
    contract = signed(scene)
    delivery = deliver(scene, contract.milestones.get())
    assert advance_due_contracts()["deemed_accepted"] == []
    with time_machine.travel(delivery.review_deadline + datetime.timedelta(minutes=1)):
        assert advance_due_contracts()["deemed_accepted"] == [delivery.pk]
        assert advance_due_contracts()["deemed_accepted"] == []
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.ACCEPTED and delivery.deemed
    assert Job.objects.get(pk=scene.job.pk).status in (Job.Status.ACCEPTED, Job.Status.COMPLETED)


def test_lateness_against_the_promise_and_the_statutory_limit(scene):
    contract = signed(scene)
    start = contract.signed_at
    with time_machine.travel(start + datetime.timedelta(days=42)):
        delivery = deliver(scene, contract.milestones.get())
        service.delivery_accept(actor=scene.owner_user, delivery=delivery)
    contract.refresh_from_db()
    assert contract.working_days_taken >= 28
    assert contract.days_late_promise == contract.working_days_taken - 15
    assert contract.days_late_statutory == contract.working_days_taken - contract.statutory_days
    assert contract.status == Contract.Status.SIGNED
