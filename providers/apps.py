from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "providers"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from core import navigation

        navigation.add_link("user", navigation.Link(_("我的工作台"), "providers:workspace", order=10))
