from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from core import navigation

        navigation.add_link("footer", navigation.Link(_("审计日志存证"), "audit:anchors", order=90))
