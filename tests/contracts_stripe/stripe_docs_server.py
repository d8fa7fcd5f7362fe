"""A local HTTP server standing in for Stripe where localstripe cannot: Connect and the current
API shape.

It answers with the response bodies documented in Stripe's API reference
(https://docs.stripe.com/api), in their documented JSON shapes, abridged to the fields that
matter here, with the request's own values echoed where Stripe echoes them:

- POST /v1/accounts        → an Account object (`"object": "account"`, Express controller);
- POST /v1/account_links   → an Account Link object (`"object": "account_link"`, `url`);
- POST /v1/transfers       → a Transfer object (`"object": "transfer"`, `reversals` list);
- POST /v1/payment_intents/<id>/confirm → the intent with `next_action.redirect_to_url` (Alipay);
- GET  /v1/payment_intents/<id> → a PaymentIntent in the current shape (`latest_charge` an id,
  `amount_received`, no `charges` list), and GET /v1/refunds?payment_intent=<id> → a list of
  Refund objects: the shape localstripe does not speak;
- a destination or account `acct_missing` → Stripe's documented error body (HTTP 400,
  `invalid_request_error`, `resource_missing`).

Every request is recorded (method, path, headers, form fields) so tests can check what was sent.
"""
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

INTENT_ID = "pi_3MtwBwLkdIwHu7ix28a3tqPa"
CHARGE_ID = "ch_3MtwBwLkdIwHu7ix2BfVQqeN"


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict
    form: dict = field(default_factory=dict)


def account(form):
    return {
        "id": "acct_1Nv0FGQ9RKHgCVdK",
        "object": "account",
        "business_profile": {"annual_revenue": None, "estimated_worker_count": None, "mcc": None,
                             "name": form.get("business_profile[name]"), "product_description": None,
                             "support_address": None, "support_email": None, "support_phone": None,
                             "support_url": None, "url": None},
        "business_type": None,
        "capabilities": {"transfers": "inactive"},
        "charges_enabled": False,
        "controller": {"fees": {"payer": "application"}, "is_controller": True,
                       "losses": {"payments": "application"}, "requirement_collection": "stripe",
                       "stripe_dashboard": {"type": "express"}, "type": "application"},
        "country": "US",
        "created": int(time.time()),
        "default_currency": "usd",
        "details_submitted": False,
        "email": form.get("email"),
        "external_accounts": {"object": "list", "data": [], "has_more": False, "total_count": 0,
                              "url": "/v1/accounts/acct_1Nv0FGQ9RKHgCVdK/external_accounts"},
        "metadata": {},
        "payouts_enabled": False,
        "type": "express",
    }


def account_link(form):
    now = int(time.time())
    return {
        "object": "account_link",
        "created": now,
        "expires_at": now + 300,
        "url": f"https://connect.stripe.com/setup/e/{form.get('account')}/TqckGNUHg2mG",
    }


def transfer(form):
    transfer_id = "tr_1MiN3gLkdIwHu7ixNCZvFdgA"
    return {
        "id": transfer_id,
        "object": "transfer",
        "amount": int(form["amount"]),
        "amount_reversed": 0,
        "balance_transaction": "txn_1MiN3gLkdIwHu7ixxapQrznl",
        "created": int(time.time()),
        "currency": form.get("currency"),
        "description": None,
        "destination": form.get("destination"),
        "destination_payment": "py_1MiN3gQ9PRzxEwkZWTPGNq9o",
        "livemode": False,
        "metadata": {k[len("metadata["):-1]: v for k, v in form.items() if k.startswith("metadata[")},
        "reversals": {"object": "list", "data": [], "has_more": False, "total_count": 0,
                      "url": f"/v1/transfers/{transfer_id}/reversals"},
        "reversed": False,
        "source_transaction": None,
        "source_type": "card",
        "transfer_group": form.get("transfer_group"),
    }


