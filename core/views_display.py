"""The visitor's display choices, set by plain forms that work without JavaScript."""
from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .display import LARGE, NORMAL, SIZES, TEXT_SIZE_COOKIE


def _next_url(request):
    target = request.POST.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return "/"


# Like the language switcher (config/urls.py), exempt from CSRF: a forged request can only
# change how large the visitor's text is, and a token in the form would make every public page
# personal, so it could not be cached.
@csrf_exempt
@require_POST
def set_text_size(request):
    size = request.POST.get("size")
    response = HttpResponseRedirect(_next_url(request))
    if size in SIZES and size != NORMAL:
        response.set_cookie(TEXT_SIZE_COOKIE, LARGE, max_age=365 * 24 * 3600, samesite="Lax",
                            secure=settings.SESSION_COOKIE_SECURE)
    else:
        response.delete_cookie(TEXT_SIZE_COOKIE, samesite="Lax")
    return response
