"""An agency's profile: certificates, practitioners and declared affiliations.

Any member (admin or operator) of the agency may change them; only an active regulator may
mark a certificate verified. A changed certificate loses its verification and its expiry
warning, so both follow the certificate as it now reads.
"""
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from audit.actions import Action
from audit.services import audit_record, snapshot
from core import uploads
from core.notifications import notify

from .. import errors
from ..access import admins_of, is_active_regulator, is_member
from ..models import Affiliation, Certificate, Organisation, Practitioner

CERTIFICATE_FIELDS = ("qualification", "number", "grade", "issuer", "issued_on", "valid_until")
CERTIFICATE_AUDIT = ("qualification_id", "number", "grade", "issuer", "issued_on", "valid_until",
                     "verified_at")
PRACTITIONER_FIELDS = ("name", "title", "qualification", "certificate_number", "specialty")


def _require_member(actor, organisation):
    if not is_member(actor, organisation.pk):
        raise errors.NotOrganisationMember()
    if organisation.kind != Organisation.Kind.AGENCY:
        raise errors.NotAnAgency()


def _profile_link(agency):
    return reverse("providers:org_profile", args=[agency.pk])


def _check_dates(issued_on, valid_until):
    if issued_on and valid_until and valid_until < issued_on:
        raise errors.ExpiresBeforeIssued(field="valid_until")


def _save_certificate(certificate):
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError:
        # certificate_unique is the likely one; the date check was made above, and the
        # certificate_valid_after_issue constraint stays as the database's own guard.
        raise errors.DuplicateCertificate(field="number") from None


def _certificate_summary(certificate):
    return {**snapshot(certificate, CERTIFICATE_AUDIT), "scan": certificate.scan.name or ""}


def _delete_file_on_commit(storage, name):
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _store_scan(certificate, scan, keep):
    """Inspect and attach a new scan, kept by `keep` (core.uploads.removed_on_failure) so the
    stored file is removed again if the change fails."""
    uploads.prepare(scan)
    certificate.scan.save(scan.name, scan, save=False)
    keep(certificate.scan)


@transaction.atomic
def certificate_add(*, actor, agency, data) -> Certificate:
    _require_member(actor, agency)
    _check_dates(data.get("issued_on"), data.get("valid_until"))
    certificate = Certificate(agency=agency, **{name: data.get(name) or "" for name in CERTIFICATE_FIELDS})
    with uploads.removed_on_failure() as keep:
        if data.get("scan"):
            _store_scan(certificate, data["scan"], keep)
        _save_certificate(certificate)
        audit_record(actor=actor, action=Action.CERTIFICATE_ADD, obj=certificate,
                     after=_certificate_summary(certificate))
    return certificate


@transaction.atomic
def certificate_update(*, actor, certificate, data) -> Certificate:
    certificate = Certificate.objects.select_for_update().select_related("agency").get(pk=certificate.pk)
    _require_member(actor, certificate.agency)
    before = _certificate_summary(certificate)
    old_scan = certificate.scan.name
    old_valid_until = certificate.valid_until
    for name in CERTIFICATE_FIELDS:
        if name in data:
            setattr(certificate, name, data[name] if data[name] is not None else "")
    _check_dates(certificate.issued_on, certificate.valid_until)
    new_scan = bool(data.get("scan"))
    with uploads.removed_on_failure() as keep:
        if new_scan:
            _store_scan(certificate, data["scan"], keep)
        if _certificate_summary(certificate) != before:
            # What a regulator checked is no longer what the certificate says.
            certificate.verified_by = None
            certificate.verified_at = None
        if certificate.valid_until != old_valid_until:
            certificate.expiry_warned_at = None
        _save_certificate(certificate)
        audit_record(actor=actor, action=Action.CERTIFICATE_UPDATE, obj=certificate,
                     before=before, after=_certificate_summary(certificate))
    if new_scan:
        _delete_file_on_commit(certificate.scan.storage, old_scan)
    return certificate


@transaction.atomic
def certificate_remove(*, actor, certificate) -> None:
    certificate = Certificate.objects.select_for_update().select_related("agency").get(pk=certificate.pk)
    _require_member(actor, certificate.agency)
    audit_record(actor=actor, action=Action.CERTIFICATE_REMOVE, obj=certificate,
                 before=_certificate_summary(certificate))
    _delete_file_on_commit(certificate.scan.storage, certificate.scan.name)
    certificate.delete()


@transaction.atomic
def certificate_verify(*, actor, certificate) -> Certificate:
    """A regulator has checked the certificate against its document."""
    certificate = Certificate.objects.select_for_update().select_related("agency", "qualification").get(
        pk=certificate.pk
    )
    if not is_active_regulator(actor):
        raise errors.NotARegulator()
    if certificate.verified_at is not None:
        raise errors.AlreadyVerified()
    certificate.verified_by = actor
    certificate.verified_at = timezone.now()
    certificate.save(update_fields=["verified_by", "verified_at"])
    audit_record(actor=actor, action=Action.CERTIFICATE_VERIFY, obj=certificate,
                 after={"verified_at": certificate.verified_at})
    notify(
        admins_of(certificate.agency_id),
        title=gettext("资质证书已核验：%(certificate)s") % {"certificate": certificate},
        body=gettext("贵机构“%(agency)s”的资质证书 %(certificate)s 已由监管部门核验。") % {
            "agency": certificate.agency.name, "certificate": certificate,
        },
        link=_profile_link(certificate.agency),
    )
    return certificate


