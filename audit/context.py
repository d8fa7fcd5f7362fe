"""The current request's client IP, so services can record it without taking a request."""
from contextvars import ContextVar

_client_ip: ContextVar[str | None] = ContextVar("audit_client_ip", default=None)


def current_ip():
    return _client_ip.get()


def set_ip(ip):
    return _client_ip.set(ip)


def reset_ip(token):
    _client_ip.reset(token)
