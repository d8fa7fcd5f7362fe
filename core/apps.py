from django.apps import AppConfig

from . import converters  # noqa: F401  registers the "id" path converter before any URL is read


class CoreConfig(AppConfig):
    name = "core"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from . import changes, navigation
        from .notifications import unread_count

        changes.listen_to_saves()
        navigation.add_link("user", navigation.Link(
            _("消息"), "core:inbox", order=20, badge=lambda request: unread_count(request.user)))
