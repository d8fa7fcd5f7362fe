"""The complaints part of oversight's wiring (oversight/wiring.py): its menu links and workspace queues.

- "投诉举报" in the site's main menu and footer (/complaints/: file one, follow it, the outcomes);
- "投诉举报" in the regulator menu (the queue), shown to regulators on duty;
- the workspace queue "投诉举报": open complaints in the regulator's scope, the urgent ones those
  due within the reminder period or overdue (oversight.selectors.complaints, one query each).
"""


def connect():
    from django.utils.translation import gettext_lazy as _

    from core import navigation

    navigation.add_link("main", navigation.Link(_("投诉举报"), "oversight:complaints", order=56))
    navigation.add_link("footer", navigation.Link(_("投诉举报"), "oversight:complaints", order=56))
    navigation.add_link("regulator", navigation.Link(_("投诉举报"), "oversight_regulator:complaints", order=38,
                                                     visible=_regulators))
    navigation.add_queue(navigation.Queue(
        key="complaints", label=_("投诉举报"), url="oversight_regulator:complaints", order=20,
        count=_count_open, urgent=_count_urgent,
        help=_("转交本部门或在本部门监管范围内、尚未办结的投诉举报；醒目的数字为临近期限或已超期的件数。")))


def _regulators(request):
    from providers.access import is_active_regulator

    return is_active_regulator(request.user)


def _count_open(scope):
    from .selectors.complaints import count_open

    return count_open(scope)


def _count_urgent(scope):
    from .selectors.complaints import count_urgent

    return count_urgent(scope)
