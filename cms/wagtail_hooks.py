"""What the Wagtail admin offers editors beyond pages: the service guides of catalogue items
(cms/service_guides.py), listed by item and language, translated with simple translation."""
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

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
