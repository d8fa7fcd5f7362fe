"""bidding's queues on the regulator workspace's home (core.navigation.add_queue): escalated
objections, jobs with signs of collusion, jobs with other red flags, zombie listings. Each count
is one query within the regulator's scope (bidding/selectors/queues.py). Called from
BiddingConfig.ready(). A queue's url may carry the page's filters after "?"."""


def connect():
    from django.utils.translation import gettext_lazy as _

    from core import navigation

    from .selectors import queues

    for queue in (
        navigation.Queue(key="objections_escalated", label=_("异议投诉待处理"),
                         url="bidding_regulator:complaints?status=escalated", count=queues.count_escalated,
                         order=10, help=_("报名机构对业主的异议答复不满意、提交监管部门处理的投诉。")),
        navigation.Queue(key="flags_collusion", label=_("围标串标迹象"),
                         url="bidding_regulator:flags?kind=collusion", count=queues.count_collusion, order=40,
                         help=_("近90天截止的项目中，报名机构共用法定代表人、电话、邮箱域名、地址或IP，或报价相同、等差。")),
        navigation.Queue(key="flags_other", label=_("其他异常预警"),
                         url="bidding_regulator:flags?kind=other", count=queues.count_other_flags, order=42,
                         help=_("近90天截止的项目中，仅一家有效报名、以最高限价中选、同一业主处反复中选、法定代表人与被限制机构相同。")),
        navigation.Queue(key="zombie_listings", label=_("“僵尸”入驻机构"),
                         url="bidding_regulator:flags_zombies", count=queues.count_zombies, order=80,
                         help=_("入驻满12个月、近12个月从未报名的中介机构。")),
    ):
        navigation.add_queue(queue)
