from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "搜索"

    def ready(self):
        from core import changes

        from . import indexing, topics

        # A change to the synonym table is announced as "synonyms" (the lexicon is built again).
        changes.register(self.label, topics.topics_of)
        # Every committed change to public data queues the documents it makes stale.
        changes.on_change(indexing.on_change)
        # The synonym table in the regulators' menu (search/wiring.py).
        from . import wiring

        wiring.connect()
