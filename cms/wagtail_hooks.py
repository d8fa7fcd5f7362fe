"""What the Wagtail admin offers editors beyond pages: the service guides of catalogue items
(cms/service_guides.py), listed by item and language, translated with simple translation; and,
for regulators, the way to the marketplace data they keep."""
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from providers.access import is_active_regulator

from .service_guides import ServiceGuide


class ServiceGuideViewSet(SnippetViewSet):
    model = ServiceGuide
    icon = "doc-full"
    menu_label = _("服务指南")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["item", "locale", "updated_at"]
    list_filter = ["locale"]
    search_fields = ["item__name", "item__code"]
    ordering = ["item__code"]


register_snippet(ServiceGuideViewSet)


# --- the marketplace data editors keep -----------------------------------------------------------
# Service items, fee rules, contract templates and the search's synonym table have their rules,
# permissions (an active regulator, within the categories they oversee) and audit in the
# regulator workspace. The Wagtail admin leads there rather than editing them a second way, so a
# rule keeps one home; the menu shows to active regulators only.

class RegulatorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_active_regulator(request.user)


@hooks.register("register_admin_menu_item")
def marketplace_data_menu():
    links = [
        (_("服务事项清单与收费标准"), "regulator:catalogue", "list-ul", 100),
        (_("服务类别"), "regulator:categories", "folder-open-1", 200),
        (_("合同示范文本"), "contracts_regulator:templates", "doc-full", 300),
        (_("搜索同义词表"), "search_regulator:synonyms", "search", 400),
    ]
    items = [RegulatorMenuItem(label, reverse_lazy(name), icon_name=icon, order=order)
             for label, name, icon, order in links]
    return SubmenuMenuItem(_("市场数据（监管工作台）"), Menu(items=items), icon_name="cogs", order=220)
