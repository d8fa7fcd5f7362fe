from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "providers"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from core import changes, navigation

        from . import topics
        from .access import is_active_regulator

        # What a change to this app's data touches on the public pages (core/pagecache.py).
        changes.register(self.label, topics.topics_of)

        def regulators(request):
            return is_active_regulator(request.user)

        navigation.add_link("user", navigation.Link(_("我的工作台"), "providers:workspace", order=10))
        # The regulator workspace's menu (core.navigation, place "regulator"): certificate checks
        # and agencies' standing, after marketplace's catalogue pages.
        for label, url, order in (
            (_("资质核验"), "providers_regulator:certificates", 35),
            (_("市场状态"), "providers_regulator:standing", 37),
        ):
            navigation.add_link("regulator", navigation.Link(label, url, order=order, visible=regulators))

        # The regulator workspace home's queues (certificates to verify, about to expire).
        from . import wiring_queues

        wiring_queues.connect()
