"""The moment the server received the current request.

Some rules judge a request by when it arrived, not by when a busy server got round to it: a bid
sent in the last second before a close counts if it was received before the close, however long
it then waited for a worker, the database or a row lock (bidding.states.accepts_bid_received_at).
The first middleware (`core.middleware.ReceivedAtMiddleware`) stamps every request before
sessions, authentication, CSRF or anything that can wait, and services read the stamp through
`received_at()`.

A WSGI server can stamp earlier still, when the request's first bytes reach it and before it
waits for a free thread (config/gunicorn.py does): it puts a POSIX time in the WSGI environ
under SERVER_STAMP, and that moment is used. The key is not an HTTP header (those arrive as
HTTP_*), so no client can set it.

Outside a request (commands, the shell, services called from tests) the received moment is the
current time.
"""
import datetime
from contextvars import ContextVar

from django.utils import timezone

SERVER_STAMP = "zjcs.received_at"

_received: ContextVar[datetime.datetime | None] = ContextVar("core_received_at", default=None)


def received_at() -> datetime.datetime:
    """When the server received the request being handled; now outside a request."""
    return _received.get() or timezone.now()


def stamp(environ) -> datetime.datetime:
    """The received moment of the request with this WSGI environ: the server's stamp if it made
    one, otherwise now."""
    now = timezone.now()
    server = environ.get(SERVER_STAMP)
    if isinstance(server, float):
        # Never later than now: a stamp from the future would only mean a broken server clock.
        return min(datetime.datetime.fromtimestamp(server, tz=datetime.UTC), now)
    return now


def set_received_at(moment):
    return _received.set(moment)


def reset_received_at(token):
    _received.reset(token)
