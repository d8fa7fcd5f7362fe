"""A contract from the award to the offer: generated from the job, the winning bid and the
template; the owner fills in the marked fields; each offer to the agency is a round with its
exact text and SHA-256; the agency may send it back with comments, and the owner edits again.

Who: members of the owner organisation generate, edit and offer; members of the winning agency
return. The parties, project and price come from the award and never change; the template's
clauses are locked. Special terms are judged by the same unfair-clause rules as templates.
"""
import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.actions import Action
from audit.services import audit_record
from bidding.eligibility import implied_price
from bidding.models import Bid, Job
from core.notifications import notify
from core.workdays import calendar_from_db
from providers.access import is_member

from .. import clauses, rules
from ..errors import (
    AgencyOnly,
    CommentsRequired,
    ContractExists,
    LockedField,
    NotAwarded,
    NotEditable,
    NoTemplate,
    NotOffered,
    OwnerOnly,
    RunnerUpNeeded,
    SignedAfterReturn,
    SigningDeadlinePassed,
    UnfairSpecialTerms,
)
from ..fields import EDITABLE, FIELDS
from ..models import Contract, ContractRound, Signature, SigningRefusal, yuan
from ..rendering import CONTRACT_LANGUAGE, contract_text
from ..selectors.templates import current_version_for
from ._common import agency_members, link, lock, owner_members
from .owner_steps import sign_step_open

REQUIRED_TO_OFFER = ("scope", "start_date", "end_date", "deliverables", "acceptance_criteria", "acceptance_days")


def award_price(job, bid):
    """The winning price in yuan: the amount, or what the discount rate gives off the standard."""
    if job.price_mode == Job.PriceMode.DISCOUNT:
        return implied_price(job, bid.discount_rate)
    return bid.price


def _award_values(job, bid, price):
    return {
        "owner_name": job.owner.name, "owner_code": job.owner.uscc,
        "agency_name": bid.agency.name, "agency_code": bid.agency.uscc,
        "project_name": job.title, "project_code": job.project_code or _("无"),
        "item_name": job.item.name, "price": f"{price:,.2f}", "service_days": str(bid.promised_days),
    }


def _default_terms(job, bid, price, today):
    end = calendar_from_db().add_working_days(today, bid.promised_days)
    values = {
        "scope": job.description or job.item.description, "start_date": today.isoformat(),
        "end_date": end.isoformat(), "deliverables": "", "acceptance_criteria": "",
        "acceptance_days": str(settings.CONTRACT_ACCEPTANCE_WORKING_DAYS), "special_terms": _("无"),
    }
    plan = [{"title": _("提交全部成果并通过验收"), "amount": f"{price:.2f}", "due_date": end.isoformat()}]
    return values, plan


@transaction.atomic
def contract_create(*, actor, job):
    """Generate the contract of an awarded job from its template, prefilled."""
    job = Job.objects.select_for_update(of=("self",)).select_related("owner", "item__category").get(pk=job.pk)
    if not is_member(actor, job.owner_id):
        raise OwnerOnly()
    if job.status != Job.Status.AWARDED or job.winner_id is None:
        raise NotAwarded()
    if Contract.objects.filter(job=job, status__in=Contract.LIVE).exists():
        raise ContractExists()
    if SigningRefusal.objects.filter(job=job, agency__bids=job.winner_id).exists():
        raise RunnerUpNeeded()
    version = current_version_for(job.item)
    if version is None:
        raise NoTemplate()
    bid = Bid.objects.select_related("agency").get(pk=job.winner_id)
    price = award_price(job, bid)
    now = timezone.now()
    with translation.override(CONTRACT_LANGUAGE):  # the contract's own words are Chinese
        values, plan = _default_terms(job, bid, price, timezone.localdate(now))
        values = {**_award_values(job, bid, price), **values}
    sequence = Contract.objects.filter(job=job).count() + 1
    contract = Contract(
        number=f"HT{timezone.localdate(now):%Y}{job.pk:07d}-{sequence}", job=job, bid=bid, owner=job.owner,
        agency=bid.agency, template_version=version, price_fen=int(price * 100),
        values=values, milestone_plan=plan, created_by=actor,
        created_at=now, promised_days=bid.promised_days, statutory_days=job.item.statutory_days,
    )
    try:
        with transaction.atomic():
            contract.save()
    except IntegrityError:
        raise ContractExists() from None
    audit_record(actor=actor, action=Action.CONTRACT_CREATE, obj=contract,
                 after={"job": job.pk, "agency": bid.agency_id, "price_fen": contract.price_fen,
                        "template_version": version.pk})
    sign_step_open(contract, job, now)
    return contract


def _check_fair(values):
    """Whatever the owner writes into the contract is judged by the rules templates are judged by:
    an unfair term is refused in any field, not only in the special terms."""
    for key, text in values.items():
        problems = clauses.unfair_terms(str(text or ""))
        if problems:
            raise UnfairSpecialTerms(str(problems[0]), field=key)


