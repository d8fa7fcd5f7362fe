"""Anonymous GETs of public pages served from the shared cache, never stale.

A page opts in by saying, while it renders, what it shows (`depends_on(request, "jobs",
"job:12")`) and, if the clock will change it, until when it holds (`valid_until(request,
job.closes_at)`). The middleware stores the rendered page with the versions its topics had
(core/changes.py) and serves it again only while every one of them is unchanged and the moment
has not come; a change committed while the page rendered keeps it out of the cache.

Only visitors without a session or pending messages are served from or stored in the cache, so
a logged-in user never sees an anonymous page and no one's page is shown to another; a response
that sets a cookie (a CSRF token, say) is never stored. Entries vary by host, path with query,
language and the large-text mode. Answers carry an ETag (304 when the browser has it) and a
Cache-Control a reverse proxy may follow: it may keep a page without a query string until its
moment and at most PAGE_CACHE_PROXY_SECONDS, and is told of changes by the front-end cache
purge (cms/purge.py).
"""
import datetime
import hashlib
import time

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

from . import changes
from .display import text_size

HIT_HEADER = "X-Page-Cache"
# A version this close to the render's start may belong to a change the render did not see
# (the clocks of two app servers differ a little): such a page is not stored.
CLOCK_MARGIN_NS = 2_000_000_000
_KEY = "page:"


def depends_on(request, *topics):
    """The page being rendered shows data of these topics, and may be cached."""
    request._page_topics = getattr(request, "_page_topics", set()) | set(topics)


def valid_until(request, moment):
    """What the page shows changes by itself at `moment` (a window closes): keep it until then.
    Moments in the past or None are ignored."""
    if moment is None or moment <= timezone.now():
        return
    current = getattr(request, "_page_until", None)
    request._page_until = moment if current is None else min(current, moment)


def anonymous_visit(request):
    """No session and no messages waiting: the page is the same for every such visitor."""
    return request.method == "GET" and not (
        settings.SESSION_COOKIE_NAME in request.COOKIES or CookieStorage.cookie_name in request.COOKIES
    )


def _key(request):
    parts = (request.get_host(), translation.get_language(), text_size(request), request.get_full_path())
    return _KEY + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _seconds_left(request, now):
    """How long the page may be kept: until its moment, the next local midnight (pages say
    "today"), and at most PAGE_CACHE_SECONDS."""
    local = timezone.localtime(now)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0) + datetime.timedelta(days=1)
    until = min(filter(None, [getattr(request, "_page_until", None), midnight]))
    return min(settings.PAGE_CACHE_SECONDS, int((until - now).total_seconds()))


def _cache_control(request, seconds):
    # A proxy is purged by URL, which it cannot do for every query string: those it revalidates.
    shared = max(0, min(seconds, settings.PAGE_CACHE_PROXY_SECONDS)) if not request.META.get("QUERY_STRING") else 0
    return f"public, max-age=0, s-maxage={shared}, must-revalidate"


def _answer(request, entry):
    if entry["etag"] in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(entry["body"], content_type=entry["content_type"])
    response["ETag"] = entry["etag"]
    # What is left of the entry's time, not what it had when stored: a proxy must not keep the
    # page past the moment it changes.
    response["Cache-Control"] = _cache_control(request, int(entry["expires"] - time.time()))
    response[HIT_HEADER] = "hit"
    patch_vary_headers(response, ["Cookie"])
    return response


def _fresh(entry):
    return time.time() < entry["expires"] and changes.versions(list(entry["versions"])) == entry["versions"]


def _storable(request, response):
    return (
        getattr(request, "_page_topics", None) is not None
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
    )


def _store(key, request, response, started):
    topics = request._page_topics | set(changes.FRAME) | {changes.EVERYTHING}
    # Read now, not from the request's snapshot: a change committed while the page rendered
    # must keep it out of the cache.
    current = changes.read_versions(sorted(topics))
    now = timezone.now()
    seconds = _seconds_left(request, now)
    if seconds <= 0 or max(current.values()) > started - CLOCK_MARGIN_NS:
        return
    body = response.content
    entry = {
        "body": body, "content_type": response["Content-Type"], "versions": current,
        "etag": '"%s"' % hashlib.sha256(body).hexdigest()[:32], "expires": time.time() + seconds,
    }
    cache.set(key, entry, seconds)
    response["ETag"] = entry["etag"]
    response["Cache-Control"] = _cache_control(request, seconds)


class PageCacheMiddleware:
    """After LocaleMiddleware (the language is known) and before CsrfViewMiddleware and
    MessageMiddleware (their cookies show on the response, which is then not stored)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with changes.request_snapshot():
            return self._respond(request)

    def _respond(self, request):
        if not settings.PAGE_CACHE_ENABLED:
            return self.get_response(request)
        if not anonymous_visit(request):
            return self._not_cached(request)
        started = changes.stamp()  # before any version is read
        key = _key(request)
        entry = cache.get(key)
        if entry is not None and _fresh(entry):
            return _answer(request, entry)
        response = self.get_response(request)
        if _storable(request, response):
            _store(key, request, response, started)
            patch_vary_headers(response, ["Cookie"])
        return response

    def _not_cached(self, request):
        response = self.get_response(request)
        if request.method == "GET" and "Cache-Control" not in response:
            # A page for one person: a shared cache must never keep it.
            response["Cache-Control"] = "private, no-cache"
        return response
