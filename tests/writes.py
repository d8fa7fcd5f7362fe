"""What a refused action leaves behind: nothing. Put `nothing_written(...)` around the refused
call, inside `pytest.raises`:

    with pytest.raises(errors.DuplicateBid), nothing_written(Bid):
        bid_submit(...)

It checks that no row of the given models, no audit entry, no notice and no private file (the
per-test private storage of tests/conftest.py) appeared. Changed fields are for the test to check.
"""
import os
from contextlib import contextmanager

from django.conf import settings

from audit.models import AuditEntry
from core.models import Notice


def private_files():
    """The files in the private storage, by their path inside it."""
    root = settings.STORAGES["private"]["OPTIONS"]["location"]
    return sorted(
        os.path.relpath(os.path.join(folder, name), root)
        for folder, _dirs, names in os.walk(root) for name in names
    )


def _counts(models):
    return {model.__name__: model.objects.count() for model in (AuditEntry, Notice, *models)}


@contextmanager
def nothing_written(*models):
    before, files = _counts(models), private_files()
    try:
        yield
    finally:
        assert _counts(models) == before, "a refused action wrote rows"
        assert private_files() == files, "a refused action left files in the private storage"