def payment_intent():
    """A succeeded PaymentIntent of ¥1,000.00 in the current shape."""
    return {
        "id": INTENT_ID,
        "object": "payment_intent",
        "amount": 100000,
        "amount_capturable": 0,
        "amount_received": 100000,
        "capture_method": "automatic",
        "client_secret": f"{INTENT_ID}_secret_YrKJUKribcBjcG8HVhfZluoGH",
        "confirmation_method": "automatic",
        "created": 1680800504,
        "currency": "cny",
        "latest_charge": CHARGE_ID,
        "livemode": False,
        "metadata": {"payment": "7"},
        "payment_method": "pm_1MtwBwLkdIwHu7ixvDjXaUsp",
        "payment_method_types": ["card"],
        "status": "succeeded",
    }


def refunds_list():
    """One succeeded refund of ¥300.00, one pending of ¥100.00: only the first counts."""
    def refund(refund_id, amount, status):
        return {"id": refund_id, "object": "refund", "amount": amount, "balance_transaction": None,
                "charge": CHARGE_ID, "created": 1692942318, "currency": "cny", "metadata": {},
                "payment_intent": INTENT_ID, "reason": None, "receipt_number": None,
                "source_transfer_reversal": None, "status": status, "transfer_reversal": None}
    return {"object": "list", "url": "/v1/refunds", "has_more": False,
            "data": [refund("re_3MtwBwLkdIwHu7ix0aLo2vKd", 30000, "succeeded"),
                     refund("re_3MtwBwLkdIwHu7ix1xxxxxxx", 10000, "pending")]}


def missing(param):
    return {"error": {"code": "resource_missing", "doc_url": "https://stripe.com/docs/error-codes/resource-missing",
                      "message": "No such destination: 'acct_missing'", "param": param,
                      "type": "invalid_request_error"}}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Request-Id", "req_docs")
        self.end_headers()
        self.wfile.write(data)

    def _record(self, form):
        self.server.recorded.append(Recorded(self.command, urlsplit(self.path).path, dict(self.headers), form))

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        form = dict(parse_qsl(self.rfile.read(length).decode(), keep_blank_values=True))
        self._record(form)
        path = urlsplit(self.path).path
        if path == "/v1/transfers":
            if form.get("destination") == "acct_missing":
                return self._answer(400, missing("destination"))
            return self._answer(200, transfer(form))
        if path == "/v1/accounts":
            return self._answer(200, account(form))
        if path == f"/v1/payment_intents/{INTENT_ID}/confirm":
            return self._answer(200, confirmed_with_redirect(form))
        if path == "/v1/account_links":
            if form.get("account") == "acct_missing":
                return self._answer(400, missing("account"))
            return self._answer(200, account_link(form))
        return self._answer(404, {"error": {"type": "invalid_request_error", "message": "Unrecognized request URL"}})

    def do_GET(self):
        parts = urlsplit(self.path)
        query = dict(parse_qsl(parts.query))
        self._record(query)
        if parts.path == f"/v1/payment_intents/{INTENT_ID}":
            return self._answer(200, payment_intent())
        if parts.path == "/v1/refunds" and query.get("payment_intent") == INTENT_ID:
            return self._answer(200, refunds_list())
        return self._answer(404, {"error": {"type": "invalid_request_error", "message": "Unrecognized request URL"}})


def confirmed_with_redirect(form):
    """A PaymentIntent confirmed with a redirect-based method (Alipay): `requires_action` with
    `next_action.redirect_to_url` (API reference: PaymentIntent object, next_action)."""
    return {
        "id": INTENT_ID, "object": "payment_intent", "amount": 2000, "amount_received": 0, "currency": "cny",
        "status": "requires_action", "capture_method": "automatic", "latest_charge": None,
        "payment_method_types": [form.get("payment_method_data[type]", "alipay")], "metadata": {},
        "next_action": {"type": "redirect_to_url", "redirect_to_url": {
            "return_url": form.get("return_url"),
            "url": "https://hooks.stripe.com/redirect/authenticate/src_1Mdr1eLkdIwHu7ixD3gkWpMs?client_secret=src_x"}},
    }


class DocsServer:
    """`with DocsServer() as server:` serves on a free port of 127.0.0.1 in a thread."""

    def __enter__(self):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.recorded = []
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    @property
    def recorded(self):
        return self.httpd.recorded
