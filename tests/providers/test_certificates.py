"""Certificates: who may change them, dates that make sense, private scans, regulator checks."""
import datetime

import pytest
from django.urls import reverse

from audit.actions import Action
from audit.models import AuditEntry
from core.models import Notice
from providers.errors import AlreadyVerified, ExpiresBeforeIssued, NotARegulator, NotOrganisationMember
from providers.models import Certificate, Membership
from providers.services import profile as services
from tests.factories import (
    AgencyFactory,
    CertificateFactory,
    MembershipFactory,
    QualificationTypeFactory,
)

from .helpers import PDF_BYTES, image_bytes, pdf_upload, regulator_user, upload

pytestmark = pytest.mark.django_db


def _form_data(qualification, **overrides):
    data = {
        "qualification": qualification.pk,
        "number": "甲测资字51100001",
        "grade": "甲级",
        "issuer": "四川省自然资源厅",
        "issued_on": "2024-03-01",
        "valid_until": "2029-02-28",
    }
    data.update(overrides)
    return data


@pytest.fixture
def operator():
    return MembershipFactory(role=Membership.Role.OPERATOR)


# --- refusals first ---------------------------------------------------------------------------

def test_expiring_before_issue_is_refused_next_to_the_field_and_the_input_kept(client, operator):
    client.force_login(operator.user)
    qualification = QualificationTypeFactory()
    url = reverse("providers:certificate_add", args=[operator.organisation.pk])
    response = client.post(url, {**_form_data(qualification, valid_until="2020-01-01"), "scan": pdf_upload()})
    assert response.status_code == 200
    assert response.context["form"].errors["valid_until"] == ["有效期截止日期不能早于发证日期。"]
    assert "甲测资字51100001" in response.content.decode()
    assert not Certificate.objects.exists()
    assert not AuditEntry.objects.exists()


def test_expiring_before_issue_is_refused_by_the_service(operator):
    with pytest.raises(ExpiresBeforeIssued) as refused:
        services.certificate_add(actor=operator.user, agency=operator.organisation, data={
            "qualification": QualificationTypeFactory(), "number": "X1", "issuer": "厅",
            "issued_on": datetime.date(2024, 1, 2), "valid_until": datetime.date(2024, 1, 1),
        })
    assert refused.value.field == "valid_until"
    assert str(refused.value) == "有效期截止日期不能早于发证日期。"
    assert not Certificate.objects.exists()
    assert not AuditEntry.objects.exists()


def test_the_database_refuses_it_as_well():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        CertificateFactory(issued_on=datetime.date(2024, 1, 2), valid_until=datetime.date(2024, 1, 1))


def test_a_text_file_named_pdf_is_refused_on_the_form_and_nothing_saved(client, operator):
    client.force_login(operator.user)
    url = reverse("providers:certificate_add", args=[operator.organisation.pk])
    response = client.post(url, {**_form_data(QualificationTypeFactory()),
                                 "scan": upload("证书.pdf", b"plain text", "application/pdf")})
    assert response.status_code == 200
    assert response.context["form"].errors["scan"] == ["文件不是有效的 PDF、JPEG 或 PNG"]
    assert not Certificate.objects.exists()
    assert not AuditEntry.objects.exists()


def test_an_oversized_scan_is_refused_on_the_form(client, operator, settings):
    settings.PRIVATE_UPLOAD_MAX_BYTES = 1024
    client.force_login(operator.user)
    url = reverse("providers:certificate_add", args=[operator.organisation.pk])
    big = PDF_BYTES[:-7] + b" " * 2048 + b"%%EOF\n"
    response = client.post(url, {**_form_data(QualificationTypeFactory()), "scan": upload("a.pdf", big)})
    assert response.context["form"].errors["scan"] == ["文件超过 0.000976562 MB"]
    assert not Certificate.objects.exists()
    assert not AuditEntry.objects.exists()


