"""The site's URLs plus views that fail on purpose, for the error-page tests."""
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns


def boom(request):
    raise RuntimeError("secret-internal-detail: the ledger is corrupt")


def forbidden(request):
    raise PermissionDenied("secret-internal-detail: not your organisation")


def suspicious(request):
    raise SuspiciousOperation("secret-internal-detail: tampered form")


# Before the site's patterns: Wagtail's catch-all is last there.
urlpatterns = [
    path("_test/boom/", boom),
    path("_test/forbidden/", forbidden),
    path("_test/suspicious/", suspicious),
    *site_urlpatterns,
]
