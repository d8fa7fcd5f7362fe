"""`{% page_url "job_notice" job.pk %}`: a link to a page another app serves (core.navigation),
so a template never types a path that an editor may rename or another app may move."""
from django import template

from .. import navigation
from ..notifications import absolute_url

register = template.Library()


@register.simple_tag
def page_url(name, *args):
    return navigation.page_url(name, *args)


@register.simple_tag(takes_context=True)
def organisation_links(context, organisation):
    """`{% organisation_links org as links %}`: what the other apps offer for this organisation."""
    return navigation.links_for_organisation(context["request"], organisation)


@register.simple_tag(takes_context=True)
def place_links(context, place):
    """`{% place_links "regulator" as links %}`: the links the apps put in one place."""
    return navigation.links_for(place, context["request"])


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """`<link rel="canonical">`'s address: the site's public address (settings.WAGTAILADMIN_BASE_URL)
    and the page's path, keeping only its page number of a list: a list filtered or sorted is the
    same page to a search engine, and the address behind a proxy is not the public one."""
    request = context.get("request")
    if request is None:
        return ""
    page = request.GET.get("page", "")
    suffix = f"?page={page}" if page.isdigit() and int(page) > 1 else ""
    return absolute_url(request.path) + suffix


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """[(language, address)] for `<link rel="alternate" hreflang>`: the canonical address in each
    of the site's languages (`?lang=`, core/middleware.py), since both languages share paths."""
    from django.conf import settings

    canonical = canonical_url(context)
    if not canonical:
        return []
    joiner = "&" if "?" in canonical else "?"
    return [(code, f"{canonical}{joiner}lang={code}") for code, _name in settings.LANGUAGES]


@register.filter
def json_ld(data):
    """`{{ structured_data|json_ld }}`: a `<script type="application/ld+json">` holding `data`,
    escaped as Django's json_script escapes (no "</script>" can end it early)."""
    import json

    from django.utils.html import format_html
    from django.utils.safestring import mark_safe

    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
