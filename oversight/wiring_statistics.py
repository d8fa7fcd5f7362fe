"""The statistics part of oversight's wiring (oversight/wiring.py): the regulators' statistics in
their menu (the public summary is a Wagtail page, linked by cms)."""


def connect():
    from django.utils.translation import gettext_lazy as _

    from core import navigation

    navigation.add_link("regulator", navigation.Link(_("统计分析"), "oversight_regulator:statistics", order=80,
                                                     visible=_regulators))


def _regulators(request):
    from providers.access import is_active_regulator

    return is_active_regulator(request.user)
