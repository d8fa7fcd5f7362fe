"""Production: every secret and host from the environment; PostgreSQL, Redis tasks, SMTP."""
from .base import *  # noqa: F401,F403
from .base import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
# Keys the audit log's hash chain (audit/chain.py). Keep it outside the database, and keep
# it: entries written under one key verify only with that key.
AUDIT_HMAC_KEY = env("AUDIT_HMAC_KEY")
IDENTITY_HMAC_KEY = env("IDENTITY_HMAC_KEY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
# Processes and servers must share the cache: a page cached by one is invalidated by a change
# made in another (core/pagecache.py).
CACHES = {"default": env.cache("CACHE_URL", default="rediscache://127.0.0.1:6379/1")}
# Keep each thread's database connection between requests (opening one costs milliseconds),
# checked before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
