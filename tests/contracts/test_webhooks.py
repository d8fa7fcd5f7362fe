"""Stripe's webhook against localstripe: a verified event is processed exactly once, in any
order, and a bad signature or an object that is not ours is a 400 with nothing written."""
import hashlib
import hmac
import json
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F
from django.urls import reverse

from contracts.errors import UnknownPaymentObject
from contracts.models import LedgerEntry, Milestone, Payment, WebhookEvent
from contracts.payments.gateway import Event
from contracts.services import payments, webhooks
from tests.concurrency import at_once

from .helpers import signed

pytestmark = [pytest.mark.usefixtures("localstripe")]


def event(event_id, kind, intent_id, **data):
    return Event(id=event_id, type=kind, object_id=intent_id if kind.startswith("payment_intent") else "ch_x",
                 object_type=kind.split(".")[0], data={"payment_intent": intent_id, **data})


def paid_by_stripe(scene):
    """An intent paid at Stripe whose news has not reached the site yet."""
    from contracts.payments import gateway

    milestone = signed(scene).milestones.get()
    payment = payments.payment_start(actor=scene.owner_user, milestone=milestone)
    gateway.confirm_test_payment(payment.intent_id)
    return milestone, payment


def signature(payload, secret, timestamp=None):
    timestamp = timestamp or int(time.time())
    mac = hmac.new(secret.encode(), f"{timestamp}.{payload.decode()}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


@pytest.mark.django_db
def test_a_replayed_event_is_processed_once(scene):
    milestone, payment = paid_by_stripe(scene)
    succeeded = event("evt_1", "payment_intent.succeeded", payment.intent_id)
    assert webhooks.webhook_receive(succeeded) == "processed"
    assert webhooks.webhook_receive(succeeded) == "duplicate"
    milestone.refresh_from_db()
    assert milestone.paid_fen == milestone.amount_fen
    assert LedgerEntry.objects.filter(kind="paid").count() == 1 and WebhookEvent.objects.count() == 1


@pytest.mark.django_db
def test_events_in_any_order_give_the_same_ledger(scene):
    milestone, payment = paid_by_stripe(scene)
    # A later event arrives first: the state is read from Stripe, so it books the payment...
    assert webhooks.webhook_receive(event("evt_2", "charge.succeeded", payment.intent_id)) == "processed"
    # ...and the earlier ones, arriving after, book nothing more.
    assert webhooks.webhook_receive(event("evt_1", "payment_intent.created", payment.intent_id)) == "processed"
    assert webhooks.webhook_receive(event("evt_3", "payment_intent.succeeded", payment.intent_id)) == "processed"
    milestone.refresh_from_db()
    assert milestone.paid_fen == milestone.amount_fen and milestone.held_fen == milestone.amount_fen
    assert Payment.objects.get().status == Payment.Status.SUCCEEDED


@pytest.mark.django_db
def test_an_event_for_an_unknown_object_writes_nothing(scene):
    with pytest.raises(UnknownPaymentObject):
        webhooks.webhook_receive(event("evt_9", "payment_intent.succeeded", "pi_not_ours"))
    assert not WebhookEvent.objects.exists()


@pytest.mark.django_db
def test_the_endpoint_refuses_a_bad_signature_and_writes_nothing(scene, client, settings):
    milestone, payment = paid_by_stripe(scene)
    payload = json.dumps({"id": "evt_5", "object": "event", "type": "payment_intent.succeeded",
                          "data": {"object": {"id": payment.intent_id, "object": "payment_intent"}}}).encode()
    url = reverse("payments:stripe_webhook")
    for header in ("", "t=1,v1=deadbeef", signature(payload, "whsec_someone_else")):
        response = client.post(url, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)
        assert response.status_code == 400
    assert not WebhookEvent.objects.exists() and Milestone.objects.get(pk=milestone.pk).paid_fen == 0
    good = client.post(url, payload, content_type="application/json",
                       HTTP_STRIPE_SIGNATURE=signature(payload, settings.STRIPE_WEBHOOK_SECRET))
    assert good.status_code == 200
    assert Milestone.objects.get(pk=milestone.pk).paid_fen == milestone.amount_fen


@pytest.mark.django_db
def test_reconcile_finds_a_difference_planted_in_the_ledger(scene):
    milestone, payment = paid_by_stripe(scene)
    payments.payment_sync(payment.intent_id)
    call_command("reconcile_payments", verbosity=0)
    Milestone.objects.filter(pk=milestone.pk).update(paid_fen=F("paid_fen") - 100)
    Payment.objects.filter(pk=payment.pk).update(status=Payment.Status.PENDING)
    with pytest.raises(CommandError, match="2 difference"):
        call_command("reconcile_payments", verbosity=0)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_deliveries_of_one_event_at_the_same_moment_are_processed_once(scene):
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent transactions need PostgreSQL")
    milestone, payment = paid_by_stripe(scene)
    succeeded = event("evt_same", "payment_intent.succeeded", payment.intent_id)
    outcomes = at_once([lambda: webhooks.webhook_receive(succeeded)] * 2)
    assert sorted(value for _kind, value in outcomes) == ["duplicate", "processed"], outcomes
    milestone.refresh_from_db()
    assert milestone.paid_fen == milestone.amount_fen
    assert LedgerEntry.objects.filter(kind="paid").count() == 1 and WebhookEvent.objects.count() == 1
