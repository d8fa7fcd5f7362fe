"""Milestone by milestone: the agency delivers, the owner accepts or sends back, the owner pays
online or records an offline payment. Each row action posts to its own URL, calls one service
and comes back to the contract's page; a refused form is shown again in its row."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import act, submit

from .. import rules
from ..forms import DeliveryForm, OfflinePaymentForm, OptionalReasonForm, RejectForm
from ..payments import gateway
from ..selectors import contracts as selectors
from ..services import delivery, payments
from .page import contract_response


def _back(contract):
    return redirect("contracts:contract", contract_id=contract.pk)


def _refused(request, contract, kind, milestone_id, form):
    return contract_response(request, contract, side=rules.side_of(request.user, contract), status=400,
                             posted_row=(kind, milestone_id, form))


@login_required
@require_POST
def payment_start(request, milestone_id):
    milestone = selectors.milestone_for_party(milestone_id, request.user)
    try:
        started = act(request, lambda: payments.payment_start(actor=request.user, milestone=milestone))
    except gateway.PaymentServiceUnavailable:
        messages.error(request, _("支付服务暂时无法连接，请稍后再试。"))
        return _back(milestone.contract)
    if started:
        return redirect("contracts:payment", payment_id=started.value.pk)
    return _back(milestone.contract)


@login_required
@require_POST
def payment_offline(request, milestone_id):
    milestone = selectors.milestone_for_party(milestone_id, request.user)
    form = OfflinePaymentForm(request.POST, request.FILES)
    if submit(request, form, lambda data: payments.payment_record_offline(
            actor=request.user, milestone=milestone, reference=data["reference"], paid_on=data["paid_on"],
            files=data["vouchers"])):
        messages.success(request, _("线下支付已登记，合同双方已收到通知。"))
        return _back(milestone.contract)
    return _refused(request, milestone.contract, "offline", milestone.pk, form)


@login_required
@require_POST
def delivery_submit(request, milestone_id):
    milestone = selectors.milestone_for_party(milestone_id, request.user)
    form = DeliveryForm(request.POST, request.FILES)
    if submit(request, form, lambda data: delivery.delivery_submit(
            actor=request.user, milestone=milestone, note=data["note"], files=data["files"])):
        messages.success(request, _("成果已提交，项目业主已收到验收通知。"))
        return _back(milestone.contract)
    return _refused(request, milestone.contract, "deliver", milestone.pk, form)


@login_required
@require_POST
def delivery_accept(request, delivery_id):
    row = selectors.delivery_for_party(delivery_id, request.user)
    form = OptionalReasonForm(request.POST)
    if submit(request, form, lambda data: delivery.delivery_accept(
            actor=request.user, delivery=row, reason=data["reason"])):
        messages.success(request, _("已验收通过；平台托管的该节点款项将结算给中介机构。"))
        return _back(row.milestone.contract)
    return _refused(request, row.milestone.contract, "accept", row.milestone.pk, form)


@login_required
@require_POST
def delivery_reject(request, delivery_id):
    row = selectors.delivery_for_party(delivery_id, request.user)
    form = RejectForm(request.POST)
    if submit(request, form, lambda data: delivery.delivery_reject(
            actor=request.user, delivery=row, reason=data["reason"])):
        messages.success(request, _("已退回修改，中介机构已收到通知。"))
        return _back(row.milestone.contract)
    return _refused(request, row.milestone.contract, "reject", row.milestone.pk, form)
