"""Finding the page a URL asks for in a query or none, instead of one per level of the tree.

Wagtail finds a site with a query, loads the root page, then walks the tree one query per URL
segment, and checks view restrictions with two more. The site list, every page's URL path and
the view restrictions change only when editors change pages, so each process keeps them
(core.changes.Memo on the "cms" topic, which every page save, move, publication and restriction
announces) and the page itself is loaded with one query. Each language has its own tree under
its translation of the site's home page, at the same addresses. The routing is Wagtail's own from that
page on: `serve` hands Wagtail the route it would have found and Wagtail serves it.
"""
from django.http import Http404
from django.http.request import split_domain_port
from django.utils.translation import get_language
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname

from core.changes import Memo


def _tree():
    """{url_path: (page id, content type id)} for every page, the restrictions by page path, a
    dict the sites found for each (host, port) are kept in, and each site root's live
    translations {root id: {language: url_path}}."""
    pages = {url: (pk, ct) for pk, url, ct in Page.objects.values_list("pk", "url_path", "content_type_id")}
    restricted = list(PageViewRestriction.objects.values_list("page__path", "pk"))
    return {"pages": pages, "restricted": restricted, "sites": {}, "roots": _root_translations()}


def _root_translations():
    roots = dict(Site.objects.values_list("root_page_id", "root_page__translation_key"))
    found = {}
    translations = (Page.objects.live().filter(translation_key__in=roots.values())
                    .values_list("translation_key", "locale__language_code", "url_path"))
    for key, language, url_path in translations:
        for root_id in (root_id for root_id, root_key in roots.items() if root_key == key):
            found.setdefault(root_id, {})[language] = url_path
    return found


def root_path(site):
    """The URL path of `site`'s home page in the reader's language (Wagtail's
    `site.root_page.localized`), the site's own root when it has no live translation."""
    translations = TREE.get()["roots"].get(site.root_page_id, {})
    return translations.get(get_language(), site.root_page.url_path)


TREE = Memo(["cms"], _tree)


def site_for(request):
    """Wagtail's Site.find_for_request, answered from the memo after the first time."""
    key = (split_domain_port(request._get_raw_host())[0], request.get_port())
    sites = TREE.get()["sites"]
    if key not in sites:
        try:
            sites[key] = get_site_for_hostname(*key)
        except Site.DoesNotExist:
            sites[key] = None
    return sites[key]


class KnownRestrictions:
    """For the site's page types: the view restrictions on the page or its ancestors, asked of
    the database only when the memo knows there are some (Wagtail's serve hook and its admin
    read them; both get a QuerySet)."""

    def get_view_restrictions(self):
        if not any(self.path.startswith(path) for path, _restriction in TREE.get()["restricted"]):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def serve(request, path):
    """Wagtail's serve view, with the site and route found as above."""
    from wagtail import views as wagtail_views

    site = site_for(request)
    request._wagtail_site = site
    if site is not None:
        try:
            request._wagtail_route_for_request = _route(request, site, path)
        except Http404:
            request._wagtail_route_for_request = None
    return wagtail_views.serve(request, path)


def _route(request, site, path):
    """Wagtail's route for `path` under `site`: the deepest page whose URL path the path starts
    with, loaded as its own type, routes the rest itself (a routable page's sub-route)."""
    pages = TREE.get()["pages"]
    components = [part for part in path.split("/") if part]
    base = root_path(site)
    for depth in range(len(components), -1, -1):
        found = pages.get(base + "".join(part + "/" for part in components[:depth]))
        if found is not None:
            from django.contrib.contenttypes.models import ContentType

            page_id, content_type_id = found
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            # The tree may be a moment older than the database (a page deleted just now).
            page = model.objects.filter(pk=page_id).first() if model is not None else None
            if page is None:
                raise Http404
            return page.route(request, components[depth:])
    raise Http404
