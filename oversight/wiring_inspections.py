"""The inspections part of oversight's wiring (oversight/wiring.py): its menu links and workspace queue.

- "双随机抽查" in the site's main menu and footer (/inspections/: campaigns, draw proofs, results);
- "双随机抽查" in the regulator menu (the department's campaigns, the regulator's own inspections
  and standing conflicts), shown to regulators on duty;
- the workspace queue "双随机抽查": the department's campaigns waiting for a regulator (announced:
  beacon value and draw; drawn: findings and publication), one query
  (oversight.selectors.inspections.campaigns_awaiting_count).
"""


def connect():
    from django.utils.translation import gettext_lazy as _

    from core import navigation

    navigation.add_link("main", navigation.Link(_("双随机抽查"), "oversight:inspections", order=57))
    navigation.add_link("footer", navigation.Link(_("双随机抽查"), "oversight:inspections", order=57))
    navigation.add_link("regulator", navigation.Link(_("双随机抽查"), "oversight_regulator:inspections", order=39,
                                                     visible=_regulators))
    navigation.add_queue(navigation.Queue(
        key="inspections", label=_("双随机抽查"), url="oversight_regulator:inspections", order=60,
        count=_count_awaiting,
        help=_("本部门已公告待抽取、已抽取待登记检查结果或待公布的抽查任务。")))


def _regulators(request):
    from providers.access import is_active_regulator

    return is_active_regulator(request.user)


def _count_awaiting(scope):
    from .selectors.inspections import campaigns_awaiting_count

    return campaigns_awaiting_count(scope)
