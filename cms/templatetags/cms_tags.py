"""Template helpers for the site's frame (base.html): the main menu and the current section."""
from django import template
from wagtail.models import Site

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_pages(context):
    """The pages editors marked "show in menus" directly under the site's home page.

    Base.html is also used by plain Django pages, where there may be no Wagtail site at all.
    """
    request = context.get("request")
    if request is None:
        return []
    site = Site.find_for_request(request)
    if site is None:
        return []
    return [
        (page.title, page.get_url(request=request))
        for page in site.root_page.get_children().live().in_menu().only("title", "url_path")
    ]


@register.filter
def in_section(path, url):
    """True when `path` is the page `url` or under it ("/" only matches itself)."""
    path, url = str(path or ""), str(url or "")
    if url in ("", "/"):
        return path == "/"
    return path == url or path.startswith(url.rstrip("/") + "/")
