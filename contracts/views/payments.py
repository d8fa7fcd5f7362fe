"""The owner's payment page, and Stripe's webhook.

The payment page shows what the platform knows of the payment and never writes; in test mode it
offers Stripe's test card (payments.payment_pay_test). The webhook answers 400 to anything it
cannot verify or does not know, 503 while Stripe cannot be reached (Stripe delivers again), and
200 otherwise: never a 500 that would make Stripe retry an event that will always fail."""
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.forms import act

from ..errors import UnknownPaymentObject
from ..models import Payment
from ..payments import gateway
from ..selectors.contracts import payment_for_owner
from ..services import payments, webhooks

logger = logging.getLogger(__name__)


@login_required
def payment_page(request, payment_id):
    payment = payment_for_owner(payment_id, request.user)
    pending = payment.status == Payment.Status.PENDING
    return render(request, "contracts/payment.html", {
        "payment": payment, "milestone": payment.milestone, "contract": payment.milestone.contract,
        "pending": pending,
        "can_pay_test": pending and bool(payment.intent_id) and payments.test_payments_enabled(),
    })


@login_required
@require_POST
def payment_pay_test(request, payment_id):
    payment = payment_for_owner(payment_id, request.user)
    try:
        act(request, lambda: payments.payment_pay_test(actor=request.user, payment=payment),
            done=_("测试支付已提交，平台已按支付服务的结果入账。"))
    except gateway.PaymentServiceUnavailable:
        messages.error(request, _("支付服务暂时无法连接，请稍后再试。"))
    return redirect("contracts:payment", payment_id=payment.pk)


@csrf_exempt
@require_POST
def stripe_webhook(request):
    try:
        event = gateway.parse_webhook(request.body, request.headers.get("Stripe-Signature", ""))
    except gateway.WebhookRefused:
        return JsonResponse({"status": "refused"}, status=400)
    try:
        status = webhooks.webhook_receive(event)
    except UnknownPaymentObject:
        return JsonResponse({"status": "unknown"}, status=400)
    except gateway.PaymentServiceUnavailable:
        logger.warning("Stripe unreachable while processing event %s; Stripe will deliver it again",
                       getattr(event, "id", "?"))
        return JsonResponse({"status": "unavailable"}, status=503)
    except Exception:  # a bug must not turn into a 500 page; Stripe delivers the event again
        logger.exception("Stripe event %s could not be processed", getattr(event, "id", "?"))
        return JsonResponse({"status": "error"}, status=503)
    return JsonResponse({"status": status})
