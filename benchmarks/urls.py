"""The site's URLs plus the bare view every page is compared with (benchmark only)."""
from django.urls import include, path

from benchmarks.views import bare

urlpatterns = [
    path("_bench/bare/", bare),
    path("", include("config.urls")),
]

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
