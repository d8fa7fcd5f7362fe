"""localstripe, the local fake Stripe server, for the demo and the tests.

    python -m contracts.payments.localstripe_server --port 8420 \\
        [--webhook-url http://127.0.0.1:8000/payments/stripe/webhook/ --webhook-secret whsec_local]
    python -m contracts.payments.localstripe_server --check --port 8420 [--wait 10] [--webhook-url …]
        # exit 0 when one answers (then registers the webhook on it), 1 otherwise

Why not localstripe's own `localstripe --port N`: it listens on every interface (IPv6 `::`) and
keeps its objects in a fixed /tmp/localstripe.pickle that any local user can write (and that it
unpickles at start) and that two servers would share. Here the same aiohttp application listens
on 127.0.0.1 only, and keeps its objects in var/localstripe/<port>.pickle (the demo's payments
survive a restart) or, with `--memory`, nowhere (the tests).

Webhook endpoints live in localstripe's memory only: register them after every start (the
`--webhook-url` option, or `register_webhook`).

This module imports no Django, so it runs before the site is configured."""
import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
PROBE_KEY = "sk_test_probe"


class LocalStripeDidNotStart(RuntimeError):
    pass


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log_path: str = ""

    def stop(self):
        stop(self)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def is_running(url, timeout=1.0):
    """True when a localstripe answers at url. Asks for its list of events, which changes
    nothing (its balance would create one and send a webhook)."""
    request = urllib.request.Request(url.rstrip("/") + "/v1/events?limit=1",
                                     headers={"Authorization": f"Bearer {PROBE_KEY}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.load(response).get("url") == "/v1/events"
    except (OSError, ValueError):
        return False


def start(port=None, *, timeout=20.0, store_path=None):
    """Start localstripe in a child process on 127.0.0.1 (a free port when port is None) and
    wait until it answers. Objects kept in store_path, in memory only when None. Raises
    LocalStripeDidNotStart with the server's output when it exits or does not answer in time."""
    port = port or free_port()
    url = f"http://{HOST}:{port}"
    log = tempfile.NamedTemporaryFile(prefix="localstripe-", suffix=".log", delete=False)
    command = [sys.executable, "-m", "contracts.payments.localstripe_server", "--port", str(port)]
    command += ["--store", str(store_path)] if store_path else ["--memory"]
    process = subprocess.Popen(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    log.close()
    server = Server(url=url, process=process, log_path=log.name)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise LocalStripeDidNotStart(f"localstripe exited with code {process.returncode}:\n{_tail(log.name)}")
        if is_running(url, timeout=0.5):
            return server
        time.sleep(0.1)
    stop(server)
    raise LocalStripeDidNotStart(f"localstripe did not answer at {url} within {timeout:.0f} s:\n{_tail(log.name)}")


def stop(server, timeout=5.0):
    """Stop the server's process (SIGTERM, then SIGKILL) and remove its log."""
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout)
    if server.log_path:
        Path(server.log_path).unlink(missing_ok=True)


def _tail(path, size=4000):
    try:
        return Path(path).read_text(errors="replace")[-size:]
    except OSError:
        return ""


def register_webhook(url_of_localstripe, name, target_url, secret, events=None):
    """Ask localstripe to POST its events to target_url, signed with secret (as Stripe does).
    `events`: the event types to send, all when None."""
    fields = [("url", target_url), ("secret", secret)] + [("events[]", e) for e in events or ()]
    request = urllib.request.Request(
        f"{url_of_localstripe.rstrip('/')}/_config/webhooks/{urllib.parse.quote(name, safe='')}",
        data=urllib.parse.urlencode(fields).encode(), method="POST")
    with urllib.request.urlopen(request, timeout=5) as response:
        if response.status != 200:
            raise RuntimeError(f"localstripe refused the webhook {name}: HTTP {response.status}")


# --- the server process ---------------------------------------------------------------------

def serve(port, *, store_path=None, webhook_url=None, webhook_secret=None):
    """Run localstripe's application in this process on 127.0.0.1:port until SIGTERM/SIGINT."""
    from aiohttp import web
    from localstripe import resources, server, webhooks

    _keep_store_at(resources.store, store_path)
    if webhook_url:
        webhooks.register_webhook("site", webhook_url, webhook_secret, None)
    web.run_app(server.app, host=HOST, port=port, print=None, access_log=None)


def _keep_store_at(store, path):
    """Point localstripe's store at path (None: memory only) instead of /tmp/localstripe.pickle."""
    import pickle

    if path is None:
        store.dump_to_disk = lambda: None
        return
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        with path.open("rb") as f:
            store.update(pickle.load(f))

    def dump_to_disk():
        partial = path.with_suffix(".tmp")
        with partial.open("wb") as f:
            pickle.dump(dict(store), f, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)

    store.dump_to_disk = dump_to_disk


def check(port, *, wait=0, webhook_url=None, webhook_secret=None):
    """0 when localstripe answers on port within wait seconds (then registers webhook_url, so a
    server started earlier sends to the site too), 1 otherwise."""
    url = f"http://{HOST}:{port}"
    deadline = time.monotonic() + wait
    while not is_running(url):
        if time.monotonic() >= deadline:
            return 1
        time.sleep(0.2)
    if webhook_url:
        register_webhook(url, "site", webhook_url, webhook_secret)
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description="localstripe on 127.0.0.1, for the demo and the tests")
    parser.add_argument("--port", type=int, default=8420)
    parser.add_argument("--memory", action="store_true", help="keep nothing on disk (the tests)")
    parser.add_argument("--store", help="where to keep the objects (default var/localstripe/<port>.pickle)")
    parser.add_argument("--webhook-url", help="send events here, signed with --webhook-secret")
    parser.add_argument("--webhook-secret", default=os.environ.get("STRIPE_WEBHOOK_SECRET", "whsec_local"))
    parser.add_argument("--check", action="store_true",
                        help="exit 0 if localstripe answers on --port (and register --webhook-url on it), else 1")
    parser.add_argument("--wait", type=float, default=0, help="with --check: wait up to this many seconds")
    args = parser.parse_args(argv)
    if args.check:
        return check(args.port, wait=args.wait, webhook_url=args.webhook_url, webhook_secret=args.webhook_secret)
    store = None if args.memory else (args.store or REPO / "var" / "localstripe" / f"{args.port}.pickle")
    serve(args.port, store_path=store, webhook_url=args.webhook_url, webhook_secret=args.webhook_secret)
    return 0


if __name__ == "__main__":
    sys.exit(main())
