"""Registering agencies and owners, and editing an organisation's own details.

Zero barriers: an agency is live in the public directory the moment it is registered. The one
exception is a ban (禁入): a new agency gives its legal representative's resident identity
number, and the registering user (who becomes its admin) declares their own if they have not
yet; when either person is banned because of a blacklisted agency, the registration is refused
and nothing is written. The numbers are kept only as keyed hashes and masked forms
(accounts/identity.py).
"""
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from accounts.identity import identity_hash
from accounts.services import clean_identity_number, hashed, identity_declare
from audit.actions import Action
from audit.services import audit_record, snapshot
from core.notifications import notify

from .. import errors
from ..access import active_regulator_users, is_member
from ..models import Membership, Organisation
from ..standing_rules import bans_of, representative_links
from ..validators import normalise_uscc

FLAG_ACTION = Action.AGENCY_BARRED_REPRESENTATIVE_FLAGGED

COMMON_FIELDS = (
    "name", "region", "address", "contact_name", "contact_phone", "contact_email",
    "website", "introduction",
)
AGENCY_FIELDS = ("uscc", "legal_representative", *COMMON_FIELDS)
OWNER_FIELDS = ("uscc", "owner_type", "legal_representative", *COMMON_FIELDS)
# What an organisation may change about itself later; the USCC identifies it and stays.
EDITABLE_FIELDS = {
    Organisation.Kind.AGENCY: ("legal_representative", *COMMON_FIELDS),
    Organisation.Kind.OWNER: ("owner_type", "legal_representative", *COMMON_FIELDS),
}
AUDIT_FIELDS = ("kind", "uscc", "name", "legal_representative", "legal_representative_id_masked", "owner_type",
                "region_id", "address", "contact_name", "contact_phone", "contact_email", "website")
# The form fields that carry identity numbers (never stored in clear, never in the audit log).
REPRESENTATIVE_ID = "legal_representative_id_number"
OWN_ID = "id_number"
UPDATE_ACTIONS = {Organisation.Kind.AGENCY: Action.AGENCY_UPDATE, Organisation.Kind.OWNER: Action.OWNER_UPDATE}


def _clean_uscc(value):
    try:
        return normalise_uscc(value)
    except ValidationError as error:
        raise errors.InvalidUscc(error.messages[0], field="uscc") from None


def _require_signed_in(actor):
    if actor is None or not actor.is_authenticated:
        raise errors.SignInRequired()


def refuse_banned(id_hashes, now, *, who, exclude_agency_id=None, error=errors.RegistrationBanned, field=None):
    """Refuse (with `error`, naming the person by `who(hash)`, the blacklisted agency and the
    ban's end) when any of these people is banned at `now`; a ban because of
    `exclude_agency_id` itself does not count (that agency is barred on its own)."""
    bans = [ban for ban in bans_of(id_hashes, now) if ban.agency_id != exclude_agency_id]
    if bans:
        ban = bans[-1]  # the one lasting longest
        raise error.of(ban, who(ban.id_hash), field=field)


def _agency_identities(actor, data, now):
    """The legal representative's (hash, masked) and the actor's own number when they declare
    it now (else None), both checked; refuses a banned person before anything is written."""
    representative = hashed(clean_identity_number(data.get(REPRESENTATIVE_ID), field=REPRESENTATIVE_ID))
    own_number = None
    if not actor.id_number_hash:
        own_number = clean_identity_number(data.get(OWN_ID), field=OWN_ID)
    own_hash = actor.id_number_hash or identity_hash(own_number)
    name = (data.get("legal_representative") or "").strip()

    def who(id_hash):
        if id_hash == representative[0]:
            return gettext("法定代表人%(name)s") % {"name": name}
        return gettext("您本人")

    refuse_banned([representative[0], own_hash], now, who=who)
    return representative, own_number


def _register(*, actor, kind, data, fields, action, extra=None):
    _require_signed_in(actor)
    uscc = _clean_uscc(data.get("uscc"))
    if Organisation.objects.filter(kind=kind, uscc=uscc).exists():
        raise errors.DuplicateUscc(field="uscc")
    values = {name: data.get(name) or "" for name in fields if name != "uscc"}
    organisation = Organisation(kind=kind, uscc=uscc, **values, **(extra or {}))
    try:
        # A savepoint, so a concurrent registration of the same code (the unique constraint
        # organisation_unique_uscc) is reported like any duplicate.
        with transaction.atomic():
            organisation.save()
    except IntegrityError:
        raise errors.DuplicateUscc(field="uscc") from None
    Membership.objects.create(user=actor, organisation=organisation, role=Membership.Role.ADMIN)
    audit_record(actor=actor, action=action, obj=organisation, after=snapshot(organisation, AUDIT_FIELDS))
    notify(
        [actor],
        title=gettext("机构注册成功：%(name)s") % {"name": organisation.name},
        body=gettext(
            "您已完成“%(name)s”（统一社会信用代码 %(uscc)s）的注册，并成为该机构的管理员。"
            "机构信息已即时公开，无需审核。"
        ) % {"name": organisation.name, "uscc": organisation.uscc},
        link=reverse("providers:org_profile", args=[organisation.pk]),
    )
    if kind == Organisation.Kind.AGENCY:
        _flag_barred_representative(actor, organisation)
    return organisation


