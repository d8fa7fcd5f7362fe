"""Where private uploads live: outside the web root, read only through a checking view."""
from django.core.files.storage import storages


def private_storage():
    return storages["private"]
