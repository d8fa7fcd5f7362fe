"""What the Wagtail admin offers editors beyond pages: the service guides of catalogue items
(cms/service_guides.py), listed by item and language, translated with simple translation; and,
for regulators, the marketplace data they keep (cms/marketplace_admin.py)."""
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .marketplace_admin import MarketplaceDataGroup, register_policies
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


# --- the marketplace data editors keep: read here, changed in the regulator workspace ----------
register_policies()


@hooks.register("register_admin_viewset")
def marketplace_data():
    return MarketplaceDataGroup()
