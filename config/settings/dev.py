"""Local development: SQLite, console e-mail, tasks run in-process."""
from .base import *  # noqa: F401,F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# Keys the audit log's hash chain (audit/chain.py); production requires it from the environment.
AUDIT_HMAC_KEY = env("AUDIT_HMAC_KEY", default="dev-only-audit-key-change-me")
IDENTITY_HMAC_KEY = env("IDENTITY_HMAC_KEY", default="dev-only-identity-key-change-me")
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
