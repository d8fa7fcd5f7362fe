"""One localstripe for the whole run, started through contracts/payments/localstripe_server.py on a
free port, with the settings pointed at it (a test key, a webhook secret of the tests' own, no
retries so a refused connection fails at once); stopped at the end."""
import pytest
from django.test import override_settings

from contracts.payments import localstripe_server

API_KEY = "sk_test_contracts_stripe"
WEBHOOK_SECRET = "whsec_contracts_stripe_tests"


@pytest.fixture(scope="session", autouse=True)
def localstripe():
    server = localstripe_server.start()
    overridden = override_settings(STRIPE_API_BASE=server.url, STRIPE_API_KEY=API_KEY,
                                   STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET, STRIPE_CURRENCY="cny",
                                   STRIPE_NETWORK_RETRIES=0, STRIPE_TIMEOUT_SECONDS=10)
    overridden.enable()
    try:
        yield server
    finally:
        overridden.disable()
        server.stop()
