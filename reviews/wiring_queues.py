"""reviews' queues on the regulator workspace's home (core.navigation.add_queue): blacklist
proposals waiting for a second regulator (never the viewer's own), credit repair applications,
review appeals. Each count is one query within the regulator's scope (reviews/selectors/queues.py).
Called from reviews.wiring.connect()."""


def connect():
    from django.utils.translation import gettext_lazy as _

    from core import navigation

    from .selectors import queues

    for queue in (
        navigation.Queue(key="blacklist_waiting", label=_("待复核的黑名单提议"),
                         url="reviews_regulator:blacklist", count=queues.count_blacklist_waiting, order=50,
                         help=_("其他监管人员提出、等待第二名监管人员复核的黑名单提议（不含本人提出的）。")),
        navigation.Queue(key="repairs_pending", label=_("信用修复申请"),
                         url="reviews_regulator:repair_list", count=queues.count_repairs_pending, order=52,
                         help=_("被列入黑名单的机构整改后提出的信用修复申请。")),
        navigation.Queue(key="appeals_open", label=_("评价申诉"),
                         url="reviews_regulator:appeals", count=queues.count_appeals_open, order=54,
                         help=_("被评价方对评价提出的申诉。")),
    ):
        navigation.add_queue(queue)
