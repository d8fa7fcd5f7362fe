"""Test settings: the database comes from DATABASE_URL (PostgreSQL in CI), fast hashing."""
from .base import *  # noqa: F401,F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AUDIT_HMAC_KEY = "dev-only-audit-key-change-me"
IDENTITY_HMAC_KEY = "dev-only-identity-key-change-me"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Tests run inside a transaction that never commits: changes are announced at once instead, so
# what is kept per process (core.changes.Memo) follows each test's changes. The page cache is
# off, except in its own tests (tests/cms/test_page_cache.py): scenes set up with a bare
# QuerySet.update() announce nothing.
CHANGES_ANNOUNCED_ON_COMMIT = False
PAGE_CACHE_ENABLED = False

# The index follows changes only in the tests that are about it (tests/search_*): elsewhere an
# in-process index update would add its queries to the pages' query counts.
SEARCH_INDEX_ON_CHANGE = False
# Nor does the Wagtail admin's own search index (pages, images, documents): no test searches the
# admin, and indexing each page saved is a fifth of the time the page tree takes to build.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}}
