"""The rules that judge contracts, deliveries and milestones, beside their data: pure functions
of the stored rows and `now` (plus the membership checks of providers.access). Pages call them to
show what the clock implies without writing; services call the same functions under the lock;
`manage.py advance_contracts` and the first service that touches a due row do the writes."""
import datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from providers.access import is_active_regulator, is_member

from .errors import MilestonePlanInvalid, MilestonesDoNotAddUp
from .models import Contract, Delivery, Milestone, Signature, yuan

C = Contract.Status
SIDES = (Signature.Side.OWNER, Signature.Side.AGENCY)
MAX_MILESTONES = 12


def side_of(user, contract):
    """"owner" or "agency" for a member of that party (a member of both is the owner's), else None."""
    if is_member(user, contract.owner_id):
        return Signature.Side.OWNER
    if is_member(user, contract.agency_id):
        return Signature.Side.AGENCY
    return None


def supervises(user, contract):
    """An active regulator supervising the category of the contract's service item."""
    if not is_active_regulator(user):
        return False
    return contract.job.item.category.supervisors.filter(user=user).exists()


def editable(contract) -> bool:
    return contract.status == C.DRAFT


def signing_open(contract) -> bool:
    return contract.status == C.OFFERED


def refusal_due(contract, now, *, agency_signed=False) -> bool:
    """The winner has not signed the offered text within the time allowed: it counts as
    refusing (the owner's signature alone does not stop the clock)."""
    return (contract.status == C.OFFERED and contract.sign_deadline is not None
            and contract.sign_deadline <= now and not agency_signed)


PAYABLE_JOB_STATUSES = ("contracted", "in_service", "delivered", "accepted")


def payable(contract) -> bool:
    """Milestones may be paid: the contract is signed and its job neither ended nor terminated."""
    return contract.status == C.SIGNED and contract.job.status in PAYABLE_JOB_STATUSES


SERVICE_JOB_STATUSES = ("contracted", "in_service", "delivered")


def in_service(contract) -> bool:
    """Signed, and the service is under way: deliverables are filed and decided, and either side
    (or a regulator) may end the contract early."""
    return contract.status == C.SIGNED and contract.job.status in SERVICE_JOB_STATUSES


terminable = in_service


def winner_refused(job, contract) -> bool:
    """The awarded job's winner let its time to sign run out (`contract`: the job's latest one):
    the owner may award the runner-up, or end the job when nobody is left."""
    return (job.status == "awarded" and contract is not None and contract.status == C.REFUSED
            and contract.bid_id == job.winner_id)


def deemed_accepted(delivery, now) -> bool:
    """A delivery the owner did not decide on by its deadline counts as accepted."""
    return delivery.status == Delivery.Status.SUBMITTED and delivery.review_deadline <= now


def next_change(contract, deliveries, now):
    """The next moment what the clock implies for the contract changes by itself, or None."""
    moments = []
    if contract.status == C.OFFERED and contract.sign_deadline:
        moments.append(contract.sign_deadline)
    moments += [d.review_deadline for d in deliveries if d.status == Delivery.Status.SUBMITTED]
    return min((m for m in moments if m > now), default=None)


def parse_milestone_plan(plan, price_fen):
    """The owner's milestone plan as checked rows: [{"title", "amount" (yuan, str), "due_date"
    (ISO)}] → [{"title", "amount_fen", "due_date"}]. Every amount is a positive Decimal with at
    most two places (never a float), and the amounts sum exactly to the contract price."""
    if not isinstance(plan, list) or not plan or len(plan) > MAX_MILESTONES:
        raise MilestonePlanInvalid(field="milestones")
    rows = [_milestone_row(entry) for entry in plan]
    total = sum(row["amount_fen"] for row in rows)
    if total != price_fen:
        raise MilestonesDoNotAddUp(
            _("付款节点金额合计 %(total)s 元，与合同价款 %(price)s 元不符。")
            % {"total": yuan(total), "price": yuan(price_fen)}, field="milestones")
    return rows


def _milestone_row(entry):
    try:
        title = str(entry.get("title", "")).strip()
        amount = Decimal(str(entry.get("amount", "")).replace(",", "").strip())
        due = datetime.date.fromisoformat(str(entry.get("due_date", "")).strip())
    except (AttributeError, InvalidOperation, ValueError, TypeError):
        raise MilestonePlanInvalid(field="milestones") from None
    if (not title or len(title) > 100 or not amount.is_finite() or amount <= 0
            or amount != amount.quantize(Decimal("0.01")) or amount >= Decimal("1e12")):
        raise MilestonePlanInvalid(field="milestones")
    return {"title": title, "amount_fen": int(amount * 100), "due_date": due.isoformat()}


def plan_as_text(rows):
    """The milestones as the contract's text shows them (the {{milestones}} field)."""
    return "\n".join(
        _("%(n)s. %(title)s：%(amount)s 元，计划于 %(date)s 前完成，经甲方验收后由平台结算给乙方。")
        % {"n": n, "title": row["title"], "amount": yuan(row["amount_fen"]), "date": row["due_date"]}
        for n, row in enumerate(rows, start=1))


def milestone_settled(milestone) -> bool:
    """Accepted and all its money where it belongs: released to the agency or paid offline."""
    return (milestone.status == Milestone.Status.ACCEPTED
            and milestone.released_fen + milestone.paid_offline_fen == milestone.amount_fen)


def payment_state(milestone):
    """What both sides see of a milestone's money, as (code, label)."""
    if milestone.refunded_fen and not milestone.held_fen:
        return "refunded", _("已退款")
    if milestone.paid_offline_fen:
        return "offline", _("已线下支付")
    if milestone.released_fen:
        return "released", _("已结算给机构")
    if milestone.held_fen:
        return "held", _("已支付，平台托管中")
    return "unpaid", _("未支付")
