from django.apps import AppConfig

from . import converters  # noqa: F401  registers the "id" path converter before any URL is read


class CoreConfig(AppConfig):
    name = "core"
