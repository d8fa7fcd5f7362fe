"""The site speaks Chinese unless the visitor picks English with the language switcher.

Browsers send Accept-Language from the operating system's settings; a government service site
should not switch half its pages (editors' Wagtail prose stays Chinese) because a laptop was
bought abroad. Dropping the header before LocaleMiddleware leaves the switcher's cookie and
then settings.LANGUAGE_CODE (zh-hans) to decide.

A reader without cookies (a feed reader, a search engine following an hreflang link) asks for a
language with `?lang=en`: it counts for that request as the switcher's cookie would."""
from django.conf import settings

from . import clock

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


class ChineseByDefaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        asked = request.GET.get("lang")
        if asked in LANGUAGE_CODES:
            request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = asked
        return self.get_response(request)


class ReceivedAtMiddleware:
    """First in MIDDLEWARE: records when the request arrived (core/clock.py), before sessions,
    authentication, CSRF or anything else can make it wait, so a bid sent before a close is
    judged by that moment."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = clock.set_received_at(clock.stamp(request.META))
        try:
            return self.get_response(request)
        finally:
            clock.reset_received_at(token)