def _checked_values(values):
    for key in values:
        if key not in EDITABLE or key == "milestones":
            label = FIELDS.get(key, key)
            raise LockedField(_("“%(field)s”来自中选结果或示范文本的固定条款，不能修改。") % {"field": label})
    cleaned = {key: str(value).strip()[:4000] for key, value in values.items()}
    for key in ("start_date", "end_date"):
        if cleaned.get(key):
            try:
                datetime.date.fromisoformat(cleaned[key])
            except ValueError:
                raise LockedField(_("请按 年-月-日 填写日期。"), field=key) from None
    if cleaned.get("acceptance_days") and not (cleaned["acceptance_days"].isdecimal()
                                              and 1 <= int(cleaned["acceptance_days"]) <= 60):
        raise LockedField(_("验收期限请填写 1 至 60 个工作日。"), field="acceptance_days")
    _check_fair(cleaned)
    return cleaned


@transaction.atomic
def contract_update(*, actor, contract, values, milestone_plan):
    """The owner fills in the marked fields and the milestone plan of a draft."""
    _job, contract = lock(contract)
    if not is_member(actor, contract.owner_id):
        raise OwnerOnly()
    if not rules.editable(contract):
        raise NotEditable()
    cleaned = _checked_values(values)
    rows = rules.parse_milestone_plan(milestone_plan, contract.price_fen)
    before = {"values": contract.values, "milestone_plan": contract.milestone_plan}
    contract.values = {**contract.values, **cleaned}
    contract.milestone_plan = [{"title": r["title"], "amount": f"{yuan(r['amount_fen'])}", "due_date": r["due_date"]}
                               for r in rows]
    contract.save(update_fields=["values", "milestone_plan"])
    audit_record(actor=actor, action=Action.CONTRACT_UPDATE, obj=contract, before=before,
                 after={"values": contract.values, "milestone_plan": contract.milestone_plan})
    return contract


@transaction.atomic
def contract_offer(*, actor, contract):
    """The owner sends the draft to the agency: a new round with the exact text both will sign,
    and the time the agency has to sign (CONTRACT_SIGN_WORKING_DAYS)."""
    _job, contract = lock(contract)
    if not is_member(actor, contract.owner_id):
        raise OwnerOnly()
    if not rules.editable(contract):
        raise NotEditable()
    for key in REQUIRED_TO_OFFER:
        if not str(contract.values.get(key, "")).strip():
            raise LockedField(_("请先填写“%(field)s”。") % {"field": FIELDS[key]}, field=key)
    _check_fair({key: contract.values.get(key, "") for key in EDITABLE if key != "milestones"})
    text, digest = contract_text(contract)
    now = timezone.now()
    number = contract.rounds.count() + 1
    ContractRound.objects.create(contract=contract, number=number, values=contract.values,
                                 milestone_plan=contract.milestone_plan, text=text, text_hash=digest,
                                 offered_by=actor, offered_at=now)
    contract.text, contract.text_hash, contract.status = text, digest, Contract.Status.OFFERED
    contract.offered_at = now
    # The time to sign runs from the first offer: sending it back does not restart it.
    contract.sign_deadline = contract.sign_deadline or calendar_from_db().end_of_working_days(
        now, settings.CONTRACT_SIGN_WORKING_DAYS)
    contract.save(update_fields=["text", "text_hash", "status", "offered_at", "sign_deadline"])
    audit_record(actor=actor, action=Action.CONTRACT_OFFER, obj=contract,
                 after={"round": number, "text_hash": digest, "sign_deadline": contract.sign_deadline})
    notify(agency_members(contract), title=_("合同待签署：%(title)s") % {"title": contract.job.title},
           body=_("项目业主已发送合同（第 %(n)s 轮），请在 %(deadline)s 前阅读并签署，"
                  "或提出修改意见退回。逾期未签署的，视为放弃中选。")
           % {"n": number, "deadline": timezone.localtime(contract.sign_deadline).strftime("%Y-%m-%d %H:%M")},
           link=link(contract))
    return contract


@transaction.atomic
def contract_return(*, actor, contract, comments):
    """The agency sends the offered text back with its comments; the owner edits again. A
    signature the owner gave to the returned round no longer counts."""
    _job, contract = lock(contract)
    if not is_member(actor, contract.agency_id):
        raise AgencyOnly()
    if not rules.signing_open(contract):
        raise NotOffered()
    if rules.refusal_due(contract, timezone.now()):
        raise SigningDeadlinePassed()
    comments = (comments or "").strip()
    if not comments:
        raise CommentsRequired(field="comments")
    current = contract.rounds.order_by("-number").first()
    if current.signatures.filter(side=Signature.Side.AGENCY).exists():
        raise SignedAfterReturn()
    current.returned_by, current.returned_at, current.comments = actor, timezone.now(), comments[:4000]
    current.save(update_fields=["returned_by", "returned_at", "comments"])
    contract.status = Contract.Status.DRAFT
    contract.save(update_fields=["status"])
    audit_record(actor=actor, action=Action.CONTRACT_RETURN, obj=contract,
                 after={"round": current.number, "comments": current.comments})
    notify(owner_members(contract), title=_("合同被退回修改：%(title)s") % {"title": contract.job.title},
           body=_("中选机构提出了修改意见：%(comments)s") % {"comments": current.comments}, link=link(contract))
    return contract
