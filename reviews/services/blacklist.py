"""The blacklist (黑名单), four eyes: one regulator proposes an entry, a different one approves or
rejects it (the proposer never: refused here, and by the database's blacklist_four_eyes).

Approval starts the period at once for the proposed whole years and writes its effects where
the lower apps read them (providers.standing_rules): the agency's `blacklist_reason`,
`blacklisted_since` and `blacklisted_until` (it may not bid, sign or be drawn until then), and a
PersonBan (禁入) for each named person — the legal representative from the agency's registration
and the senior managers the proposer named — so none of them registers or runs another agency
meanwhile. Expiry writes nothing: the dates say it. A credit repair (reviews.services.repair)
ends an entry early.

Identity numbers are taken in clear only to be checked and hashed here; the platform keeps the
keyed hash and the masked form (accounts/identity.py).
"""
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from accounts.identity import InvalidIdentityNumber, identity_hash, identity_masked, normalise_identity
from accounts.services import INVALID_MESSAGES
from audit.actions import Action
from audit.services import audit_record
from core import uploads
from core.notifications import notify
from providers.access import active_regulator_users, is_active_regulator, members_of
from providers.models import Organisation, PersonBan

from .. import blacklist_rules as rules
from .. import errors
from ..models import BlacklistEntry, BlacklistEvidence, BlacklistPerson

STATUS = BlacklistEntry.Status
ROLE = PersonBan.Role
REASON_FACTS_LENGTH = 200  # how much of the facts the agency's standing reason repeats


def ban_source(entry):
    """The PersonBan.source of the bans an entry makes."""
    return f"blacklist:{entry.pk}"


def _when(moment):
    return date_format(timezone.localtime(moment), "Y-m-d H:i")


def _require_regulator(actor):
    if not is_active_regulator(actor):
        raise errors.BlacklistNotARegulator()


# --- proposing ------------------------------------------------------------------------------

def _years(value):
    """Whole years, 1 to 3: an int, or its digits as text (never a fraction rounded down)."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise errors.BlacklistYearsOutOfRange(field="years")
    years = value
    if years not in rules.YEARS:
        raise errors.BlacklistYearsOutOfRange(field="years")
    return years


def _manager_persons(managers):
    """[(name, hash, masked)] of the named senior managers, each checked; refused with the
    line's number and the reason in words."""
    persons, seen = [], set()
    for number, (name, id_number) in enumerate(managers or [], start=1):
        name = (name or "").strip()
        if not name or len(name) > 50:
            raise errors.BlacklistManagerInvalid(
                gettext("第 %(n)s 位高级管理人员：请填写姓名（不超过 50 个字）。") % {"n": number}, field="managers")
        try:
            normalised = normalise_identity(id_number)
        except InvalidIdentityNumber as error:
            raise errors.BlacklistManagerInvalid(
                gettext("第 %(n)s 位高级管理人员（%(name)s）的身份证号码有误：%(reason)s") % {
                    "n": number, "name": name, "reason": INVALID_MESSAGES.get(str(error), "")},
                field="managers") from None
        id_hash = identity_hash(normalised)
        if id_hash in seen:
            raise errors.BlacklistManagerDuplicate(field="managers")
        seen.add(id_hash)
        persons.append((name, id_hash, identity_masked(normalised)))
    return persons


def _check_agency(agency, now):
    if agency.kind != Organisation.Kind.AGENCY:
        raise errors.BlacklistNotAnAgency()
    if BlacklistEntry.objects.filter(agency=agency, status=STATUS.PROPOSED).exists():
        raise errors.BlacklistProposalPending()
    if BlacklistEntry.objects.filter(rules.in_force_q(now), agency=agency).exists():
        raise errors.BlacklistAlreadyInForce()


