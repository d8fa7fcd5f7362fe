"""Payments in against the live localstripe: an intent created, paid with the test card, refunded
in part and in full; what the gateway refuses to do; Stripe out of reach."""
import uuid

import pytest

from contracts import errors
from contracts.payments import gateway, localstripe_server


def key():
    return f"test-{uuid.uuid4()}"


def paid_intent(amount_fen=150000):
    intent = gateway.create_payment_intent(amount_fen=amount_fen, description="HT-2025-001 #1 环评报告初稿",
                                           metadata={"contract": "HT-2025-001", "payment": "7"},
                                           idempotency_key=key())
    gateway.confirm_test_payment(intent.id)
    return intent


def test_a_new_intent_waits_for_a_payment_method():
    intent = gateway.create_payment_intent(amount_fen=150000, description="HT-2025-001 #1 环评报告初稿",
                                           metadata={"contract": "HT-2025-001", "payment": "7"},
                                           idempotency_key=key())
    assert intent.id.startswith("pi_")
    assert intent.status == "requires_payment_method"
    assert (intent.amount_fen, intent.amount_received_fen, intent.refunded_fen) == (150000, 0, 0)
    assert intent.charge_id == ""
    assert intent.metadata["contract"] == "HT-2025-001"
    assert intent.metadata["payment"] == "7"


def test_confirmed_with_the_test_card_the_intent_succeeded_and_was_received():
    intent = paid_intent(150000)

    found = gateway.retrieve_intent(intent.id)

    assert found.status == "succeeded"
    assert found.amount_fen == 150000
    assert found.amount_received_fen == 150000
    assert found.refunded_fen == 0
    assert found.charge_id.startswith("ch_")
    assert found.metadata["payment"] == "7"
    assert isinstance(found, gateway.Intent)


def test_refunds_in_part_then_the_rest_add_up():
    intent = paid_intent(150000)

    first = gateway.refund(intent_id=intent.id, amount_fen=50000, idempotency_key=key(), metadata={"refund": "1"})

    assert first.id.startswith("re_")
    assert (first.status, first.amount_fen) == ("succeeded", 50000)
    assert gateway.retrieve_intent(intent.id).refunded_fen == 50000

    gateway.refund(intent_id=intent.id, amount_fen=100000, idempotency_key=key(), metadata={"refund": "2"})

    found = gateway.retrieve_intent(intent.id)
    assert found.refunded_fen == 150000
    assert found.amount_received_fen == 150000  # what was received stays what it was


def test_test_payments_are_refused_with_a_live_key(settings):
    intent = gateway.create_payment_intent(amount_fen=1000, description="x", metadata={}, idempotency_key=key())
    settings.STRIPE_API_KEY = "sk_live_not_a_real_key"

    with pytest.raises(errors.TestPaymentsOnly):
        gateway.confirm_test_payment(intent.id)


def test_an_unknown_intent_is_a_service_error_not_a_traceback():
    with pytest.raises(gateway.PaymentServiceUnavailable) as refused:
        gateway.retrieve_intent("pi_doesnotexist")
    assert str(refused.value) == "支付服务暂时无法连接，请稍后再试。"


@pytest.mark.parametrize("call", [
    lambda: gateway.retrieve_intent("pi_x"),
    lambda: gateway.create_payment_intent(amount_fen=1000, description="x", metadata={}, idempotency_key="k"),
    lambda: gateway.refund(intent_id="pi_x", amount_fen=100, idempotency_key="k", metadata={}),
    lambda: gateway.create_transfer(amount_fen=100, destination_account="acct_x", transfer_group="g",
                                    idempotency_key="k", metadata={}),
])
def test_stripe_out_of_reach_is_payment_service_unavailable(settings, call):
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{localstripe_server.free_port()}"  # nobody listens

    with pytest.raises(gateway.PaymentServiceUnavailable) as refused:
        call()
    assert str(refused.value) == "支付服务暂时无法连接，请稍后再试。"
