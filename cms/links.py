"""The public pages cms serves, found in Wagtail's page tree (never by a fixed path: editors may
move or rename them), offered to the other apps through core.navigation.

What every page's frame needs from the page tree (the index pages' URLs, the menus, the portal
settings) is kept per process until a page or the settings change (core.changes.Memo).
"""
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from core import navigation
from core.changes import Memo

from . import routing


def _index_pages():
    from .models import (
        BlacklistPage,
        CatalogueIndexPage,
        ContactPage,
        ContractTemplatesPage,
        CreditIndexPage,
        DirectoryIndexPage,
        FeeRulesPage,
        HomePage,
        NoticesIndexPage,
        RedListPage,
        StatisticsPage,
    )

    return {"home": HomePage, "notices": NoticesIndexPage, "catalogue": CatalogueIndexPage,
            "directory": DirectoryIndexPage, "credit": CreditIndexPage, "blacklist": BlacklistPage,
            "redlist": RedListPage, "fees": FeeRulesPage, "contact": ContactPage, "statistics": StatisticsPage,
            "contract_templates": ContractTemplatesPage}


def _find_index_urls():
    """{language: {"home": url, …}}: each language's tree holds its own index pages."""
    from wagtail.models import Locale

    urls = {}
    for name, model in _index_pages().items():
        pages = model.objects.live().filter(locale__in=Locale.objects.all()).order_by("path")
        for page in pages.select_related("locale"):
            urls.setdefault(page.locale.language_code, {}).setdefault(name, page.get_url() or "")
    return urls


# Looked up once per process and again when a page is published, unpublished, moved or deleted
# (core.changes, topic "cms").
INDEX_URLS = Memo(["cms"], _find_index_urls)


def index_urls():
    """{"home": url, "notices": url, …} for the live index pages of the reader's language (the
    default language's where a page has no translation)."""
    urls = INDEX_URLS.get()
    default = urls.get(settings.LANGUAGE_CODE, {})
    return {**default, **urls.get(get_language(), {})}


def _sub_page(index, route, *args):
    """The URL of a routable sub-page of an index page, e.g. /notices/12/draw/."""
    base = index_urls().get(index)
    if not base:
        return ""
    # The same reverse as the page's reverse_subpage(), without loading the page itself.
    return base.rstrip("/") + "/" + _index_pages()[index].get_resolver().reverse(route, *args).lstrip("/")


def _menus():
    return {}


# The menus of each site, kept per process until a page changes (core.changes, topic "cms").
MENUS = Memo(["cms"], _menus)


def menu_pages(request):
    """The pages editors marked "show in menus" directly under the site's home page, in the
    reader's language."""
    site = Site.find_for_request(request)
    if site is None:
        return []
    menus = MENUS.get()
    key = (site.pk, get_language())
    if key not in menus:
        home = Page.objects.filter(url_path=routing.root_path(site)).first() or site.root_page
        menus[key] = [
            (page.title, page.get_url(request=request))
            for page in home.get_children().live().in_menu().only("title", "url_path", "locale")]
    return menus[key]


def _portal_settings():
    from .models import PortalSettings

    return PortalSettings.objects.first() or PortalSettings()


# The portal settings as saved, or their defaults — read only: never created by a page; kept
# per process until they are saved again (topic "settings").
PORTAL = Memo(["settings"], _portal_settings)


def portal(request):
    return {"portal": PORTAL.get().localized(get_language()), "home_url": index_urls().get("home", "")}


PAGES = {
    "home": lambda: index_urls().get("home", ""),
    "notices": lambda: index_urls().get("notices", ""),
    "catalogue": lambda: index_urls().get("catalogue", ""),
    "directory": lambda: index_urls().get("directory", ""),
    "job_notice": lambda job_id: _sub_page("notices", "job", job_id),
    "job_draw": lambda job_id: _sub_page("notices", "draw", job_id),
    "service_item": lambda code: _sub_page("catalogue", "item", code),
    "service_item_history": lambda code: _sub_page("catalogue", "item_history", code),
    "agency_profile": lambda uscc: _sub_page("directory", "agency", uscc),
    "owner_record": lambda uscc: _sub_page("directory", "owner", uscc),
    "credit": lambda: index_urls().get("credit", ""),
    "credit_rules_version": lambda version: _sub_page("credit", "rules_version", version),
    "blacklist": lambda: index_urls().get("blacklist", ""),
    "redlist": lambda: index_urls().get("redlist", ""),
    "fees": lambda: index_urls().get("fees", ""),
    "contact": lambda: index_urls().get("contact", ""),
    "statistics": lambda: index_urls().get("statistics", ""),
    "contract_templates": lambda: index_urls().get("contract_templates", ""),
    "contract_template": lambda code: _sub_page("contract_templates", "template", code),
    "contract_template_version": lambda code, number: _sub_page("contract_templates", "template_version", code, number),
    "contract_template_pdf": lambda code, number: _sub_page("contract_templates", "template_pdf", code, number),
}


def register():
    for name, resolver in PAGES.items():
        navigation.provide_page(name, resolver)
    main = [("home", _("首页"), 10), ("notices", _("采购公告"), 20), ("catalogue", _("服务事项清单"), 30),
            ("directory", _("中介机构名录"), 40), ("credit", _("信用信息"), 50)]
    for name, label, order in main:
        navigation.add_link("main", navigation.Link(label, name, order))
    navigation.add_link("main", navigation.LinkList(menu_pages, order=60))
    for name, label, order in main[2:]:
        navigation.add_link("footer", navigation.Link(label, name, order))
    navigation.add_link("footer", navigation.Link(_("黑名单"), "blacklist", 52))
    navigation.add_link("footer", navigation.Link(_("红名单"), "redlist", 54))
    navigation.add_link("footer", navigation.Link(_("收费标准与计算器"), "fees", 35))
    navigation.add_link("footer", navigation.Link(_("合同示范文本"), "contract_templates", 50))
    navigation.add_link("footer", navigation.Link(_("统计数据"), "statistics", 57))
    navigation.add_link("footer", navigation.Link(_("联系我们与投诉"), "contact", 58))
    navigation.add_link("footer", navigation.LinkList(menu_pages, order=60))
    # An agency's public page, beside it in the member's workspace and on its profile (providers).
    navigation.add_link("agency", navigation.Link(_("公开页面"), "agency_profile", order=90, org="uscc"))
    # An owner's public record of its step times and delays (clocks on both sides).
    navigation.add_link("owner", navigation.Link(_("公开履约记录"), "owner_record", order=90, org="uscc"))
    navigation.add_frame_part(portal)
