from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = "合同与履约"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from core import changes, navigation
        from providers.access import is_active_regulator

        from . import topics

        # What a change to this app's data touches on the public pages (core/pagecache.py).
        changes.register(self.label, topics.topics_of)

        # Beside each organisation in the member's workspace and on its profile (providers).
        for kind in ("owner", "agency"):
            navigation.add_link(kind, navigation.Link(_("合同与履约"), "contracts:contracts", order=50, org="query"))
        # Where an agency's payouts go, when the platform pays out through Stripe Connect.
        def connect_on(request):
            from django.conf import settings

            return getattr(settings, "STRIPE_CONNECT", False)

        navigation.add_link("agency", navigation.Link(_("收款账户"), "contracts:payout_account", order=52, org="query",
                                                      visible=connect_on))

        # The regulator workspace's menu, shown to regulators on duty.
        def regulators(request):
            return is_active_regulator(request.user)

        for label, url, order in (
            (_("合同示范文本"), "contracts_regulator:templates", 50),
            (_("合同监管"), "contracts_regulator:contracts", 52),
        ):
            navigation.add_link("regulator", navigation.Link(label, url, order=order, visible=regulators))
