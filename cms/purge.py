"""Telling a reverse proxy in front of the site which pages changed: Wagtail's front-end cache
purge (`WAGTAILFRONTENDCACHE`, e.g. Varnish or nginx by HTTP PURGE, or Cloudflare), driven by the
same announcements as the page cache (core/changes.py).

A proxy may keep a page without a query string for `s-maxage` (core/pagecache.py); when a
change commits, the pages that show what changed are purged by URL: a job's notice and draw
proof, an agency's profile, an item's page, and the lists and home page that show them. A
proxy cannot be purged of every query string nor, in a bounded number of requests, of every
page when a menu or the portal settings change: those reach pages it holds within
PAGE_CACHE_PROXY_SECONDS, which bounds s-maxage (the site's own cache is exact either way).
Wagtail purges a page it publishes itself. Without WAGTAILFRONTENDCACHE nothing is sent.
"""
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django_tasks import task

from core import changes
from core.navigation import page_url

LISTS = {"jobs": ("notices", "home"), "agencies": ("directory", "home"), "catalogue": ("catalogue", "home"),
         "offers": ()}


def urls_for(topics, objects):
    """The paths of the pages showing what `topics` and `objects` name."""
    paths = set()
    for topic in topics:
        kind, _colon, key = topic.partition(":")
        paths |= {page_url(name) for name in LISTS.get(topic, ())}
        if kind == "job" and key:
            paths |= {page_url("job_notice", int(key)), page_url("job_draw", int(key))}
    for obj in objects:
        uscc = _uscc_of(obj)
        if uscc:
            paths.add(page_url("agency_profile", uscc))
        code = _item_code_of(obj)
        if code:
            paths |= {page_url("service_item", code), page_url("service_item_history", code)}
    return sorted(path for path in paths if path)


def _uscc_of(obj):
    # An organisation, or a thing of one (a certificate, an offer): one query if not loaded.
    if getattr(obj, "uscc", None):
        return obj.uscc
    return getattr(_related(obj, "agency"), "uscc", None)


def _item_code_of(obj):
    if obj._meta.label == "marketplace.ServiceItem":
        return obj.code
    return getattr(_related(obj, "item"), "code", None) if obj._meta.app_label == "marketplace" else None


def _related(obj, name):
    """obj.<name>, or None when it has none or it was deleted with obj (a certificate deleted
    with its agency): its list pages are purged by topic anyway."""
    if not getattr(obj, f"{name}_id", None):
        return None
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


@task()
def purge_paths(paths: list[str]) -> None:
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        purge_urls_from_cache([site.root_url + path for path in paths])


def purge(topics, objects):
    """core.changes listener: runs after the change committed, the sending in a task."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    paths = urls_for(topics, objects)
    if paths:
        purge_paths.enqueue(paths)


def register():
    changes.on_change(purge)
