"""Online signing (网签): each side signs the offered text after proving again who they are
(accounts/reauth.py: TOTP where the user has it, else the password). The signature records who,
for which organisation, when, from which IP, how they proved it, and the SHA-256 of the exact
text they read. When both sides have signed, the contract is concluded: its text and hash are
frozen (here and by a database trigger), the milestones of the plan are created, the job moves to
"contracted", and the platform's signed PDF is made and kept."""
import datetime
import logging

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import reauth
from audit.actions import Action
from audit.context import current_ip
from audit.services import audit_record
from bidding import states
from core import uploads
from core.notifications import notify
from providers import standing_rules

from .. import rules
from ..errors import (
    AlreadySigned,
    NotOffered,
    PartiesOnly,
    PartyBarred,
    ReauthFailed,
    ReauthLocked,
    SigningDeadlinePassed,
    TextChanged,
)
from ..models import Contract, Milestone, Signature
from ..pdf_document import signed_pdf
from ._common import link, lock, parties
from .owner_steps import sign_step_close

SIDE = Signature.Side
logger = logging.getLogger(__name__)


def _check(actor, contract, side, seen_hash, now):
    if side is None:
        raise PartiesOnly()
    if not rules.signing_open(contract):
        raise NotOffered()
    if seen_hash != contract.text_hash:
        raise TextChanged()
    if side == SIDE.AGENCY:
        if contract.sign_deadline and contract.sign_deadline <= now:
            raise SigningDeadlinePassed()
        if standing_rules.is_barred(contract.agency, now):
            raise PartyBarred()


@transaction.atomic
def contract_sign(*, actor, contract, secret, seen_hash):
    """Sign the offered text for the actor's side. `secret` is the password or TOTP code;
    `seen_hash` the SHA-256 of the text the signer was shown (a text changed meanwhile is
    refused)."""
    job, contract = lock(contract)
    now = timezone.now()
    side = rules.side_of(actor, contract)
    _check(actor, contract, side, seen_hash, now)
    if reauth.locked_out(actor):
        raise ReauthLocked(field="secret")
    method = reauth.verify(actor, secret)
    if method is None:
        raise ReauthFailed(field="secret")
    current = contract.rounds.order_by("-number").first()
    if current.signatures.filter(side=side).exists():
        raise AlreadySigned()
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                contract=contract, round=current, side=side,
                organisation_id=contract.owner_id if side == SIDE.OWNER else contract.agency_id,
                user=actor, signed_at=now, ip=current_ip(), text_hash=contract.text_hash, method=method)
    except IntegrityError:
        raise AlreadySigned() from None
    audit_record(actor=actor, action=Action.CONTRACT_SIGN, obj=contract,
                 after={"side": side, "round": current.number, "text_hash": contract.text_hash,
                        "method": method, "ip": signature.ip})
    if side == SIDE.OWNER:
        sign_step_close(contract, now)
    if current.signatures.count() == len(SIDE.values):
        _conclude(actor, job, contract, current, now)
    else:
        notify(parties(contract), title=_("合同已由%(side)s签署：%(title)s")
               % {"side": signature.get_side_display(), "title": job.title},
               body=_("请另一方在签订期限内阅读并签署。"), link=link(contract))
    return contract


def _conclude(actor, job, contract, current, now):
    """Both sides signed: freeze the contract, create the milestones, move the job, keep the PDF."""
    contract.status, contract.signed_at = Contract.Status.SIGNED, now
    rows = rules.parse_milestone_plan(current.milestone_plan, contract.price_fen)
    Milestone.objects.bulk_create([
        Milestone(contract=contract, number=n, title=row["title"], amount_fen=row["amount_fen"],
                  due_date=datetime.date.fromisoformat(row["due_date"]))
        for n, row in enumerate(rows, start=1)])
    old = states.move(job, "contract")
    job.save(update_fields=["status", "updated_at"])
    with uploads.removed_on_failure() as keep:
        _attach_pdf(contract, keep)
        contract.save(update_fields=["status", "signed_at", "pdf"])
        audit_record(actor=actor, action=Action.JOB_CONTRACT, obj=job, before={"status": old},
                     after={"status": job.status, "contract": contract.number, "text_hash": contract.text_hash})
    notify(parties(contract), title=_("合同已签订：%(title)s") % {"title": job.title},
           body=_("双方已完成网签，合同编号 %(number)s，文本 SHA-256：%(hash)s。可下载平台签章的合同 PDF。")
           % {"number": contract.number, "hash": contract.text_hash}, link=link(contract))


def _attach_pdf(contract, keep):
    """Make and keep the sealed PDF. A failure (the signing certificate or the font missing) must
    not undo the parties' signatures: it is logged, the page says the PDF is being made, and
    `advance_contracts` makes it once the cause is fixed (`contract_pdf_make`)."""
    try:
        data = signed_pdf(contract)
    except Exception:
        logger.exception("the PDF of contract %s could not be made; advance_contracts tries again", contract.number)
        return
    contract.pdf.save(f"{contract.number}.pdf", ContentFile(data), save=False)
    keep(contract.pdf)


@transaction.atomic
def contract_pdf_make(contract_id) -> bool:
    """Make the PDF of a signed contract that has none yet (idempotent). True when made."""
    contract = Contract.objects.select_for_update().get(pk=contract_id)
    if not contract.is_signed or contract.pdf:
        return False
    with uploads.removed_on_failure() as keep:
        _attach_pdf(contract, keep)
        if not contract.pdf:
            return False
        contract.save(update_fields=["pdf"])
    return True
