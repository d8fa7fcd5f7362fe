"""The site's frame — the main menu, the signed-in user's links, the footer — as the apps
contribute to it, and named links to pages that an app does not own.

core sits below every app, so its base template cannot know their pages. Each app registers
what it adds in its AppConfig.ready(); `core.context_processors.frame` resolves it for the
request. A service or template that points at another app's page asks for it by name
(`page_url("job_notice", job.pk)`): bidding links to the public notice that cms serves from
Wagtail's page tree without importing cms, and an editor may rename the page's slug.
"""
from dataclasses import dataclass
from typing import Callable

from django.urls import NoReverseMatch, reverse

# main: the site's main menu; user: the signed-in user's links; footer; regulator: the regulator
# workspace's menu; agency, owner: the links shown with each organisation of that kind in the
# member's workspace (their URLs take the organisation, see Link.org).
PLACES = ("main", "user", "footer", "regulator", "agency", "owner")


@dataclass(frozen=True)
class Link:
    """A link in one place of the frame.

    `url` is a URL name for reverse() or a page name for `page_url`; `visible(request)` says who
    sees it (everyone when None); `badge(request)` gives a number to show beside it, or None.
    In the organisation places, `org` says how the URL takes the organisation: "path" (the URL
    name's one argument), "query" (?org=<id>), or "uscc" (the page's argument is the USCC).
    """

    label: object
    url: str
    order: int = 50
    visible: Callable | None = None
    badge: Callable | None = None
    org: str = "path"


@dataclass(frozen=True)
class LinkList:
    """Several links computed per request, e.g. the pages editors put in the menu:
    `provide(request)` returns [(label, url)]."""

    provide: Callable
    order: int = 50


@dataclass(frozen=True)
class ShownLink:
    label: object
    url: str
    current: bool
    badge: object = None


_links = {place: [] for place in PLACES}
_pages = {}
_frame_parts = []


def add_link(place, link):
    if place not in _links:
        raise ValueError(f"unknown place {place!r}; one of {PLACES}")
    if link not in _links[place]:
        _links[place].append(link)
        _links[place].sort(key=lambda item: item.order)


def provide_page(name, resolver):
    """Register how to find the URL of a named page: `resolver(*args)` returns it, or "" when
    the page does not exist (yet)."""
    _pages[name] = resolver


def page_url(name, *args) -> str:
    """The URL of a named page (see provide_page), or "" when no app provides it."""
    resolver = _pages.get(name)
    return resolver(*args) if resolver else ""


def add_frame_part(provider):
    """Register `provider(request) -> dict` whose entries the frame shows (e.g. the portal's
    hotline); it must only read."""
    if provider not in _frame_parts:
        _frame_parts.append(provider)


def in_section(path, url) -> bool:
    """True when `path` is the page `url` or under it ("/" only matches itself)."""
    path, url = str(path or ""), str(url or "")
    if url in ("", "/"):
        return path == "/"
    return path == url or path.startswith(url.rstrip("/") + "/")


def _resolve(url):
    if url in _pages:
        return page_url(url)
    try:
        return reverse(url)
    except NoReverseMatch:
        return ""


def links_for(place, request):
    shown = []
    for link in _links[place]:
        if isinstance(link, LinkList):
            shown += [ShownLink(label, url, in_section(request.path, url)) for label, url in link.provide(request)]
            continue
        if link.visible is not None and not link.visible(request):
            continue
        url = _resolve(link.url)
        if url:
            badge = link.badge(request) if link.badge else None
            shown.append(ShownLink(link.label, url, in_section(request.path, url), badge))
    return shown


def frame_parts(request):
    parts = {}
    for provider in _frame_parts:
        parts.update(provider(request))
    return parts


def _organisation_url(link, organisation):
    if link.org == "query":
        url = _resolve(link.url)
        return f"{url}?org={organisation.pk}" if url else ""
    arg = organisation.uscc if link.org == "uscc" else organisation.pk
    if link.url in _pages:
        return page_url(link.url, arg)
    try:
        return reverse(link.url, args=[arg])
    except NoReverseMatch:
        return ""


def links_for_organisation(request, organisation):
    """The links the workspace shows with one organisation: those of its kind's place."""
    shown = []
    for link in _links.get(organisation.kind, []):
        if link.visible is not None and not link.visible(request):
            continue
        url = _organisation_url(link, organisation)
        if url:
            shown.append(ShownLink(link.label, url, in_section(request.path, url)))
    return shown


# --- the regulator workspace's queues (工作台待办) ---------------------------------------------

@dataclass(frozen=True)
class Queue:
    """One queue on the regulator workspace's home (escalated objections, complaints near their
    deadline, blacklist proposals …), contributed by the app that owns the work.

    `url` is the URL name of the queue's page (its filters live there), optionally followed by a
    query string the workspace home appends to the reversed URL ("bidding_regulator:flags?kind=
    collusion"); `count(scope)` returns the
    number of items waiting within the regulator's scope (marketplace.selectors.scope.RegulatorScope:
    what the regulator's department supervises) with one query; `urgent(scope)`, when given, the
    number needing attention first (e.g. overdue), shown highlighted."""

    key: str
    label: object
    url: str
    count: Callable
    order: int = 50
    urgent: Callable | None = None
    help: object = ""


_queues = []


def add_queue(queue):
    if all(existing.key != queue.key for existing in _queues):
        _queues.append(queue)
        _queues.sort(key=lambda item: (item.order, item.key))


def queues():
    return list(_queues)
