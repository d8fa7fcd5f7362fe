"""Expiry warnings: flagged on the profile, e-mailed to the admins once per certificate."""
import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.models import Notice
from providers.models import Membership
from providers.selectors import expiring_certificates
from providers.services import profile as services
from tests.factories import CertificateFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _in(days):
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def admin():
    return MembershipFactory(role=Membership.Role.ADMIN)


def _run(capture):
    with capture(execute=True):
        call_command("warn_expiring_certificates", stdout=open("/dev/null", "w"))


def test_expiring_certificates_are_those_within_the_period(admin, settings):
    settings.CERTIFICATE_EXPIRY_WARNING_DAYS = 60
    agency = admin.organisation
    soon = CertificateFactory(agency=agency, valid_until=_in(30))
    CertificateFactory(agency=agency, valid_until=_in(200))
    assert list(expiring_certificates(agency)) == [soon]
    settings.CERTIFICATE_EXPIRY_WARNING_DAYS = 300
    assert expiring_certificates(agency).count() == 2


def test_the_profile_page_flags_them(client, admin):
    CertificateFactory(agency=admin.organisation, valid_until=_in(10), number="SOON-1")
    client.force_login(admin.user)
    page = client.get(reverse("providers:org_profile", args=[admin.organisation.pk])).content.decode()
    assert "即将到期" in page and "到期提醒" in page


def test_the_command_warns_once_not_twice(admin, mailoutbox, django_capture_on_commit_callbacks):
    operator = MembershipFactory(organisation=admin.organisation, role=Membership.Role.OPERATOR)
    certificate = CertificateFactory(agency=admin.organisation, valid_until=_in(20))
    CertificateFactory(agency=admin.organisation, valid_until=_in(400))
    _run(django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [admin.user.email] and operator.user.email not in mailoutbox[0].to
    assert certificate.number in mailoutbox[0].body
    assert certificate.number in Notice.objects.get(user=admin.user).body      # in the inbox too
    assert not Notice.objects.filter(user=operator.user).exists()
    _run(django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    certificate.refresh_from_db()
    assert certificate.expiry_warned_at is not None


def test_a_renewed_certificate_is_warned_about_again(admin, mailoutbox, django_capture_on_commit_callbacks):
    certificate = CertificateFactory(agency=admin.organisation, valid_until=_in(20))
    _run(django_capture_on_commit_callbacks)
    services.certificate_update(actor=admin.user, certificate=certificate, data={"valid_until": _in(50)})
    certificate.refresh_from_db()
    assert certificate.expiry_warned_at is None
    _run(django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 2


def test_already_expired_certificates_are_not_e_mailed(admin, mailoutbox, django_capture_on_commit_callbacks):
    CertificateFactory(agency=admin.organisation, issued_on=_in(-900), valid_until=_in(-1))
    _run(django_capture_on_commit_callbacks)
    assert mailoutbox == []
