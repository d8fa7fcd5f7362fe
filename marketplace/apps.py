from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    name = "marketplace"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from core import navigation
        from providers.access import is_active_regulator

        navigation.add_link("user", navigation.Link(
            _("监管工作台"), "regulator:dashboard", order=30,
            visible=lambda request: is_active_regulator(request.user)))
