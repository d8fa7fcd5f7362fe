"""What the search adds to the other apps at start-up: the search box in every page's header
and the synonym table in the regulator workspace's menu (core.navigation), beside the catalogue
whose words it explains. Called once from SearchConfig.ready()."""


def connect():
    from django.utils.translation import gettext_lazy as _

    from core import navigation

    navigation.add_link("regulator", navigation.Link(_("搜索同义词表"), "search_regulator:synonyms", order=32,
                                                     visible=_regulators))
    navigation.add_frame_part(header_search)


def header_search(request):
    """The frame's search part: where the header box sends its GET form and asks for
    completions, and the box's stylesheet and script (base.html loads them once per page, for the
    header box and every other box). No database: URLs and static paths only.

    The search pages have their own large box holding the query, so the header leaves its box
    out there (`in_header`); one language-neutral /search/ answers in the reader's language."""
    from django.templatetags.static import static
    from django.urls import reverse

    from core import navigation

    action = reverse("search:results")
    return {"search": {
        "action": action, "suggest": reverse("search:suggest"),
        "stylesheet": static("css/search.css"), "script": static("js/search-suggest.js"),
        "in_header": not navigation.in_section(request.path, action),
    }}


def _regulators(request):
    from providers.access import is_active_regulator

    return is_active_regulator(request.user)