@transaction.atomic
def practitioner_add(*, actor, agency, data) -> Practitioner:
    _require_member(actor, agency)
    practitioner = Practitioner.objects.create(
        agency=agency, **{name: data.get(name) or "" for name in PRACTITIONER_FIELDS}
    )
    audit_record(actor=actor, action=Action.PRACTITIONER_ADD, obj=practitioner,
                 after=snapshot(practitioner, PRACTITIONER_FIELDS))
    return practitioner


@transaction.atomic
def practitioner_update(*, actor, practitioner, data) -> Practitioner:
    practitioner = Practitioner.objects.select_for_update().select_related("agency").get(pk=practitioner.pk)
    _require_member(actor, practitioner.agency)
    before = snapshot(practitioner, PRACTITIONER_FIELDS)
    for name in PRACTITIONER_FIELDS:
        if name in data:
            setattr(practitioner, name, data[name] or "")
    practitioner.save()
    audit_record(actor=actor, action=Action.PRACTITIONER_UPDATE, obj=practitioner,
                 before=before, after=snapshot(practitioner, PRACTITIONER_FIELDS))
    return practitioner


@transaction.atomic
def practitioner_remove(*, actor, practitioner) -> None:
    practitioner = Practitioner.objects.select_for_update().select_related("agency").get(pk=practitioner.pk)
    _require_member(actor, practitioner.agency)
    audit_record(actor=actor, action=Action.PRACTITIONER_REMOVE, obj=practitioner,
                 before=snapshot(practitioner, PRACTITIONER_FIELDS))
    practitioner.delete()


@transaction.atomic
def affiliation_declare(*, actor, agency, department, relation, note="") -> Affiliation:
    """Declare a tie to a department: from then on the agency may not bid on its items."""
    _require_member(actor, agency)
    if relation not in Affiliation.Relation.values:
        raise errors.InvalidRelation(field="relation")
    if Affiliation.objects.filter(agency=agency, department=department, relation=relation).exists():
        raise errors.DuplicateAffiliation(field="department")
    try:
        with transaction.atomic():
            affiliation = Affiliation.objects.create(
                agency=agency, department=department, relation=relation, note=note or ""
            )
    except IntegrityError:
        raise errors.DuplicateAffiliation(field="department") from None
    audit_record(actor=actor, action=Action.AFFILIATION_DECLARE, obj=affiliation,
                 after={"department_id": department.pk, "relation": relation, "note": note or ""})
    return affiliation


@transaction.atomic
def affiliation_withdraw(*, actor, affiliation) -> None:
    affiliation = Affiliation.objects.select_for_update().select_related("agency").get(pk=affiliation.pk)
    _require_member(actor, affiliation.agency)
    audit_record(actor=actor, action=Action.AFFILIATION_WITHDRAW, obj=affiliation,
                 before={"department_id": affiliation.department_id, "relation": affiliation.relation,
                         "note": affiliation.note})
    affiliation.delete()


@transaction.atomic
def certificates_warn_expiry(*, agency, certificates, days, actor=None) -> int:
    """Tell the agency's admins that these certificates expire within `days`; mark them so.

    The rows are locked and re-checked, so two runs at once warn once. Returns how many
    certificates the e-mail covered (0 when another run got there first or nobody is admin).
    """
    pending = list(
        Certificate.objects.select_for_update()
        .filter(pk__in=[certificate.pk for certificate in certificates], expiry_warned_at__isnull=True)
        .select_related("qualification")
        .order_by("valid_until")
    )
    recipients = admins_of(agency.pk)
    if not pending or not recipients:
        return 0
    now = timezone.now()
    Certificate.objects.filter(pk__in=[certificate.pk for certificate in pending]).update(expiry_warned_at=now)
    for certificate in pending:
        audit_record(actor=actor, action=Action.CERTIFICATE_EXPIRY_WARNED, obj=certificate,
                     after={"valid_until": certificate.valid_until, "days": days})
    lines = "\n".join(
        gettext("- %(certificate)s，有效期至 %(date)s") % {"certificate": c, "date": c.valid_until}
        for c in pending
    )
    notify(
        recipients,
        title=gettext("资质证书即将到期提醒：%(agency)s") % {"agency": agency.name},
        body=gettext(
            "贵机构“%(agency)s”的以下资质证书将在 %(days)s 天内到期，请及时办理延续并更新平台信息：\n%(lines)s"
        ) % {"agency": agency.name, "days": days, "lines": lines},
        link=_profile_link(agency),
    )
    return len(pending)