def _flag_barred_representative(actor, agency):
    """Tell regulators when `agency`'s legal representative is also that of a suspended or
    blacklisted agency. Registration stays open (the bans belong to the credit issue); the
    match is recorded, and listed among the regulators' red flags (providers.standing_rules)."""
    links = representative_links(agency, timezone.now())
    if not links:
        return
    audit_record(actor=actor, action=FLAG_ACTION, obj=agency, after={
        "legal_representative": agency.legal_representative,
        "barred": [{"uscc": link.barred.uscc, "name": link.barred.name, "standing": link.standing.code}
                   for link in links],
    })
    notify(
        active_regulator_users(),
        title=gettext("[中介超市] 请核查：机构的法定代表人与被暂停或列入黑名单的机构相同"),
        body=gettext("“%(name)s”（统一社会信用代码 %(uscc)s）登记的法定代表人与下列机构相同：")
        % {"name": agency.name, "uscc": agency.uscc} + "\n" + "\n".join(link.evidence for link in links),
        link=reverse("providers_regulator:standing_agency", args=[agency.pk]),
    )


@transaction.atomic
def agency_register(*, actor, data) -> Organisation:
    """Register an agency; it is listed publicly at once and `actor` becomes its admin.
    `data` carries the legal representative's identity number (REPRESENTATIVE_ID) and, when the
    actor has not declared theirs, the actor's own (OWN_ID); a banned person is refused."""
    _require_signed_in(actor)
    (representative_hash, representative_masked), own_number = _agency_identities(actor, data, timezone.now())
    organisation = _register(
        actor=actor, kind=Organisation.Kind.AGENCY, data=data, fields=AGENCY_FIELDS, action=Action.AGENCY_REGISTER,
        extra={"legal_representative_id_hash": representative_hash,
               "legal_representative_id_masked": representative_masked},
    )
    if own_number is not None:
        identity_declare(actor=actor, id_number=own_number, field=OWN_ID)
    return organisation


@transaction.atomic
def owner_register(*, actor, data) -> Organisation:
    """Register a project owner (a department or an enterprise); `actor` becomes its admin."""
    if not data.get("owner_type"):
        raise errors.OwnerTypeRequired(field="owner_type")
    return _register(actor=actor, kind=Organisation.Kind.OWNER, data=data,
                     fields=OWNER_FIELDS, action=Action.OWNER_REGISTER)


@transaction.atomic
def organisation_update(*, actor, organisation, data) -> Organisation:
    """Change an organisation's own details. Any member (admin or operator) may."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not is_member(actor, organisation.pk):
        raise errors.NotOrganisationMember()
    before = snapshot(organisation, AUDIT_FIELDS)
    old_representative = organisation.legal_representative
    for name in EDITABLE_FIELDS[organisation.kind]:
        if name in data:
            setattr(organisation, name, data[name] if data[name] is not None else "")
    if organisation.kind == Organisation.Kind.AGENCY:
        _update_representative_identity(organisation, data, old_representative)
    organisation.save()
    after = snapshot(organisation, AUDIT_FIELDS)
    changed = {key for key in after if before[key] != after[key]}
    audit_record(
        actor=actor, action=UPDATE_ACTIONS[organisation.kind], obj=organisation,
        before={key: before[key] for key in changed}, after={key: after[key] for key in changed},
    )
    if organisation.kind == Organisation.Kind.AGENCY and "legal_representative" in changed:
        _flag_barred_representative(actor, organisation)
    return organisation


def _update_representative_identity(agency, data, old_representative):
    """An agency that names a new legal representative gives the new one's identity number too
    (a banned person is refused); the number may also be given alone, e.g. by an agency
    registered before numbers were asked."""
    number = data.get(REPRESENTATIVE_ID)
    if not str(number or "").strip():
        if agency.legal_representative.strip() != (old_representative or "").strip():
            raise errors.RepresentativeIdentityRequired(field=REPRESENTATIVE_ID)
        return
    id_hash, masked = hashed(clean_identity_number(number, field=REPRESENTATIVE_ID))
    refuse_banned([id_hash], timezone.now(), exclude_agency_id=agency.pk, field=REPRESENTATIVE_ID,
                  who=lambda _hash: gettext("法定代表人%(name)s") % {"name": agency.legal_representative})
    agency.legal_representative_id_hash, agency.legal_representative_id_masked = id_hash, masked
