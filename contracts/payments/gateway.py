"""The only module that talks to Stripe. Everything else gets plain frozen dataclasses.

Conventions:
- Amounts are integer fen (Stripe's smallest unit of CNY), never floats.
- Two servers answer: Stripe itself (current API shape) and, with no keys set, localstripe, a
  local fake that answers in an old shape: a PaymentIntent's charges in `charges.data` (and
  `latest_charge` embedded as an object), no `amount_received`, refunds in
  `charge.refunds.data`, no `description` accepted on a PaymentIntent, no Connect. Every
  reader below accepts both shapes.
- Every Stripe failure (network, API, authentication) becomes `PaymentServiceUnavailable`, so
  no traceback reaches a user; the cause is logged and chained.
- Writes carry an idempotency key from the caller (one per row of ours), so a retry after a
  timeout never pays, refunds or transfers twice.
"""
import functools
import json
import logging
from dataclasses import dataclass, field
from urllib.parse import urlparse

import stripe
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError

from ..errors import TestPaymentsOnly

logger = logging.getLogger(__name__)

WEBHOOK_TOLERANCE_SECONDS = 300
TEST_CARD = "pm_card_visa"  # Stripe's (and localstripe's) test Visa 4242 4242 4242 4242
STRIPE_HOSTS = {"api.stripe.com"}


class PaymentServiceUnavailable(DomainError):
    default_message = _("支付服务暂时无法连接，请稍后再试。")


class WebhookRefused(DomainError):
    default_message = _("支付通知无法验证，已拒绝。")


@dataclass(frozen=True)
class Intent:
    id: str
    status: str
    amount_fen: int
    amount_received_fen: int
    refunded_fen: int
    charge_id: str
    metadata: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Refund:
    id: str
    status: str
    amount_fen: int


@dataclass(frozen=True)
class Transfer:
    id: str
    amount_fen: int
    destination: str
    reversed: bool


@dataclass(frozen=True)
class Event:
    id: str
    type: str
    object_id: str
    object_type: str
    data: dict  # the event's `data.object`, as plain JSON


# --- the client ---------------------------------------------------------------------------

@functools.lru_cache(maxsize=4)
def _client_for(api_key, api_base, timeout, retries):
    return stripe.StripeClient(
        api_key, base_addresses={"api": api_base}, max_network_retries=retries,
        http_client=stripe.RequestsClient(timeout=timeout))


def _client():
    """One client per settings values: tests and the demo change the base address at run time."""
    return _client_for(settings.STRIPE_API_KEY, settings.STRIPE_API_BASE,
                       getattr(settings, "STRIPE_TIMEOUT_SECONDS", 20),
                       getattr(settings, "STRIPE_NETWORK_RETRIES", 2))


def _is_stripe():
    """True against Stripe itself; False against localstripe (or any local stand-in)."""
    return urlparse(settings.STRIPE_API_BASE).hostname in STRIPE_HOSTS


def _call(what, function, *args, **kwargs):
    """Run one Stripe call; return its result as plain dicts; turn every failure into
    PaymentServiceUnavailable."""
    try:
        result = function(*args, **kwargs)
    except stripe.StripeError as error:
        logger.warning("Stripe %s failed: %s: %s", what, type(error).__name__, error)
        raise PaymentServiceUnavailable() from error
    return result.to_dict()


# --- payments in ---------------------------------------------------------------------------

def create_payment_intent(*, amount_fen: int, currency=None, description: str, metadata: dict,
                          idempotency_key: str) -> Intent:
    """A PaymentIntent into the platform's account, captured automatically.

    Never manual capture: an authorisation is not an escrow. Card authorisations lapse after a
    few days (seven for most cards), far shorter than a milestone, so the platform takes the
    money at once and holds it in its own balance until acceptance (ledger.py), then transfers
    or refunds it."""
    params = {
        "amount": amount_fen, "currency": currency or getattr(settings, "STRIPE_CURRENCY", "cny"),
        "capture_method": "automatic", "payment_method_types": method_types(),
        "metadata": {**metadata, "description": description[:500]},
    }
    if _is_stripe():  # localstripe refuses `description` on a PaymentIntent ("Unexpected")
        params["description"] = description
    data = _call("create_payment_intent", _client().v1.payment_intents.create, params=params,
                 options={"idempotency_key": idempotency_key})
    return _intent(data, refunded_fen=0)


