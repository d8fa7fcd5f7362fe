from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "评价与信用"

    def ready(self):
        from core import changes

        from . import topics

        # What a change to this app's data touches on the public pages (core/pagecache.py).
        changes.register(self.label, topics.topics_of)
        # Each part adds its menu links and listeners (reviews/wiring.py).
        from . import wiring

        wiring.connect()
