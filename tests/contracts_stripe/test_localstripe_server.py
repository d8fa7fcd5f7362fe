"""The local Stripe server's launcher: the check scripts/start uses, a clear error when it cannot
start, and the objects kept across a restart when it has a store."""
import socket
import subprocess
import sys

import pytest

from contracts.payments import localstripe_server


def check(port):
    command = [sys.executable, "-m", "contracts.payments.localstripe_server", "--check", "--port", str(port)]
    return subprocess.run(command, cwd=localstripe_server.REPO, timeout=30).returncode


def test_the_check_answers_whether_localstripe_runs(localstripe):
    assert check(int(localstripe.url.rsplit(":", 1)[1])) == 0
    assert check(localstripe_server.free_port()) == 1


def test_a_port_in_use_is_a_clear_error():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]

        with pytest.raises(localstripe_server.LocalStripeDidNotStart) as failed:
            localstripe_server.start(port, timeout=15)

    assert "exited" in str(failed.value)
    assert "address already in use" in str(failed.value).lower()


def test_with_a_store_the_objects_survive_a_restart(tmp_path, settings):
    from contracts.payments import gateway

    store = tmp_path / "localstripe.pickle"
    server = localstripe_server.start(store_path=store)
    try:
        settings.STRIPE_API_BASE = server.url
        intent = gateway.create_payment_intent(amount_fen=500, description="x", metadata={}, idempotency_key="k1")
    finally:
        server.stop()
    assert store.exists()

    server = localstripe_server.start(store_path=store)
    try:
        settings.STRIPE_API_BASE = server.url
        assert gateway.retrieve_intent(intent.id).amount_fen == 500
    finally:
        server.stop()
