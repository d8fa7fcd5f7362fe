"""Drafts: created and changed by members of the owner (admins and operators alike), never
holding a qualification the law does not require, changed only while still drafts; one audit
entry per change."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.actions import Action
from audit.models import AuditEntry
from bidding.errors import (
    AvoidanceReasonRequired,
    JobNotEditable,
    NotAnOwner,
    QualificationNotRequiredByLaw,
)
from bidding.models import Job, JobAttachment
from bidding.services.jobs import job_create, job_publish, job_update
from core.errors import NotAllowed
from core.uploads import UploadRefused
from tests.factories import AgencyFactory, MembershipFactory, QualificationTypeFactory
from tests.writes import nothing_written, private_files

from .conftest import EARLIEST_CLOSE

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def data_for(item, **extra):
    data = {
        "item": item, "title": "旌阳区某道路改建工程环境影响评价", "project_code": "2026-510603-48-01-000123",
        "description": "编制环境影响报告表。", "requirements": "", "fiscal_funds": True, "budget": 80000,
        "ceiling_price": 75000, "fee_quantity": None, "selection_method": Job.Method.RANDOM,
        "price_mode": Job.PriceMode.AMOUNT, "weights": {}, "service_days": 20, "closes_at": EARLIEST_CLOSE,
    }
    data.update(extra)
    return data


def test_an_operator_creates_a_draft_with_one_audit_entry(owner, operator, item, surveying):
    job = job_create(actor=operator, owner=owner, data=data_for(item, required_qualifications=[surveying]))
    assert job.status == Job.Status.DRAFT and job.created_by == operator
    assert list(job.required_qualifications.all()) == [surveying]
    entry = AuditEntry.objects.get()
    assert entry.action == Action.JOB_CREATE and entry.actor_id == operator.pk and entry.object_id == str(job.pk)


def test_someone_outside_the_owner_cannot_create(owner, outsider, item):
    with pytest.raises(NotAllowed):
        job_create(actor=outsider, owner=owner, data=data_for(item))
    assert not Job.objects.exists() and not AuditEntry.objects.exists()


def test_an_agency_cannot_post_announcements(item):
    membership = MembershipFactory(organisation=AgencyFactory())
    with pytest.raises(NotAnOwner):
        job_create(actor=membership.user, owner=membership.organisation, data=data_for(item))
    assert not Job.objects.exists()


def test_a_crafted_extra_qualification_is_refused_even_in_a_draft(owner, admin, item, surveying):
    extra = QualificationTypeFactory(code="local-cert", name="本地备案证明")
    with pytest.raises(QualificationNotRequiredByLaw) as caught:
        job_create(actor=admin, owner=owner, data=data_for(item, required_qualifications=[surveying, extra]))
    assert "本地备案证明" in str(caught.value) and caught.value.field == "required_qualifications"
    assert not Job.objects.exists() and not AuditEntry.objects.exists()


def test_an_avoided_agency_without_a_reason_is_refused(owner, admin, item):
    agency = AgencyFactory()
    with pytest.raises(AvoidanceReasonRequired):
        job_create(actor=admin, owner=owner, data=data_for(item, avoidances=[{"agency": agency, "reason": ""}]))
    assert not Job.objects.exists()


def test_update_changes_a_draft_with_one_audit_entry(draft, operator):
    job_update(actor=operator, job=draft, data={"title": "新的项目名称", "service_days": 25})
    draft.refresh_from_db()
    assert draft.title == "新的项目名称" and draft.service_days == 25
    entry = AuditEntry.objects.get()
    assert entry.action == Action.JOB_UPDATE
    assert entry.before["title"] != entry.after["title"]


def test_a_published_job_cannot_be_edited(draft, admin, friday):
    job_publish(actor=admin, job=draft)
    with pytest.raises(JobNotEditable):
        job_update(actor=admin, job=draft, data={"title": "改名"})
    assert Job.objects.get(pk=draft.pk).title != "改名"


def test_attachments_are_checked_by_content(draft, admin):
    job_update(actor=admin, job=draft, data={"attachments": [SimpleUploadedFile("招标文件.pdf", PDF)]})
    attachment = JobAttachment.objects.get(job=draft)
    assert attachment.name == "招标文件.pdf" and attachment.file.name.endswith(".pdf")
    fake = SimpleUploadedFile("报告.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(UploadRefused), nothing_written(Job, JobAttachment):
        job_update(actor=admin, job=draft, data={"attachments": [fake]})
    assert JobAttachment.objects.filter(job=draft).count() == 1
    assert attachment.uploaded_by == admin


def a_good_and_a_bad_file():
    return [SimpleUploadedFile("招标文件.pdf", PDF), SimpleUploadedFile("报告.pdf", b"MZ not a pdf")]


def test_a_refused_file_leaves_no_file_of_the_others_on_disk(owner, operator, draft, admin, item):
    with pytest.raises(UploadRefused), nothing_written(Job, JobAttachment):
        job_create(actor=operator, owner=owner, data=data_for(item, attachments=a_good_and_a_bad_file()))
    with pytest.raises(UploadRefused), nothing_written(Job, JobAttachment):
        job_update(actor=admin, job=draft, data={"title": "改名", "attachments": a_good_and_a_bad_file()})
    assert private_files() == []
    assert Job.objects.get(pk=draft.pk).title != "改名"
