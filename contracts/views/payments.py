"""The owner's payment page, and Stripe's webhook.

The payment page shows what the platform knows of the payment and never writes; in test mode it
offers Stripe's test card (payments.payment_pay_test). The webhook answers 400 to anything it
cannot verify or does not know, 503 while Stripe cannot be reached (Stripe delivers again), and
200 otherwise: never a 500 that would make Stripe retry an event that will always fail."""
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.forms import act
from providers.access import is_member
from providers.selectors.organisations import organisation_for_member

from ..errors import UnknownPaymentObject
from ..models import Payment, Payout, PayoutAccount
from ..payments import gateway
from ..selectors.contracts import payment_for_owner
from ..services import payments, payout_accounts, webhooks

logger = logging.getLogger(__name__)


@login_required
def payment_page(request, payment_id):
    payment = payment_for_owner(payment_id, request.user)
    pending = payment.status == Payment.Status.PENDING
    return render(request, "contracts/payment.html", {
        "payment": payment, "milestone": payment.milestone, "contract": payment.milestone.contract,
        "pending": pending,
        "can_pay_test": pending and bool(payment.intent_id) and payments.test_payments_enabled()
        and "card" in gateway.method_types(),
        "can_pay_redirect": pending and bool(payment.intent_id) and any(
            method != "card" for method in gateway.method_types()),
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


@login_required
@require_POST
def payment_redirect(request, payment_id):
    """Send the owner to the payment method's own page (Alipay); Stripe brings them back here."""
    payment = payment_for_owner(payment_id, request.user)
    back = request.build_absolute_uri(reverse("contracts:payment", args=[payment.pk]))
    done = act(request, lambda: payments.payment_redirect(actor=request.user, payment=payment, return_url=back))
    if done:
        return HttpResponseRedirect(done.value)
    return redirect("contracts:payment", payment_id=payment.pk)


@login_required
def payout_account(request):
    """An agency's connected account for its payouts: its state, and the way to Stripe's
    onboarding (an admin of the agency; only where the platform uses Stripe Connect)."""
    agency = organisation_for_member(request.GET.get("org") or request.POST.get("org"), request.user)
    account = PayoutAccount.objects.filter(organisation=agency).first()
    if request.method == "POST":
        here = request.build_absolute_uri(f"{reverse('contracts:payout_account')}?org={agency.pk}")
        done = act(request, lambda: payout_accounts.payout_account_open(
            actor=request.user, agency=agency, refresh_url=here, return_url=here))
        if done:
            return HttpResponseRedirect(done.value)
    return render(request, "contracts/payout_account.html", {
        "agency": agency, "account": account, "connect": payout_accounts.connect_enabled(),
        "is_admin": is_member(request.user, agency.pk, admin=True),
        "waiting": Payout.objects.filter(milestone__contract__agency=agency, status=Payout.Status.PENDING).count(),
    })