def method_types():
    """The payment methods an intent offers (settings.STRIPE_PAYMENT_METHOD_TYPES): "card" for the
    demo's test card, a redirect-based method such as "alipay" in production."""
    return list(getattr(settings, "STRIPE_PAYMENT_METHOD_TYPES", None) or ["card"])


def confirm_with_redirect(intent_id: str, *, method_type: str, return_url: str) -> str:
    """Confirm an intent with a redirect-based payment method (Alipay): the payer approves the
    payment on the method's own page. Returns the address to send the payer to; Stripe sends
    them back to `return_url` and reports the result by webhook. No card data and no script from
    a CDN ever touch the site's pages."""
    data = _call("confirm_with_redirect", _client().v1.payment_intents.confirm, intent_id,
                 params={"payment_method_data": {"type": method_type}, "return_url": return_url})
    url = ((data.get("next_action") or {}).get("redirect_to_url") or {}).get("url")
    if not url:
        logger.warning("Stripe gave no redirect for intent %s (status %s)", intent_id, data.get("status"))
        raise PaymentServiceUnavailable()
    return url


def confirm_test_payment(intent_id: str) -> Intent:
    """Pay an intent with Stripe's test card, server side: for the demo and the tests only.

    Refused unless the key is a test key, so it can never charge a real card. The card is set
    by an update and then confirmed without parameters: localstripe does not implement
    `payment_method` on confirm, and Stripe accepts both steps."""
    if not settings.STRIPE_API_KEY.startswith("sk_test_"):
        raise TestPaymentsOnly()
    client = _client()
    _call("attach test card", client.v1.payment_intents.update, intent_id, params={"payment_method": TEST_CARD})
    _call("confirm_test_payment", client.v1.payment_intents.confirm, intent_id)
    return retrieve_intent(intent_id)


def cancel_intent(intent_id: str, *, idempotency_key: str) -> None:
    """Cancel an intent nobody has paid yet (its contract ended): it can no longer be paid."""
    _call("cancel_intent", _client().v1.payment_intents.cancel, intent_id,
          options={"idempotency_key": idempotency_key})


def retrieve_intent(intent_id: str) -> Intent:
    """Stripe's current state of an intent, with what was received and refunded."""
    client = _client()
    data = _call("retrieve_intent", client.v1.payment_intents.retrieve, intent_id,
                 params={"expand": ["latest_charge"]})
    charge = _charge_of(data)
    refunds = _refunds_of(charge)
    if refunds is None and charge:  # current shape: a charge no longer lists its refunds
        refunds = _all_refunds(client, intent_id)
    refunded = sum(r.get("amount") or 0 for r in refunds or () if r.get("status") == "succeeded")
    return _intent(data, refunded_fen=refunded, charge=charge)


def _all_refunds(client, intent_id):
    """Every refund of the intent, through all pages (GET /v1/refunds?payment_intent=…)."""
    try:
        return [r.to_dict() for r in client.v1.refunds.list(
            params={"payment_intent": intent_id, "limit": 100}).auto_paging_iter()]
    except stripe.StripeError as error:
        logger.warning("Stripe list refunds failed: %s: %s", type(error).__name__, error)
        raise PaymentServiceUnavailable() from error


def _charge_of(intent):
    """The intent's charge as a dict, from `latest_charge` (an id, or an object when expanded or
    from localstripe) or the old `charges.data`; None before any charge."""
    latest = intent.get("latest_charge")
    if isinstance(latest, dict):
        return latest
    old = ((intent.get("charges") or {}).get("data") or [])
    if old:
        return old[0] if not latest else next((c for c in old if c.get("id") == latest), old[0])
    return {"id": latest} if latest else None


def _refunds_of(charge):
    """The old shape's `charge.refunds.data`, or None when the charge does not list them whole."""
    listed = (charge or {}).get("refunds")
    if not isinstance(listed, dict) or listed.get("has_more") or "data" not in listed:
        return None
    return listed["data"]


