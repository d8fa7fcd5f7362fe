from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"

    def ready(self):
        from . import caching, links, purge

        links.register()
        caching.register()
        purge.register()