def _persons_rows(entry, agency, managers):
    rows = []
    if agency.legal_representative_id_hash:
        rows.append(BlacklistPerson(
            entry=entry, role=ROLE.LEGAL_REPRESENTATIVE, name=agency.legal_representative[:50] or "—",
            id_hash=agency.legal_representative_id_hash, id_masked=agency.legal_representative_id_masked))
    for name, id_hash, masked in managers:
        if id_hash != agency.legal_representative_id_hash:  # named twice: kept as legal representative
            rows.append(BlacklistPerson(entry=entry, role=ROLE.SENIOR_MANAGER, name=name, id_hash=id_hash,
                                        id_masked=masked))
    return BlacklistPerson.objects.bulk_create(rows)


def _entry_snapshot(entry, persons=None):
    snapshot = {
        "agency_id": entry.agency_id, "status": entry.status, "facts": entry.facts,
        "legal_basis": entry.legal_basis, "years": entry.years,
    }
    if persons is not None:
        snapshot["persons"] = [{"role": p.role, "name": p.name, "id_masked": p.id_masked} for p in persons]
    return snapshot


@transaction.atomic
def blacklist_propose(*, actor, agency, facts, legal_basis, years, managers=(), files=()):
    """Propose blacklisting `agency` for `years` (1–3) with the facts, their legal basis, evidence
    files and the senior managers to ban (`managers`: [(name, identity number)]); the agency's
    legal representative is added from its registration when it has a number. The other active
    regulators are asked to review it."""
    _require_regulator(actor)
    agency = Organisation.objects.select_for_update().get(pk=agency.pk)
    now = timezone.now()
    _check_agency(agency, now)
    facts, legal_basis = (facts or "").strip(), (legal_basis or "").strip()
    if not facts:
        raise errors.BlacklistFactsRequired(field="facts")
    if not legal_basis:
        raise errors.BlacklistBasisRequired(field="legal_basis")
    years = _years(years)
    named = _manager_persons(managers)
    files = [file for file in files or () if file]
    if not files:
        raise errors.BlacklistEvidenceRequired(field="files")
    with uploads.removed_on_failure() as keep:
        try:
            with transaction.atomic():
                entry = BlacklistEntry.objects.create(
                    agency=agency, facts=facts, legal_basis=legal_basis, years=years,
                    proposed_by=actor, proposed_at=now)
        except IntegrityError:  # a proposal made meanwhile (blacklist_one_proposal_per_agency)
            raise errors.BlacklistProposalPending() from None
        persons = _persons_rows(entry, agency, named)
        evidence = uploads.attach(keep, BlacklistEvidence, files, field="files", entry=entry, uploaded_by=actor)
        audit_record(actor=actor, action=Action.BLACKLIST_PROPOSE, obj=entry, object_repr=agency.name,
                     after={**_entry_snapshot(entry, persons), "evidence": [row.name for row in evidence]})
    others = [user for user in active_regulator_users() if user.pk != actor.pk]
    notify(others,
           title=gettext("[中介超市] 待复核：提议将“%(agency)s”列入黑名单") % {"agency": agency.name},
           body=gettext("%(proposer)s 提议将“%(agency)s”（统一社会信用代码 %(uscc)s）列入黑名单 %(years)s 年，"
                        "须由另一名监管人员复核。失信事实：%(facts)s") % {
               "proposer": actor.get_full_name() or actor.email, "agency": agency.name, "uscc": agency.uscc,
               "years": years, "facts": facts},
           link=reverse("reviews_regulator:blacklist_entry", args=[entry.pk]))
    return entry


# --- deciding -------------------------------------------------------------------------------

def _lock_for_decision(actor, entry):
    _require_regulator(actor)
    entry = BlacklistEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != STATUS.PROPOSED:
        raise errors.BlacklistNotPending()
    if rules.is_proposer(actor, entry):
        raise errors.BlacklistProposerCannotDecide()
    return entry


def standing_reason(entry):
    """What the agency's standing says while it is blacklisted: the facts in short and the basis.
    Stored data, so in Chinese whatever language the deciding regulator reads the site in."""
    facts = entry.facts if len(entry.facts) <= REASON_FACTS_LENGTH else entry.facts[:REASON_FACTS_LENGTH] + "…"
    return f"{facts}（认定依据：{entry.legal_basis}）"


