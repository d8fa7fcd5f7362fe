"""Bad input when filing: each refused with its named error and the field it concerns, and nothing
written — no complaint, no file on disk, no audit entry, no notice, no e-mail."""
import os

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEntry
from core.models import Notice
from core.uploads import UploadRefused
from oversight.errors import complaints as errors
from oversight.models import Complaint, ComplaintFile
from tests.factories import JobFactory, OwnerFactory

from .helpers import Scene

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="收费票据.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def scene():
    return Scene()


def private_files(settings):
    root = settings.STORAGES["private"]["OPTIONS"]["location"]
    return [name for _dir, _subdirs, names in os.walk(root) for name in names]


def assert_nothing_written(settings):
    assert not Complaint.objects.exists()
    assert not ComplaintFile.objects.exists()
    assert not AuditEntry.objects.filter(object_type="oversight.complaint").exists()
    assert not Notice.objects.exists()
    assert not mail.outbox
    assert private_files(settings) == []


@pytest.mark.parametrize("kwargs, error, field", [
    ({"about": ""}, errors.ComplaintSubjectRequired, "about"),
    ({"about": "regulator"}, errors.ComplaintSubjectRequired, "about"),
    ({"agency": None}, errors.ComplaintAgencyRequired, "agency"),
    ({"agency": "abc"}, errors.ComplaintAgencyRequired, "agency"),
    ({"agency": 10 ** 9}, errors.ComplaintAgencyRequired, "agency"),
    ({"about": "owner", "owner": None}, errors.ComplaintOwnerRequired, "owner"),
    ({"about": "job", "job": None}, errors.ComplaintJobUnknown, "job"),
    ({"about": "job", "job": 10 ** 9}, errors.ComplaintJobUnknown, "job"),
    ({"about": "job", "job": "JOB-1"}, errors.ComplaintJobUnknown, "job"),
    ({"job": 987654}, errors.ComplaintJobUnknown, "job"),
    ({"item": 10 ** 9}, errors.ComplaintItemUnknown, "item"),
    ({"summary": "  "}, errors.ComplaintSummaryRequired, "summary"),
    ({"summary": "长" * 101}, errors.ComplaintSummaryTooLong, "summary"),
    ({"details": ""}, errors.ComplaintDetailsRequired, "details"),
    ({"contact_phone": "", "contact_email": ""}, errors.ComplaintContactRequired, "contact_phone"),
    ({"anonymous": True, "contact_phone": " ", "contact_email": ""}, errors.ComplaintContactRequired,
     "contact_phone"),
    ({"contact_email": "not-an-address"}, errors.ComplaintEmailInvalid, "contact_email"),
    ({"contact_phone": "<script>"}, errors.ComplaintPhoneInvalid, "contact_phone"),
    ({"complainant_name": ""}, errors.ComplaintNameRequired, "complainant_name"),
])
def test_refused_and_nothing_written(scene, settings, kwargs, error, field):
    with pytest.raises(error) as refused:
        scene.file(**kwargs)
    assert refused.value.field == field
    assert str(refused.value)
    assert_nothing_written(settings)


def test_a_draft_job_is_as_unknown_as_a_missing_one(scene, settings):
    draft = JobFactory(status="draft", item=scene.item)
    with pytest.raises(errors.ComplaintJobUnknown):
        scene.file(about="job", job=draft.pk)
    assert_nothing_written(settings)


def test_an_owner_given_as_agency_is_refused(scene, settings):
    with pytest.raises(errors.ComplaintAgencyRequired):
        scene.file(agency=OwnerFactory())
    assert_nothing_written(settings)


@pytest.mark.parametrize("upload", [
    SimpleUploadedFile("证据.pdf", b"MZ\x90\x00 this is an exe", content_type="application/pdf"),
    SimpleUploadedFile("照片.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg"),
    SimpleUploadedFile("截断.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n", content_type="application/pdf"),
])
def test_files_that_are_not_what_they_say_are_refused(scene, settings, upload):
    with pytest.raises(UploadRefused) as refused:
        scene.file(files=[pdf(), upload])  # one good file first: it must not stay on disk either
    assert refused.value.field == "files"
    assert_nothing_written(settings)


def test_too_many_files(scene, settings):
    with pytest.raises(errors.ComplaintTooManyFiles):
        scene.file(files=[pdf() for _ in range(6)])
    assert_nothing_written(settings)


def test_good_files_are_kept_privately_under_a_random_name(scene, settings):
    complaint = scene.file(files=[pdf("收费票据.pdf")])
    stored = complaint.files.get()
    assert stored.name == "收费票据.pdf"
    assert "收费票据" not in stored.file.name and stored.file.name.endswith(".pdf")
    assert len(private_files(settings)) == 1


def test_anonymous_keeps_no_name(scene):
    complaint = scene.file(anonymous=True, complainant_name="王先生", contact_phone="", contact_email="a@b.cn")
    assert complaint.anonymous and complaint.complainant_name == ""
    assert complaint.filed_by is None
