"""The contract's page as both parties see it, built once for the GET and for every action a
service refused (then shown again with the posted form and its errors, status 400).

The page holds no rules: what each side may do comes from contracts/rules.py as `can_*` flags
(and from the services' own constants of which job statuses allow what), what the clock implies
is shown without writing."""
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.shortcuts import render
from django.utils import timezone

from bidding.models import Job
from core.errors import DomainError

from .. import rules
from ..forms import (
    DeliveryForm,
    OfflinePaymentForm,
    OptionalReasonForm,
    ReasonForm,
    RejectForm,
    ReturnForm,
    SignForm,
)
from ..models import Delivery, Milestone, Payment, Signature, yuan
from ..rendering import contract_text
from ..selectors.award import runner_up
from ..selectors.clocks import contract_clocks
from ..selectors.contracts import contract_page

SIDE = Signature.Side


@dataclass
class MilestoneRow:
    milestone: Milestone
    payment_state: tuple
    open_delivery: Delivery | None = None
    deemed: bool = False  # the open delivery's acceptance days ran out: it counts as accepted
    pending_payment: Payment | None = None
    payout: object = None
    payout_amount: object = None
    refunds: list = field(default_factory=list)  # (refund, amount in yuan)
    can_pay: bool = False
    can_deliver: bool = False
    can_decide: bool = False
    deliver_form: DeliveryForm | None = None
    offline_form: OfflinePaymentForm | None = None
    accept_form: OptionalReasonForm | None = None
    reject_form: RejectForm | None = None
    failed: set = field(default_factory=set)  # which of the row's forms a refusal brought back
    errors: list = field(default_factory=list)  # a refusal whose form the row no longer shows


def _open_payment(milestone):
    return next((p for p in milestone.payments.all() if p.status in (Payment.Status.PENDING,
                                                                     Payment.Status.SUCCEEDED)), None)


def _payout(milestone):
    try:
        return milestone.payout
    except ObjectDoesNotExist:
        return None


SHOWN_BY = {"offline": "can_pay", "deliver": "can_deliver", "accept": "can_decide", "reject": "can_decide"}


def _show_refusal(row, kind, _milestone_id, form):
    """The refused form in its row, or, when the row no longer offers that action (the viewer
    may not do it, or the state moved on), its errors."""
    if getattr(row, SHOWN_BY[kind]):
        setattr(row, f"{kind}_form", form)
        row.failed.add(kind)
    else:
        row.errors = [error for errors in form.errors.values() for error in errors]


def _rows(contract, side, now, posted):
    """One row per milestone with what the viewer may do on it; `posted` is
    (kind, milestone_id, form) of a refused row action, shown again in its row."""
    data = contract_page(contract)
    payable, in_service = rules.payable(contract), rules.in_service(contract)
    rows = []
    for milestone in data.milestones:
        open_delivery = next((d for d in milestone.deliveries.all() if d.status == Delivery.Status.SUBMITTED), None)
        open_payment = _open_payment(milestone)
        row = MilestoneRow(
            milestone=milestone, payment_state=rules.payment_state(milestone), open_delivery=open_delivery,
            deemed=bool(open_delivery and rules.deemed_accepted(open_delivery, now)),
            pending_payment=(open_payment if side == SIDE.OWNER and open_payment
                             and open_payment.status == Payment.Status.PENDING else None),
            payout=_payout(milestone), refunds=[(r, yuan(r.amount_fen)) for r in milestone.refunds.all()],
        )
        row.payout_amount = yuan(row.payout.amount_fen) if row.payout else None
        row.can_pay = (side == SIDE.OWNER and payable and open_payment is None
                       and milestone.status != Milestone.Status.CANCELLED)
        row.can_deliver = side == SIDE.AGENCY and in_service and milestone.status == Milestone.Status.PENDING
        row.can_decide = side == SIDE.OWNER and in_service and open_delivery is not None and not row.deemed
        if row.can_pay:
            row.offline_form = OfflinePaymentForm()
        if row.can_deliver:
            row.deliver_form = DeliveryForm()
        if row.can_decide:
            row.accept_form, row.reject_form = OptionalReasonForm(), RejectForm()
        if posted and posted[1] == milestone.pk:
            _show_refusal(row, *posted)
        rows.append(row)
    return data, rows


def _draft_preview(contract):
    """The text the draft would be offered as, for the owner to read before offering it."""
    if not rules.editable(contract):
        return None
    try:
        return contract_text(contract)[0]
    except DomainError:  # a plan that does not hold yet: the edit form says why
        return None


def contract_context(request, contract, *, side, posted_row=None, **forms):
    """Everything the contract's page shows. `side` is the viewer's ("owner", "agency") or None
    for a supervising regulator (who sees the page read-only)."""
    now = timezone.now()
    data, rows = _rows(contract, side, now, posted_row)
    current = data.current_round
    signed_sides = {s.side for s in current.signatures.all()} if current else set()
    signing = rules.signing_open(contract)
    job = contract.job
    terminable = rules.terminable(contract)
    proposed_by = contract.termination_proposed_by
    can_sign = bool(side) and signing and side not in signed_sides and not (
        side == SIDE.AGENCY and rules.refusal_due(contract, now))
    context = {
        "contract": contract,
        "job": job,
        "side": side,
        "rounds": data.rounds,
        "current_round": current,
        "signatures": [s for r in data.rounds for s in r.signatures.all()],
        "rows": rows,
        "refusal_due": rules.refusal_due(contract, now, agency_signed=SIDE.AGENCY in signed_sides),
        "can_edit": side == SIDE.OWNER and rules.editable(contract),
        "can_offer": side == SIDE.OWNER and rules.editable(contract),
        "can_return": side == SIDE.AGENCY and signing and SIDE.AGENCY not in signed_sides,
        "can_sign": can_sign,
        "can_pdf": contract.is_signed and bool(contract.pdf),
        "draft_preview": _draft_preview(contract),
        "can_start": side == SIDE.AGENCY and terminable and job.status == Job.Status.CONTRACTED,
        "can_propose": bool(side) and terminable and not proposed_by,
        "can_withdraw": bool(side) and terminable and proposed_by == side,
        "can_confirm": bool(side) and terminable and bool(proposed_by) and proposed_by != side,
        "can_runner_up": side == SIDE.OWNER and rules.winner_refused(job, contract) and runner_up(job) is not None,
        "can_end_unsigned": side == SIDE.OWNER and rules.winner_refused(job, contract) and runner_up(job) is None,
        "terminable": terminable,
        "proposed_by_label": dict(SIDE.choices).get(proposed_by, ""),
        # Clocks on both sides: the owner's timed steps and the agency's service time without
        # the owner's late days (contracts.owner_clock).
        "clocks": contract_clocks(contract, now),
    }
    if context["can_return"]:
        context["return_form"] = ReturnForm()
    if can_sign:
        context["sign_form"] = SignForm(user=request.user, contract=contract)
    if context["can_propose"]:
        context["propose_form"] = ReasonForm()
    context.update(forms)
    return context


def contract_response(request, contract, *, side, status=200, posted_row=None, **forms):
    context = contract_context(request, contract, side=side, posted_row=posted_row, **forms)
    return render(request, "contracts/contract.html", context, status=status)
