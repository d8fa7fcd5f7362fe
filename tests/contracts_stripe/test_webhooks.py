"""Webhooks: an event localstripe delivers (signed with the tests' secret) to a small HTTP server
here is verified and read by parse_webhook; anything tampered, unsigned, stale or not JSON is
refused with WebhookRefused."""
import json
import queue
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import stripe

from contracts.payments import gateway, localstripe_server

from .conftest import WEBHOOK_SECRET


class Receiver:
    """Collects the (body, Stripe-Signature) of every POST, on a free port of 127.0.0.1."""

    def __init__(self):
        self.received = queue.Queue()
        received = self.received

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                received.put((body, self.headers.get("Stripe-Signature", "")))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/payments/stripe/webhook/"

    def event_about(self, object_id, timeout=10):
        """The first delivery whose object is object_id (localstripe sends after a second)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                body, signature = self.received.get(timeout=0.2)
            except queue.Empty:
                continue
            if json.loads(body)["data"]["object"].get("id") == object_id:
                return body, signature
        raise AssertionError(f"no webhook about {object_id} within {timeout} s")


@pytest.fixture(scope="module")
def receiver(localstripe):
    receiver = Receiver()
    receiver.thread.start()
    name = f"tests-{uuid.uuid4().hex[:8]}"
    localstripe_server.register_webhook(localstripe.url, name, receiver.url, WEBHOOK_SECRET)
    yield receiver
    # localstripe cannot delete a webhook: leave it listening to an event type that never comes
    localstripe_server.register_webhook(localstripe.url, name, receiver.url, WEBHOOK_SECRET, events=["tests.done"])
    receiver.httpd.shutdown()
    receiver.httpd.server_close()


@pytest.fixture(scope="module")
def delivered(receiver):
    """localstripe's payment_intent.succeeded for an intent paid with the test card."""
    intent = gateway.create_payment_intent(amount_fen=88800, description="HT-2025-002 #2 验收",
                                           metadata={"payment": "9"}, idempotency_key=f"test-{uuid.uuid4()}")
    gateway.confirm_test_payment(intent.id)
    body, signature = receiver.event_about(intent.id)
    return intent, body, signature


def test_a_delivered_event_is_verified_and_read(delivered):
    intent, body, signature = delivered

    event = gateway.parse_webhook(body, signature)

    assert event.type == "payment_intent.succeeded"
    assert event.id.startswith("evt_")
    assert event.object_id == intent.id
    assert event.object_type == "payment_intent"
    assert event.data["amount"] == 88800
    assert event.data["metadata"]["payment"] == "9"


def test_a_tampered_body_is_refused(delivered):
    _, body, signature = delivered
    tampered = body.replace(b'"amount": 88800', b'"amount": 1')
    assert tampered != body

    with pytest.raises(gateway.WebhookRefused) as refused:
        gateway.parse_webhook(tampered, signature)
    assert str(refused.value) == "支付通知无法验证，已拒绝。"


def test_a_tampered_signature_is_refused(delivered):
    _, body, signature = delivered
    timestamp, _, digest = signature.partition(",v1=")
    forged = f"{timestamp},v1={'0' * len(digest)}"

    with pytest.raises(gateway.WebhookRefused):
        gateway.parse_webhook(body, forged)


def test_a_signature_with_another_secret_is_refused(delivered):
    _, body, _ = delivered
    other = stripe.WebhookSignature.generate_signature_header(body.decode(), "whsec_someone_else")

    with pytest.raises(gateway.WebhookRefused):
        gateway.parse_webhook(body, other)


@pytest.mark.parametrize("header", ["", "garbage", "t=notanumber,v1=abc", "t=1700000000"])
def test_a_missing_or_malformed_header_is_refused(delivered, header):
    _, body, _ = delivered

    with pytest.raises(gateway.WebhookRefused):
        gateway.parse_webhook(body, header)


def test_a_stale_event_is_refused():
    body = json.dumps({"id": "evt_old", "type": "payment_intent.succeeded",
                       "data": {"object": {"id": "pi_x", "object": "payment_intent"}}})
    stale = stripe.WebhookSignature.generate_signature_header(body, WEBHOOK_SECRET, timestamp=int(time.time()) - 301)

    with pytest.raises(gateway.WebhookRefused):
        gateway.parse_webhook(body.encode(), stale)


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'{"id": "evt_1", "type": "x"}', b"\xff\xfe"])
def test_a_signed_body_that_is_not_an_event_is_refused(body):
    signature = stripe.WebhookSignature.generate_signature_header(body.decode("latin-1"), WEBHOOK_SECRET)

    with pytest.raises(gateway.WebhookRefused):
        gateway.parse_webhook(body, signature)
