"""Stripe Connect and the current API shape, which localstripe lacks: against a local server
answering with the bodies of Stripe's API reference (stripe_docs_server.py), checking both what
the gateway sends and how it reads the answer."""
import pytest

from contracts.payments import gateway

from .stripe_docs_server import CHARGE_ID, INTENT_ID, DocsServer


@pytest.fixture
def docs(settings):
    with DocsServer() as server:
        settings.STRIPE_API_BASE = server.url
        yield server


def test_a_transfer_sends_the_amount_destination_group_and_idempotency_key(docs):
    transfer = gateway.create_transfer(amount_fen=120000, destination_account="acct_1Nv0FGQ9RKHgCVdK",
                                       transfer_group="HT-2025-001", idempotency_key="payout-12",
                                       metadata={"contract": "HT-2025-001", "milestone": "3"})

    assert transfer == gateway.Transfer(id="tr_1MiN3gLkdIwHu7ixNCZvFdgA", amount_fen=120000,
                                        destination="acct_1Nv0FGQ9RKHgCVdK", reversed=False)
    [sent] = docs.recorded
    assert (sent.method, sent.path) == ("POST", "/v1/transfers")
    assert sent.headers["Idempotency-Key"] == "payout-12"
    assert sent.headers["Authorization"] == "Bearer sk_test_contracts_stripe"
    assert sent.form == {"amount": "120000", "currency": "cny", "destination": "acct_1Nv0FGQ9RKHgCVdK",
                         "transfer_group": "HT-2025-001", "metadata[contract]": "HT-2025-001",
                         "metadata[milestone]": "3"}


def test_a_transfer_stripe_refuses_is_payment_service_unavailable(docs):
    with pytest.raises(gateway.PaymentServiceUnavailable):
        gateway.create_transfer(amount_fen=100, destination_account="acct_missing", transfer_group="g",
                                idempotency_key="payout-13", metadata={})


def test_an_express_account_is_created_for_the_agency(docs):
    account_id = gateway.create_connected_account(email="finance@lvshui.example.cn",
                                                  business_name="绿水环境科技有限公司")

    assert account_id == "acct_1Nv0FGQ9RKHgCVdK"
    [sent] = docs.recorded
    assert (sent.method, sent.path) == ("POST", "/v1/accounts")
    assert sent.form == {"type": "express", "email": "finance@lvshui.example.cn",
                         "business_profile[name]": "绿水环境科技有限公司",
                         "capabilities[transfers][requested]": "true"}


def test_an_account_can_be_created_idempotently(docs):
    gateway.create_connected_account(email="a@example.cn", business_name="甲", idempotency_key="account-org-5")

    assert docs.recorded[0].headers["Idempotency-Key"] == "account-org-5"


def test_the_onboarding_link_is_stripes_url(docs):
    url = gateway.account_onboarding_link("acct_1Nv0FGQ9RKHgCVdK", refresh_url="https://zjcs.example.cn/payout/refresh/",
                                          return_url="https://zjcs.example.cn/payout/done/")

    assert url == "https://connect.stripe.com/setup/e/acct_1Nv0FGQ9RKHgCVdK/TqckGNUHg2mG"
    [sent] = docs.recorded
    assert (sent.method, sent.path) == ("POST", "/v1/account_links")
    assert sent.form == {"account": "acct_1Nv0FGQ9RKHgCVdK", "refresh_url": "https://zjcs.example.cn/payout/refresh/",
                         "return_url": "https://zjcs.example.cn/payout/done/", "type": "account_onboarding"}


def test_an_intent_in_the_current_shape_reads_received_and_succeeded_refunds(docs):
    intent = gateway.retrieve_intent(INTENT_ID)

    assert intent == gateway.Intent(id=INTENT_ID, status="succeeded", amount_fen=100000, amount_received_fen=100000,
                                    refunded_fen=30000, charge_id=CHARGE_ID, metadata={"payment": "7"})
    assert [r.path for r in docs.recorded] == [f"/v1/payment_intents/{INTENT_ID}", "/v1/refunds"]
    assert docs.recorded[1].form["payment_intent"] == INTENT_ID
