from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import views as sitemap_views
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

import bidding.urls
import cms.routing
import contracts.urls
import core.urls
import marketplace.urls
import oversight.urls
import providers.urls
import reviews.urls
from accounts.views import ActivateTOTPView, login_through_allauth
from cms.sitemaps import SITEMAPS

urlpatterns = [
    # Every login goes through allauth (rate limits, verified e-mail, MFA): the login forms of
    # Django's admin, Wagtail's admin and Wagtail's private pages only send visitors there.
    path("django-admin/login/", login_through_allauth, {"default_next": "admin:index"}),
    path("admin/login/", login_through_allauth, {"default_next": "wagtailadmin_home"}),
    path("_util/login/", login_through_allauth),
    # allauth's TOTP set-up, which also counts the code entered there as the session's MFA.
    path("accounts/2fa/totp/activate/", ActivateTOTPView.as_view()),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    # The language switcher without CSRF: a forged request can only switch the visitor's
    # language, and a token in every page's switcher would keep public pages out of the cache.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("display/", include(core.urls.display)),
    path("workspace/", include(providers.urls.workspace)),
    path("workspace/services/", include(marketplace.urls.agency_services)),
    path("workspace/", include(bidding.urls.workspace)),
    path("workspace/", include(contracts.urls.workspace)),
    path("workspace/", include(reviews.urls.workspace)),
    path("workspace/", include("core.urls")),
    path("regulator/", include(marketplace.urls.regulator)),
    path("regulator/providers/", include(providers.urls.regulator)),
    path("regulator/jobs/", include(bidding.urls.regulator)),
    path("regulator/contracts/", include(contracts.urls.regulator)),
    path("regulator/credit/", include(reviews.urls.regulator)),
    path("regulator/oversight/", include(oversight.urls.regulator)),
    path("regulator/search/", include("search.urls_regulator")),
    path("files/jobs/", include(bidding.urls.files)),
    path("files/contracts/", include(contracts.urls.files)),
    path("files/credit/", include(reviews.urls.files)),
    path("files/oversight/", include(oversight.urls.files)),
    path("files/", include(providers.urls.files)),
    path("audit/", include("audit.urls")),
    path("contracts/", include(contracts.urls.public)),
    path("payments/", include(contracts.urls.payments)),
    path("search/", include("search.urls")),
    path("api/v1/", include("api.urls")),
    # The notices' feeds, before Wagtail serves /notices/ itself.
    path("notices/feed/", include("cms.feeds")),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"}),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    # /complaints/, /inspections/, /statistics/ (the public side of oversight)
    path("", include(oversight.urls.public)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves the public site (/, /catalogue/, /agencies/ …): keep it last.
# Wagtail's serve view, with the site and the page found from the page tree kept per process.
urlpatterns += [re_path(serve_pattern, cms.routing.serve, name="wagtail_serve"), path("", include(wagtail_urls))]

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
