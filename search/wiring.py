"""What the search adds to the other apps at start-up: the synonym table in the regulator
workspace's menu (core.navigation), beside the catalogue whose words it explains. Called once
from SearchConfig.ready()."""


def connect():
    from django.utils.translation import gettext_lazy as _

    from core import navigation

    navigation.add_link("regulator", navigation.Link(_("搜索同义词表"), "search_regulator:synonyms", order=32,
                                                     visible=_regulators))


def _regulators(request):
    from providers.access import is_active_regulator

    return is_active_regulator(request.user)
