"""The live paths localstripe cannot take, against a local server answering with the bodies of
Stripe's API reference (tests/contracts_stripe/stripe_docs_server.py): the owner sent to a
redirect-based payment method's page, and an agency opening its connected account."""
import pytest
from django.urls import reverse
from django.utils import timezone

from contracts.errors import AgencyOnly, ConnectOff, OwnerOnly
from contracts.models import Payment, PayoutAccount
from contracts.services import payments, payout_accounts
from tests.contracts_stripe.stripe_docs_server import INTENT_ID, DocsServer
from tests.factories import MembershipFactory

from .helpers import signed

pytestmark = pytest.mark.django_db


@pytest.fixture
def docs(settings):
    with DocsServer() as server:
        settings.STRIPE_API_BASE = server.url
        settings.STRIPE_PAYMENT_METHOD_TYPES = ["alipay"]
        settings.STRIPE_CONNECT = True
        yield server


def pending_payment(scene):
    milestone = signed(scene).milestones.get()
    return Payment.objects.create(milestone=milestone, method="online", amount_fen=milestone.amount_fen,
                                  intent_id=INTENT_ID, created_by=scene.owner_user, created_at=timezone.now())


def test_the_owner_is_sent_to_the_payment_methods_page(scene, docs, client):
    payment = pending_payment(scene)
    client.force_login(scene.owner_user)
    page = client.get(reverse("contracts:payment", args=[payment.pk]))
    assert "前往支付" in page.content.decode()
    response = client.post(reverse("contracts:payment_redirect", args=[payment.pk]))
    assert response.status_code == 302 and response["Location"].startswith("https://hooks.stripe.com/redirect/")
    [sent] = [r for r in docs.recorded if r.path.endswith("/confirm")]
    assert sent.form["payment_method_data[type]"] == "alipay"
    assert sent.form["return_url"].endswith(reverse("contracts:payment", args=[payment.pk]))
    assert Payment.objects.get(pk=payment.pk).status == Payment.Status.PENDING  # the webhook says when it is paid


def test_only_the_owner_is_sent_to_pay(scene, docs):
    payment = pending_payment(scene)
    with pytest.raises(OwnerOnly):
        payments.payment_redirect(actor=scene.agency_user, payment=payment, return_url="http://testserver/")
    assert not docs.recorded


def test_an_agency_admin_opens_its_connected_account(scene, docs):
    url = payout_accounts.payout_account_open(actor=scene.agency_user, agency=scene.winner.agency,
                                              refresh_url="http://testserver/r", return_url="http://testserver/b")
    assert url.startswith("https://connect.stripe.com/")
    account = PayoutAccount.objects.get()
    assert account.organisation == scene.winner.agency and account.stripe_account_id.startswith("acct_")
    again = payout_accounts.payout_account_open(actor=scene.agency_user, agency=scene.winner.agency,
                                                refresh_url="http://testserver/r", return_url="http://testserver/b")
    assert again.startswith("https://connect.stripe.com/") and PayoutAccount.objects.count() == 1


def test_only_an_admin_of_the_agency_opens_it(scene, docs):
    operator = MembershipFactory(organisation=scene.winner.agency, role="operator").user
    for user, agency in ((operator, scene.winner.agency), (scene.owner_user, scene.job.owner),
                         (scene.runner_up_user, scene.winner.agency)):
        with pytest.raises(AgencyOnly):
            payout_accounts.payout_account_open(actor=user, agency=agency, refresh_url="r", return_url="b")
    assert not PayoutAccount.objects.exists() and not docs.recorded


def test_without_connect_there_is_nothing_to_open(scene, settings):
    settings.STRIPE_CONNECT = False
    with pytest.raises(ConnectOff):
        payout_accounts.payout_account_open(actor=scene.agency_user, agency=scene.winner.agency,
                                            refresh_url="r", return_url="b")
    assert not PayoutAccount.objects.exists()


def test_a_waiting_payout_goes_to_the_account_once_it_exists(scene, docs):
    from contracts.models import Payout
    from contracts.payments import release

    milestone = signed(scene).milestones.get()
    payout = Payout.objects.create(milestone=milestone, amount_fen=milestone.amount_fen, created_at=timezone.now())
    assert release.payout_send(payout.pk).status == Payout.Status.PENDING  # no account yet
    assert not [r for r in docs.recorded if r.path == "/v1/transfers"]
    payout_accounts.payout_account_open(actor=scene.agency_user, agency=scene.winner.agency,
                                        refresh_url="http://testserver/r", return_url="http://testserver/b")
    assert release.retry_pending() == 1
    payout.refresh_from_db()
    assert payout.status == Payout.Status.SENT and payout.transfer_id.startswith("tr_")
    [transfer] = [r for r in docs.recorded if r.path == "/v1/transfers"]
    assert transfer.headers["Idempotency-Key"] == f"payout-{payout.pk}"
    assert transfer.form["amount"] == str(milestone.amount_fen)
    assert release.payout_send(payout.pk).status == Payout.Status.SENT  # sent once
    assert len([r for r in docs.recorded if r.path == "/v1/transfers"]) == 1
