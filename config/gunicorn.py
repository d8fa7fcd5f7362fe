"""gunicorn's settings for a deployment:

    gunicorn -c python:config.gunicorn --workers 4 config.wsgi

Threaded workers (gthread) that stamp each request with the moment it reached the server: a
storm of bids in the last second before a close queues in the server — in the kernel's accept
queue, in the worker's loop, for a free thread — and each bid must count from when it arrived,
not from when a thread took it up (core/clock.py, bidding.states.accepts_bid_received_at). Where
the kernel can say (Linux: SO_TIMESTAMPNS), the stamp is the kernel's receive time of the
request's first byte, read without consuming it; elsewhere it is the moment the worker's loop
saw the request readable. It travels in the WSGI environ under core.clock.SERVER_STAMP; without
this worker the first middleware stamps the request when Django receives it.

A request that trickles in after its first byte gains nothing: it counts only if it is processed
within the grace after the close. Behind a reverse proxy the stamp is when the proxy handed the
request on; keep the proxy from queueing requests (buffering a body is fine).
"""
import gc
import platform
import socket
import struct
import sys
import threading
import time

from gunicorn.workers.gthread import ThreadWorker

from core.clock import SERVER_STAMP

worker_class = "config.gunicorn.StampingThreadWorker"
threads = 8

# Python does not export SO_TIMESTAMPNS; 35 is its value (and its control message's type) in
# Linux's generic socket header, which these architectures use. Elsewhere: no kernel stamp.
LINUX_GENERIC = sys.platform == "linux" and platform.machine() in {"x86_64", "aarch64", "riscv64"}
SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35 if LINUX_GENERIC else None)
_TIMESPEC = struct.Struct("qq")
_handling = threading.local()


def arrived(sock):
    """When the first unread byte on `sock` arrived, by the kernel's receive timestamp; now if the
    kernel keeps none (another platform, a TLS socket)."""
    if SO_TIMESTAMPNS is not None:
        try:
            _data, ancillary, _flags, _address = sock.recvmsg(
                1, socket.CMSG_SPACE(_TIMESPEC.size), socket.MSG_PEEK | socket.MSG_DONTWAIT)
        except (OSError, NotImplementedError):
            ancillary = []
        for level, kind, data in ancillary:
            if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS and len(data) >= _TIMESPEC.size:
                seconds, nanoseconds = _TIMESPEC.unpack(data[: _TIMESPEC.size])
                return seconds + nanoseconds / 1e9
    return time.time()


class StampingThreadWorker(ThreadWorker):
    def init_process(self):
        # The kernel timestamps what arrives on connections accepted from these sockets from now on.
        if SO_TIMESTAMPNS is not None:
            for listener in self.sockets:
                try:
                    listener.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
                except OSError:
                    pass
        super().init_process()

    def enqueue_req(self, conn):
        # Called by the worker's loop when the connection has something to read: a new request,
        # or the next one on a kept-alive connection. Everything that waits comes after this.
        conn.received_at = arrived(conn.sock)
        super().enqueue_req(conn)

    def handle_request(self, req, conn):
        # Runs in the thread that calls the application, so the stamp reaches it below.
        _handling.received_at = getattr(conn, "received_at", None)
        try:
            return super().handle_request(req, conn)
        finally:
            _handling.received_at = None

    def load_wsgi(self):
        super().load_wsgi()
        # Django, Wagtail and the apps are loaded: move their few hundred thousand objects out of
        # the garbage collector's sight, so a full collection is not a 100 ms pause mid-request.
        gc.freeze()
        application = self.wsgi

        def stamped(environ, start_response):
            received = getattr(_handling, "received_at", None)
            if received is not None:
                environ[SERVER_STAMP] = received
            return application(environ, start_response)

        self.wsgi = stamped
