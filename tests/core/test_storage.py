"""Private uploads go where STORAGES["private"] points at the moment they are stored, so each
test's uploads land in its own temporary folder (tests/conftest.py) and nothing piles up."""
import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.storage import private_storage
from providers.models import Certificate, Membership
from providers.services import profile as services
from tests.factories import MembershipFactory, QualificationTypeFactory
from tests.providers.helpers import PDF_BYTES

pytestmark = pytest.mark.django_db


def test_a_certificate_scan_uploaded_in_a_test_lands_in_the_tests_own_folder(tmp_path):
    operator = MembershipFactory(role=Membership.Role.OPERATOR)
    certificate = services.certificate_add(actor=operator.user, agency=operator.organisation, data={
        "qualification": QualificationTypeFactory(), "number": "甲测资字51100001", "issuer": "四川省自然资源厅",
        "issued_on": datetime.date(2024, 3, 1), "valid_until": datetime.date(2029, 2, 28),
        "scan": SimpleUploadedFile("证书.pdf", PDF_BYTES, content_type="application/pdf"),
    })

    stored = Path(Certificate.objects.get(pk=certificate.pk).scan.path)
    assert stored.is_relative_to(tmp_path / "private")
    assert stored.read_bytes() == PDF_BYTES


def test_the_storage_follows_the_setting_when_it_changes(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": str(tmp_path / "elsewhere")}},
    }
    name = private_storage().save("note.txt", SimpleUploadedFile("note.txt", b"x"))
    assert (tmp_path / "elsewhere" / name).read_bytes() == b"x"
