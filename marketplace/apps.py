from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    name = "marketplace"

    def ready(self):
        from django.urls import reverse
        from django.utils.translation import gettext_lazy as _

        from core import changes, navigation
        from providers.access import is_active_regulator

        from . import topics

        # What a change to this app's data touches on the public pages (core/pagecache.py).
        changes.register(self.label, topics.topics_of)

        def regulators(request):
            return is_active_regulator(request.user)

        navigation.add_link("user", navigation.Link(
            _("监管工作台"), "regulator:dashboard", order=30, visible=regulators))
        # The regulator workspace's menu (providers' and bidding's pages follow from order 35 on).
        for label, url, order in (
            (_("概览"), "regulator:dashboard", 10),
            (_("服务事项清单"), "regulator:catalogue", 20),
            (_("新增事项"), "regulator:item_create", 25),
            (_("服务类别"), "regulator:categories", 30),
        ):
            navigation.add_link("regulator", navigation.Link(label, url, order=order, visible=regulators))
        # Beside each agency in the member's workspace and on its profile (providers).
        navigation.add_link("agency", navigation.Link(_("服务事项与承诺"), "agency_services:list", order=10))
        # Where a regulator with no organisation lands (providers' workspace home).
        navigation.provide_page("regulator_home", lambda: reverse("regulator:dashboard"))

        # "A regulator sees what their department supervises" for the layers below (providers'
        # regulator pages): the rule stays in marketplace.selectors.scope.
        from providers.access import provide_scope_rule

        from .selectors.scope import scope_of

        provide_scope_rule(scope_of)
