"""What changed: the topics public pages depend on, announced when a change commits.

A topic names a kind of public data ("jobs", "agencies", "catalogue", "cms", "settings") or one
thing ("job:12", "org:7"). Each topic has a version in the shared cache; a change bumps the
versions of its topics after its transaction commits, and a cached page (core/pagecache.py)
remembers the versions it was rendered with, so it is never served once one of them moved.

Every service writes an audit entry for its change, and audit_record announces that entry's
object; saves and deletes of the apps' models announce themselves too (the Wagtail and Django
admins, the demo data). Each app says which topics its objects touch (`register`, called from
its AppConfig.ready()); the objects of an app that registered nothing touch no public page.
"""
import logging
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

logger = logging.getLogger(__name__)

# Bumped by anything that rewrites data wholesale (seed_demo, seed_scale): every page depends on it.
EVERYTHING = "all"
# What every page's frame shows: the menus (Wagtail pages) and the portal settings.
FRAME = ("cms", "settings")

_KEY = "topic-version:"
# The topics of the per-process values (Memo), read together on a request's first use.
MEMO_TOPICS = ("cms", "settings", "catalogue", EVERYTHING)
_request_versions = ContextVar("topic_versions", default=None)
_mappers: dict[str, Callable[[object], Iterable[str]]] = {}
_listeners: list[Callable[[set[str], list[object]], None]] = []


_last_stamp = 0
_stamp_lock = threading.Lock()


def stamp() -> int:
    """A version: the time in nanoseconds, and never one this process gave before. A clock that
    stands still (a test's frozen clock) or steps back must not make a new version equal an old
    one, or a value built before a change would pass for current after it."""
    global _last_stamp
    with _stamp_lock:
        _last_stamp = max(time.time_ns(), _last_stamp + 1)
        return _last_stamp


def register(app_label, topics_of):
    """`topics_of(obj)` gives the topics a change to `obj` (a model instance of the app) touches."""
    _mappers[app_label] = topics_of


def on_change(listener):
    """`listener(topics, objects)` runs after each announced change commits (e.g. the
    front-end cache purge in cms)."""
    if listener not in _listeners:
        _listeners.append(listener)


def topics_of(obj) -> set[str]:
    mapper = _mappers.get(getattr(getattr(obj, "_meta", None), "app_label", None))
    return set(mapper(obj)) if mapper else set()


def announce(*objects, topics=()):
    """Bump the topics of `objects` (and the named `topics`) once the current transaction
    commits; at once outside a transaction. A rolled-back change announces nothing."""
    wanted = set(topics)
    for obj in objects:
        wanted |= topics_of(obj)
    if not wanted:
        return
    objects = list(objects)
    if settings.CHANGES_ANNOUNCED_ON_COMMIT:
        transaction.on_commit(lambda: _bump(wanted, objects), robust=True)
    else:
        _bump(wanted, objects)


def announce_everything():
    announce(topics=[EVERYTHING])


def _bump(topics, objects):
    version = stamp()
    cache.set_many({_KEY + topic: version for topic in topics}, timeout=None)
    scope = _request_versions.get()
    if scope is not None:  # the request that made the change sees it for the rest of its work
        scope.update(dict.fromkeys(topics, version))
    for listener in _listeners:
        # The change has committed: a listener that fails (a proxy that cannot be reached) is
        # logged and must not stop the others or turn the user's answer into an error.
        try:
            listener(topics, objects)
        except Exception:
            logger.exception("change listener %r failed for %s", listener, sorted(topics))


def versions(topics) -> dict[str, int]:
    """The current version of each topic. A topic never bumped (or whose version the cache lost)
    gets one now: newer than anything stored with it, so no page rendered before counts as
    current for it."""
    scope = _request_versions.get()
    if scope is None:
        return read_versions(topics)
    missing = [topic for topic in topics if topic not in scope]
    if missing:
        scope.update(read_versions(set(missing) | set(MEMO_TOPICS)))
    return {topic: scope[topic] for topic in topics}


@contextmanager
def request_snapshot():
    """Within it, each topic's version is read once: the per-process values (Memo) of one
    request agree with each other and cost one cache read, not one each. The page cache reads
    the versions it stores a page with outside of it (`read_versions`), after the page rendered."""
    token = _request_versions.set({})
    try:
        yield
    finally:
        _request_versions.reset(token)


def read_versions(topics) -> dict[str, int]:
    """`versions`, read from the cache even within a request's snapshot."""
    keys = [_KEY + topic for topic in topics]
    found = cache.get_many(keys)
    missing = dict.fromkeys((key for key in keys if key not in found), stamp())
    if missing:
        cache.set_many(missing, timeout=None)
        found.update(missing)
    return {key[len(_KEY):]: found[key] for key in keys}


class Memo:
    """A value built once per process and built again when one of its topics changes: data
    every request needs and that rarely changes (the page tree, the portal settings, the
    catalogue's filter options). Costs one cache read a request instead of the queries."""

    def __init__(self, topics, build):
        # Anything rewritten wholesale (seed_demo, seed_scale) builds every value again too.
        self.topics, self.build = (*topics, EVERYTHING), build
        self._state = (None, None)  # (versions, value), replaced whole: threads share it

    def get(self):
        # The versions are read before building: a change committed meanwhile leaves the
        # value with the older versions, so the next call builds it again.
        current = versions(self.topics)
        built_for, value = self._state
        if current != built_for:
            value = self.build()
            self._state = (current, value)
        return value


def _saved(sender, instance=None, **_kwargs):
    if instance is not None:
        announce(instance)


def listen_to_saves():
    """Saves and deletes that bypass the services (the admins, the demo data) announce too."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_saved, dispatch_uid=f"core-changes-{id(signal)}")
