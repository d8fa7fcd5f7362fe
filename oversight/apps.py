from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = "监督管理"

    def ready(self):
        from core import changes

        from . import topics

        # What a change to this app's data touches on the public pages (core/pagecache.py).
        changes.register(self.label, topics.topics_of)
        # Menu links, workspace queues and the credit listener (oversight/wiring.py).
        from . import wiring

        wiring.connect()
