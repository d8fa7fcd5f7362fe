"""Where the documents come from: one module per kind, each building `search.documents.Document`s
from the public selectors the public pages use (never from raw rows), so nothing a public page
does not show can enter an index.

Each module has `documents(refs=None)` — the public documents of its kind (all of them, or those
among `refs`; a ref that is not public, or no longer exists, is simply not yielded), read in
batches with a fixed number of queries per batch — and `count()`, how many `documents()` yields.
"""
from importlib import import_module

from ..documents import KINDS

MODULES = {"agency": "agencies", "job": "jobs", "item": "items", "notice": "notices", "policy": "policies"}
assert set(MODULES) == set(KINDS)


def source(kind):
    if kind not in MODULES:
        raise ValueError(f"unknown kind {kind!r}; one of {sorted(MODULES)}")
    return import_module(f"{__name__}.{MODULES[kind]}")


def documents(kind, refs=None):
    return source(kind).documents(refs)


def count(kind):
    return source(kind).count()
