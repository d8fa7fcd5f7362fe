"""Where private uploads live: outside the web root, read only through a checking view.

FileFields take `storage=private_storage`. Django calls that once, when the models load, and
keeps what it returns; so it returns a stand-in that looks up `storages["private"]` when first
used and again after the STORAGES setting changes (as Django's own `default_storage` does).
A test that points STORAGES["private"] at its own folder therefore gets its uploads there.
Migrations name the callable, `core.storage.private_storage`, not the storage, so they do not
change with the setting.
"""
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["private"]


_private = PrivateStorage()


def private_storage():
    return _private


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        _private._wrapped = empty
