"""Registering agencies and owners, and editing an organisation's own details.

Zero barriers: an agency is live in the public directory the moment it is registered.
"""
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from audit.actions import Action
from audit.services import audit_record, snapshot
from core.notifications import notify

from .. import errors
from ..access import active_regulator_users, is_member
from ..models import Membership, Organisation
from ..standing_rules import representative_links
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
AUDIT_FIELDS = ("kind", "uscc", "name", "legal_representative", "owner_type", "region_id",
                "address", "contact_name", "contact_phone", "contact_email", "website")
UPDATE_ACTIONS = {Organisation.Kind.AGENCY: Action.AGENCY_UPDATE, Organisation.Kind.OWNER: Action.OWNER_UPDATE}


def _clean_uscc(value):
    try:
        return normalise_uscc(value)
    except ValidationError as error:
        raise errors.InvalidUscc(error.messages[0], field="uscc") from None


def _require_signed_in(actor):
    if actor is None or not actor.is_authenticated:
        raise errors.SignInRequired()


def _register(*, actor, kind, data, fields, action):
    _require_signed_in(actor)
    uscc = _clean_uscc(data.get("uscc"))
    if Organisation.objects.filter(kind=kind, uscc=uscc).exists():
        raise errors.DuplicateUscc(field="uscc")
    values = {name: data.get(name) or "" for name in fields if name != "uscc"}
    organisation = Organisation(kind=kind, uscc=uscc, **values)
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
    """Register an agency; it is listed publicly at once and `actor` becomes its admin."""
    return _register(actor=actor, kind=Organisation.Kind.AGENCY, data=data,
                     fields=AGENCY_FIELDS, action=Action.AGENCY_REGISTER)


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
    for name in EDITABLE_FIELDS[organisation.kind]:
        if name in data:
            setattr(organisation, name, data[name] if data[name] is not None else "")
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
