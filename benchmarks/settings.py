"""Settings of the benchmark's gunicorn: production's, plus the bare view's URL and template.

`BENCH_CACHE=off` switches the page cache off (core/pagecache.py: every page is rendered; the
smaller caches, e.g. the index pages' URLs, stay production's); otherwise the caches are
production's own.
"""
import copy
import os

from config.settings import production
from config.settings.production import *  # noqa: F401,F403
from config.settings.production import BASE_DIR

ROOT_URLCONF = "benchmarks.urls"

TEMPLATES = copy.deepcopy(production.TEMPLATES)
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "benchmarks" / "templates"]

if os.environ.get("BENCH_CACHE") == "off":
    PAGE_CACHE_ENABLED = False
    PAGE_CACHE_SECONDS = 0  # stores nothing even where the switch is not read
