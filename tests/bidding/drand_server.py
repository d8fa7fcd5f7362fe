"""A drand-like randomness beacon for tests: a stdlib HTTP server in a thread, on 127.0.0.1,
serving recorded rounds the test builds. It speaks drand's public HTTP API as bidding/beacon.py
reads it: GET /info and GET /public/{round}. No network beyond the loopback, no mocks."""
import datetime
import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GENESIS = 1_700_000_000  # 2023-11-14 22:13:20 UTC
PERIOD = 30
CHAIN_HASH = "52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971"


def round_time(number, genesis=GENESIS, period=PERIOD):
    return datetime.datetime.fromtimestamp(genesis + (number - 1) * period, tz=datetime.UTC)


def recorded_round(number):
    """A round as drand publishes it: randomness is the SHA-256 of the signature."""
    signature = (hashlib.sha256(f"signature of round {number}".encode()).hexdigest() * 3)[:192]
    return {
        "round": number,
        "randomness": hashlib.sha256(bytes.fromhex(signature)).hexdigest(),
        "signature": signature,
        "previous_signature": hashlib.sha256(f"signature of round {number - 1}".encode()).hexdigest(),
    }


def recorded_rounds(numbers):
    return {number: recorded_round(number) for number in numbers}


class DrandServer:
    """`with DrandServer(rounds) as beacon:` serves `rounds` ({number: round JSON}) at beacon.url;
    beacon.requests lists the paths asked for."""

    def __init__(self, rounds, *, genesis=GENESIS, period=PERIOD):
        self.rounds = rounds
        self.info = {"public_key": "ab" * 48, "period": period, "genesis_time": genesis, "hash": CHAIN_HASH,
                     "groupHash": "cd" * 32, "schemeID": "pedersen-bls-chained", "metadata": {"beaconID": "default"}}
        self.requests = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the stdlib's name)
                server.requests.append(self.path)
                if self.path == "/info":
                    return self._json(200, server.info)
                if self.path.startswith("/public/"):
                    number = self.path.removeprefix("/public/")
                    if number.isdigit() and int(number) in server.rounds:
                        return self._json(200, server.rounds[int(number)])
                return self._json(404, {"error": "not found"})

            def _json(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self):
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def rounds_asked(self):
        return [int(path.removeprefix("/public/")) for path in self.requests if path.startswith("/public/")]

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
