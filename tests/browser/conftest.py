"""Browser tests: Playwright (sync API) drives Debian's headless Chromium against live_server.

Playwright's own browser download is not used: `/usr/bin/chromium` comes from Debian
(scripts/test installs it). Screenshots land in var/screenshots/ for a person to look at.
"""
import os
import re
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in this thread; Django's ORM would otherwise
# refuse the factory and assertion queries the tests make between browser steps.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"]
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def _skip_reason():
    if os.environ.get("BROWSER_TESTS_SKIP_REASON"):
        return os.environ["BROWSER_TESTS_SKIP_REASON"]
    if not CHROMIUM.exists() and os.environ.get("CI") != "true":
        return f"{CHROMIUM} is missing: install Debian's chromium (bash scripts/test does it as root)"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _skip_reason()
    if reason:
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def migration_data(django_db_setup):
    """What the migrations loaded (regions, Wagtail's root page), as Django serialized it.

    Read before Playwright starts: its sync API keeps an event loop in this thread, after which
    Django's connection handler hands out another connection object that lacks this copy, so
    the serialized rollback would silently restore nothing (and the flush after each test would
    re-create content types). The `browser` fixture hands the copy to that connection."""
    from django.db import connections

    return getattr(connections["default"], "_test_serialized_contents", None)


@pytest.fixture(scope="session")
def browser(migration_data):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        _share_migration_data(migration_data)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, transactional_db, django_db_serialized_rollback):
    """A fresh browser context (no cookies) whose relative URLs go to the live server.

    The live server needs committed data, hence transactional_db; the serialized rollback puts
    back what the migrations load (regions, Wagtail's root page) after each flush.
    """
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900})
    # Generous, because CI machines are slow; a test waits only as long as the page needs.
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def _share_migration_data(serialized):
    from django.db import connections

    if serialized is not None:
        connections["default"]._test_serialized_contents = serialized


@pytest.fixture
def screenshot(page, request):
    """screenshot("step-name") saves the whole page as var/screenshots/<test>--<step>.png."""
    test_name = re.sub(r"[^A-Za-z0-9_.-]", "_", request.node.name)

    def take(name):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{test_name}--{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
