import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a fresh folder per test."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }


@pytest.fixture(autouse=True)
def _force_login_as_allauth_would(monkeypatch):
    """`client.force_login(user)` stands for a login through allauth's pages, where a user with
    TOTP also enters a code: the session records those steps as allauth's login does, so the MFA
    rule (accounts/mfa.py) treats it as a real login. tests/accounts logs in through the real
    pages wherever the steps are what is tested."""
    from django.test import Client

    from tests.accounts.helpers import record_login_steps

    plain_force_login = Client.force_login

    def force_login(self, user, backend=None):
        plain_force_login(self, user, backend)
        record_login_steps(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def _chinese_by_default():
    """Each test starts in the site's language: a request that switched to English leaves the
    thread's language behind, which would render the next test's templates in English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: the page-tree links cms keeps there (cms/links.py)
    and allauth's rate-limit counters belong to one test's database, not the next one's."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def user(db):
    from tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def page_cache_on(settings, monkeypatch):
    """The public page cache on (tests/pagecache.py asks for its pages); a module turns it on for
    all its tests with pytest.mark.usefixtures("page_cache_on")."""
    from core import pagecache

    settings.PAGE_CACHE_ENABLED = True
    # The margin guards against clocks of different servers; one test process has one clock.
    monkeypatch.setattr(pagecache, "CLOCK_MARGIN_NS", 0)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change as if its transaction committed (the test's own transaction never does)."""
    def run(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)
    return run


def pytest_collection_modifyitems(items):
    """Every transactional test puts back what the migrations loaded (regions, Wagtail's root
    page) when it starts. A flush without it re-creates content types with new ids, and the next
    serialized restore then fails on them; so all transactional tests must restore alike."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            item.add_marker(pytest.mark.django_db(**{**marker.kwargs, "serialized_rollback": True}), append=False)


@pytest.fixture(scope="session")
def signing_certificate(tmp_path_factory):
    """The platform's demo signing certificate, made once per run (contracts/signing_key.py)."""
    from contracts.signing_key import ensure_demo_certificate

    return ensure_demo_certificate(tmp_path_factory.mktemp("signing-keys"))


@pytest.fixture(autouse=True)
def _signing_certificate_settings(request, settings):
    """Contracts signed in a test are sealed with the run's demo certificate, never var/keys/."""
    paths = request.getfixturevalue("signing_certificate")
    settings.CONTRACT_SIGNING_KEY = str(paths.key)
    settings.CONTRACT_SIGNING_CERT = str(paths.cert)
    settings.CONTRACT_SIGNING_CHAIN = str(paths.chain)
    settings.CONTRACT_SIGNING_KEY_PASSPHRASE = ""


@pytest.fixture(scope="session")
def localstripe():
    """A localstripe server for the run (contracts/payments/localstripe_server.py, objects in
    memory), the settings pointed at it: payments are tested against a Stripe server, never a mock."""
    from django.test import override_settings

    from contracts.payments import localstripe_server

    server = localstripe_server.start()
    overridden = override_settings(STRIPE_API_BASE=server.url, STRIPE_API_KEY="sk_test_suite",
                                   STRIPE_WEBHOOK_SECRET="whsec_suite", STRIPE_CONNECT=False,
                                   STRIPE_NETWORK_RETRIES=0)
    overridden.enable()
    try:
        yield server
    finally:
        overridden.disable()
        server.stop()