def test_an_operator_of_another_agency_cannot_edit_this_one(client, operator):
    other = AgencyFactory()
    certificate = CertificateFactory(agency=other)
    client.force_login(operator.user)
    entries = AuditEntry.objects.count()
    for name, args in [
        ("providers:org_profile", [other.pk]),
        ("providers:certificate_add", [other.pk]),
        ("providers:certificate_edit", [other.pk, certificate.pk]),
        ("providers:certificate_remove", [other.pk, certificate.pk]),
        ("providers:practitioner_add", [other.pk]),
        ("providers:affiliation_add", [other.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 403, name
        assert client.post(reverse(name, args=args), {"name": "篡改", "number": "篡改"}).status_code == 403, name
    # Reaching another agency's certificate through one's own agency's URL is no way round.
    own_url = reverse("providers:certificate_edit", args=[operator.organisation.pk, certificate.pk])
    assert client.post(own_url, {"number": "篡改"}).status_code == 404
    certificate.refresh_from_db()
    other.refresh_from_db()
    assert certificate.number != "篡改" and other.name != "篡改"
    assert Certificate.objects.count() == 1
    assert AuditEntry.objects.count() == entries


def test_the_service_refuses_an_outsider_too(operator):
    certificate = CertificateFactory()
    number = certificate.number
    with pytest.raises(NotOrganisationMember) as refused:
        services.certificate_update(actor=operator.user, certificate=certificate, data={"number": "X"})
    assert str(refused.value) == "只有本机构的成员可以执行此操作。"
    with pytest.raises(NotARegulator) as refused:
        services.certificate_verify(actor=operator.user, certificate=certificate)
    assert str(refused.value) == "只有在岗的监管人员可以执行此操作。"
    certificate.refresh_from_db()
    assert certificate.number == number and certificate.verified_at is None
    assert not AuditEntry.objects.exists()
    assert not Notice.objects.exists()


# --- the happy paths --------------------------------------------------------------------------

def test_an_operator_adds_a_certificate_with_a_scan(client, operator):
    client.force_login(operator.user)
    url = reverse("providers:certificate_add", args=[operator.organisation.pk])
    response = client.post(url, {**_form_data(QualificationTypeFactory()), "scan": pdf_upload("我的证书.pdf")})
    assert response.status_code == 302
    certificate = Certificate.objects.get()
    assert certificate.scan.name.startswith("certificates/") and "我的证书" not in certificate.scan.name
    assert certificate.scan.name.endswith(".pdf")
    assert AuditEntry.objects.filter(action=Action.CERTIFICATE_ADD).count() == 1


def test_changing_a_verified_certificate_needs_a_new_check(operator, django_capture_on_commit_callbacks):
    certificate = CertificateFactory(agency=operator.organisation)
    regulator = regulator_user()
    services.certificate_verify(actor=regulator, certificate=certificate)
    certificate.refresh_from_db()
    assert certificate.verified_by == regulator
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_update(actor=operator.user, certificate=certificate,
                                    data={"number": "NEW-1", "scan": upload("a.png", image_bytes())})
    certificate.refresh_from_db()
    assert certificate.number == "NEW-1" and certificate.verified_at is None
    assert certificate.scan.name.endswith(".png")


def test_a_certificate_is_verified_once(operator):
    certificate = CertificateFactory(agency=operator.organisation)
    regulator = regulator_user()
    services.certificate_verify(actor=regulator, certificate=certificate)
    entries, notices = AuditEntry.objects.count(), Notice.objects.count()
    with pytest.raises(AlreadyVerified) as refused:
        services.certificate_verify(actor=regulator, certificate=certificate)
    assert str(refused.value) == "该证书已核验。"
    assert (AuditEntry.objects.count(), Notice.objects.count()) == (entries, notices)


def test_the_agencys_admins_are_told_of_the_verification_in_their_inbox(django_capture_on_commit_callbacks, mailoutbox):
    admin = MembershipFactory()
    operator = MembershipFactory(organisation=admin.organisation, role=Membership.Role.OPERATOR)
    certificate = CertificateFactory(agency=admin.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_verify(actor=regulator_user(), certificate=certificate)
    notice = Notice.objects.get(user=admin.user)
    assert certificate.number in notice.title
    assert notice.link == reverse("providers:org_profile", args=[admin.organisation.pk])
    assert not Notice.objects.filter(user=operator.user).exists()
    assert [message.to for message in mailoutbox] == [[admin.user.email]]


def test_the_regulator_page_lists_unverified_and_verifies(client, operator):
    waiting = CertificateFactory(agency=operator.organisation)
    regulator = regulator_user(department__is_platform_operator=True)  # sees every agency of the region
    client.force_login(regulator)
    page = client.get(reverse("providers_regulator:certificates"))
    assert page.status_code == 200 and waiting.number in page.content.decode()
    response = client.post(reverse("providers_regulator:certificate_verify", args=[waiting.pk]))
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.verified_at is not None
    assert list(client.get(reverse("providers_regulator:certificates")).context["certificates"]) == []


def test_the_regulator_page_is_closed_to_others(client, operator):
    client.force_login(operator.user)
    assert client.get(reverse("providers_regulator:certificates")).status_code == 403


def test_removing_a_certificate_removes_its_file(operator, django_capture_on_commit_callbacks):
    services.certificate_add(actor=operator.user, agency=operator.organisation, data={
        "qualification": QualificationTypeFactory(), "number": "R-1", "issuer": "厅",
        "issued_on": datetime.date(2024, 1, 1), "valid_until": datetime.date(2028, 1, 1),
        "scan": pdf_upload(),
    })
    certificate = Certificate.objects.get()
    storage, name = certificate.scan.storage, certificate.scan.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_remove(actor=operator.user, certificate=certificate)
    assert not storage.exists(name) and not Certificate.objects.exists()


# --- serving the private file -----------------------------------------------------------------

@pytest.fixture
def stored_certificate(operator):
    return services.certificate_add(actor=operator.user, agency=operator.organisation, data={
        "qualification": QualificationTypeFactory(), "number": "S-1", "issuer": "厅",
        "issued_on": datetime.date(2024, 1, 1), "valid_until": datetime.date(2028, 1, 1),
        "scan": upload("looks-like.png", PDF_BYTES, "image/png"),
    })


def _scan_url(certificate):
    return reverse("files:certificate_scan", args=[certificate.pk])


def test_the_scan_is_served_to_a_member_with_its_sniffed_type(client, operator, stored_certificate):
    client.force_login(operator.user)
    response = client.get(_scan_url(stored_certificate))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    # A download, never shown inline: a PDF carrying script must not run in the site's origin.
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "sandbox"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_the_scan_is_served_to_an_active_regulator(client, stored_certificate):
    client.force_login(regulator_user())
    assert client.get(_scan_url(stored_certificate)).status_code == 200


def test_the_scan_is_refused_to_another_agency_and_to_anonymous(client, stored_certificate):
    assert client.get(_scan_url(stored_certificate)).status_code == 403
    client.force_login(MembershipFactory().user)
    assert client.get(_scan_url(stored_certificate)).status_code == 403


def test_an_inactive_regulator_is_refused(client, stored_certificate):
    user = regulator_user()
    user.regulator.is_active = False
    user.regulator.save()
    client.force_login(user)
    assert client.get(_scan_url(stored_certificate)).status_code == 403


def test_no_file_is_404(client, operator):
    certificate = CertificateFactory(agency=operator.organisation)
    client.force_login(operator.user)
    assert client.get(_scan_url(certificate)).status_code == 404
    assert client.get(reverse("files:certificate_scan", args=[999999])).status_code == 404


def test_the_file_is_not_under_the_web_root(stored_certificate, settings):
    from pathlib import Path

    path = Path(stored_certificate.scan.path).resolve()
    assert not str(path).startswith(str(Path(settings.MEDIA_ROOT).resolve()))
    assert not str(path).startswith(str(Path(settings.STATIC_ROOT).resolve()))