@transaction.atomic
def blacklist_approve(*, actor, entry, note=""):
    """A second regulator approves: the entry is in force from now for its years, the agency is
    barred and its people banned until its end. The agency's members and the proposer are told."""
    entry = _lock_for_decision(actor, entry)
    agency = Organisation.objects.select_for_update().get(pk=entry.agency_id)
    now = timezone.now()
    before = _entry_snapshot(entry)
    entry.status = STATUS.APPROVED
    entry.decided_by, entry.decided_at, entry.decision_note = actor, now, (note or "").strip()
    entry.starts_at, entry.ends_at = now, rules.period_end(now, entry.years)
    entry.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "starts_at", "ends_at"])
    agency.blacklist_reason = standing_reason(entry)
    agency.blacklisted_since, agency.blacklisted_until = entry.starts_at, entry.ends_at
    agency.save(update_fields=["blacklist_reason", "blacklisted_since", "blacklisted_until", "updated_at"])
    persons = list(entry.persons.all())
    PersonBan.objects.bulk_create([
        PersonBan(id_hash=person.id_hash, id_masked=person.id_masked, name=person.name, role=person.role,
                  agency=agency, source=ban_source(entry), starts_at=entry.starts_at, ends_at=entry.ends_at)
        for person in persons
    ])
    audit_record(actor=actor, action=Action.BLACKLIST_APPROVE, obj=entry, object_repr=agency.name, before=before,
                 after={**_entry_snapshot(entry, persons), "decision_note": entry.decision_note,
                        "starts_at": entry.starts_at.isoformat(), "ends_at": entry.ends_at.isoformat()})
    period = gettext("%(start)s 至 %(end)s") % {"start": _when(entry.starts_at), "end": _when(entry.ends_at)}
    banned = "、".join(f"{ROLE(person.role).label}{person.name}（{person.id_masked}）" for person in persons)
    body = gettext(
        "“%(agency)s”已被列入黑名单，期限 %(period)s。期间不能报名、签约或参与抽取。失信事实：%(facts)s；"
        "认定依据：%(basis)s。"
    ) % {"agency": agency.name, "period": period, "facts": entry.facts, "basis": entry.legal_basis}
    if banned:
        body += gettext("禁入人员（期间不得注册或管理其他中介机构）：%(persons)s。") % {"persons": banned}
    body += gettext("整改后可申请信用修复。")
    notify(members_of([agency.pk]), title=gettext("[中介超市] 贵机构已被列入黑名单"), body=body,
           link=reverse("reviews:agency_blacklist") + f"?org={agency.pk}")
    notify([entry.proposed_by],
           title=gettext("[中介超市] 列入黑名单提议已复核同意：%(agency)s") % {"agency": agency.name}, body=body,
           link=reverse("reviews_regulator:blacklist_entry", args=[entry.pk]))
    return entry


@transaction.atomic
def blacklist_reject(*, actor, entry, note):
    """A second regulator rejects the proposal, with reasons; the proposer is told. Nothing
    happens to the agency (the proposal was never public)."""
    entry = _lock_for_decision(actor, entry)
    note = (note or "").strip()
    if not note:
        raise errors.BlacklistNoteRequired(field="note")
    before = _entry_snapshot(entry)
    entry.status = STATUS.REJECTED
    entry.decided_by, entry.decided_at, entry.decision_note = actor, timezone.now(), note
    entry.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit_record(actor=actor, action=Action.BLACKLIST_REJECT, obj=entry, object_repr=entry.agency.name,
                 before=before, after={**_entry_snapshot(entry), "decision_note": note})
    notify([entry.proposed_by],
           title=gettext("[中介超市] 列入黑名单提议未获同意：%(agency)s") % {"agency": entry.agency.name},
           body=gettext("复核意见：%(note)s") % {"note": note},
           link=reverse("reviews_regulator:blacklist_entry", args=[entry.pk]))
    return entry