def _intent(data, *, refunded_fen, charge=None):
    status = data.get("status") or ""
    received = data.get("amount_received")
    if received is None:  # old shape: what the captured charge took
        captured = charge and charge.get("captured") and charge.get("status") == "succeeded"
        received = (charge.get("amount") or 0) if captured else 0
    return Intent(id=data["id"], status=status, amount_fen=int(data.get("amount") or 0),
                  amount_received_fen=int(received), refunded_fen=int(refunded_fen),
                  charge_id=(charge or {}).get("id") or "", metadata=dict(data.get("metadata") or {}))


def refund(*, intent_id: str, amount_fen: int, idempotency_key: str, metadata: dict) -> Refund:
    """Refund part or all of a paid intent to the card it came from."""
    data = _call("refund", _client().v1.refunds.create,
                 params={"payment_intent": intent_id, "amount": amount_fen, "metadata": metadata},
                 options={"idempotency_key": idempotency_key})
    return Refund(id=data["id"], status=data.get("status") or "", amount_fen=int(data.get("amount") or 0))


# --- payments out: Stripe Connect (not in localstripe) --------------------------------------

def create_transfer(*, amount_fen: int, destination_account: str, transfer_group: str, idempotency_key: str,
                    metadata: dict) -> Transfer:
    """Move money from the platform's balance to an agency's connected account."""
    data = _call("create_transfer", _client().v1.transfers.create, params={
        "amount": amount_fen, "currency": getattr(settings, "STRIPE_CURRENCY", "cny"),
        "destination": destination_account, "transfer_group": transfer_group, "metadata": metadata,
    }, options={"idempotency_key": idempotency_key})
    return Transfer(id=data["id"], amount_fen=int(data.get("amount") or 0),
                    destination=_id(data.get("destination")), reversed=bool(data.get("reversed")))


def create_connected_account(*, email: str, business_name: str, idempotency_key: str | None = None) -> str:
    """An Express account for an agency (Stripe hosts its onboarding); returns its id."""
    options = {"idempotency_key": idempotency_key} if idempotency_key else None
    data = _call("create_connected_account", _client().v1.accounts.create, params={
        "type": "express", "email": email, "business_profile": {"name": business_name},
        "capabilities": {"transfers": {"requested": True}},
    }, options=options)
    return data["id"]


def account_onboarding_link(account_id: str, refresh_url: str, return_url: str) -> str:
    """A single-use link to Stripe's hosted onboarding for the account (expires in minutes)."""
    data = _call("account_onboarding_link", _client().v1.account_links.create, params={
        "account": account_id, "refresh_url": refresh_url, "return_url": return_url,
        "type": "account_onboarding",
    })
    return data["url"]


def _id(value):
    return (value.get("id") or "") if isinstance(value, dict) else (value or "")


# --- webhooks ------------------------------------------------------------------------------

def parse_webhook(payload: bytes, signature_header: str) -> Event:
    """Verify a webhook's Stripe-Signature (HMAC over the raw body with STRIPE_WEBHOOK_SECRET,
    timestamp within five minutes) and read it. Raises WebhookRefused otherwise."""
    if not signature_header:
        raise WebhookRefused()
    try:
        stripe.WebhookSignature.verify_header(payload, signature_header, settings.STRIPE_WEBHOOK_SECRET,
                                              WEBHOOK_TOLERANCE_SECONDS)
        body = json.loads(payload)
    except (stripe.SignatureVerificationError, ValueError) as error:  # ValueError: bad UTF-8 or JSON
        logger.warning("Stripe webhook refused: %s", error)
        raise WebhookRefused() from error
    obj = (body.get("data") or {}).get("object") if isinstance(body, dict) else None
    if not isinstance(obj, dict) or not body.get("id") or not body.get("type"):
        raise WebhookRefused()
    return Event(id=str(body["id"]), type=str(body["type"]), object_id=str(obj.get("id") or ""),
                 object_type=str(obj.get("object") or ""), data=obj)
