"""Keeping the index in step with the public pages, in the background (django-tasks, see
core/tasks.py: in-process by default, Redis with TASKS_BACKEND=rq).

`update_index(kind, refs)` builds the documents of those refs through the sources (the public
selectors), writes those it finds and deletes the others: a ref that is no longer public (a
draft again, an item withdrawn, a page unpublished) or no longer exists leaves the index.
Without refs the whole kind is rebuilt (backend.rebuild), which also drops what is gone.
"""
import logging

from django.conf import settings
from django.utils import translation
from django_tasks import task

from core import changes

from . import sources
from .backends import get_backend

logger = logging.getLogger(__name__)

SEARCH_TOPIC = "search"


def refresh(kind, refs=None, backend=None):
    """The work of update_index, callable directly: {"indexed": n, "deleted": n}."""
    engine = get_backend(backend)
    # The searched text and the badges' labels are stored in the site's language, whatever the
    # language of the request whose change queued this (the sources add each other language's
    # titles and summaries: search/sources/languages.py).
    with translation.override(settings.LANGUAGE_CODE):
        if refs is None:
            done = {"indexed": engine.rebuild(kind, sources.documents(kind), total=sources.count(kind)),
                    "deleted": 0}
        else:
            refs = sorted({int(ref) for ref in refs})
            found = list(sources.documents(kind, refs))
            gone = sorted(set(refs) - {document.ref for document in found})
            done = {"indexed": engine.index(found) if found else 0,
                    "deleted": engine.delete(kind, gone) if gone else 0}
    # Pages answered from the index (the results page, the lists' keyword search) are cached
    # with the "search" topic: one rendered before this update must not outlive it.
    changes.announce(topics=[SEARCH_TOPIC])
    return done


@task()
def update_index(kind: str, refs: list[int] | None = None, backend: str | None = None) -> dict:
    try:
        return refresh(kind, refs, backend)
    except Exception:
        # The task ends FAILED with the error in its result; the nightly search_rebuild (or the
        # next change to the same objects) brings the index back in step.
        logger.exception("search index update failed for %s %s", kind, "all" if refs is None else refs[:20])
        raise
