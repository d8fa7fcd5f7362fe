"""Calls at the same moment, for the PostgreSQL concurrency tests: each call runs in a thread of its
own (so on a connection of its own), all held at a barrier and released together.

    outcomes = at_once([lambda: complaint_take(actor=a, complaint=c), lambda: complaint_take(...)])
    assert sorted(kind for kind, _value in outcomes) == ["ComplaintWrongStatus", "ok"], outcomes

Each outcome, in the order of the calls, is ("ok", what the call returned) or, for a refusal,
(the error's class name, its message). Only `refused` errors count as refusals (DomainError by
default): any other error ends its thread with a traceback and leaves its outcome None, so the
test's assertion fails on it.

`row_locked(Job, job.pk)` holds a row's lock from another transaction (another thread and
connection) for as long as its block runs: calls started inside wait for the row, and are
released together when the block ends.
"""
import threading
from contextlib import contextmanager

from django.db import connections, transaction

from core.errors import DomainError


def at_once(calls, *, refused=DomainError, timeout=120):
    barrier, outcomes = threading.Barrier(len(calls)), [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait()
            outcomes[index] = ("ok", call())
        except refused as error:
            outcomes[index] = (type(error).__name__, str(error))
        finally:
            connections.close_all()  # the thread's own connection: else the test database cannot be dropped

    threads = [threading.Thread(target=worker, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return outcomes


@contextmanager
def row_locked(model, pk, *, timeout=60):
    holding, release = threading.Event(), threading.Event()

    def hold():
        try:
            with transaction.atomic():
                model.objects.select_for_update().get(pk=pk)
                holding.set()
                release.wait(timeout=timeout)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(timeout=60), f"{model.__name__} {pk} was never locked"
    try:
        yield
    finally:
        release.set()
        holder.join(timeout=timeout)
