from django.apps import AppConfig


class BiddingConfig(AppConfig):
    name = "bidding"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from core import changes, navigation
        from providers.access import is_active_regulator

        from . import topics

        # What a change to this app's data touches on the public pages (core/pagecache.py).
        changes.register(self.label, topics.topics_of)

        # Beside each organisation in the member's workspace and on its profile (providers).
        navigation.add_link("agency", navigation.Link(_("参与报名"), "bidding:opportunities", order=30, org="query"))
        navigation.add_link("agency", navigation.Link(_("我的报名"), "bidding:my_bids", order=40, org="query"))
        navigation.add_link("agency", navigation.Link(_("承接能力"), "bidding:capacity", order=45, org="query"))
        navigation.add_link("owner", navigation.Link(_("采购公告"), "bidding:owner_jobs", order=30, org="query"))
        # The regulator workspace's menu, shown to regulators on duty.
        def regulators(request):
            return is_active_regulator(request.user)

        for label, url, order in (
            (_("异议投诉"), "bidding_regulator:complaints", 40),
            (_("公共随机数"), "bidding_regulator:beacons", 42),
            (_("围标串标预警"), "bidding_regulator:flags", 44),
            (_("限制性条款规则"), "bidding_regulator:patterns", 46),
        ):
            navigation.add_link("regulator", navigation.Link(label, url, order=order, visible=regulators))

        # The regulator workspace home's queues (objections, flags, zombie listings).
        from . import wiring_queues

        wiring_queues.connect()
