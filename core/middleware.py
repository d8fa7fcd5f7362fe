"""The site speaks Chinese unless the visitor picks English with the language switcher.

Browsers send Accept-Language from the operating system's settings; a government service site
should not switch half its pages (editors' Wagtail prose stays Chinese) because a laptop was
bought abroad. Dropping the header before LocaleMiddleware leaves the switcher's cookie and
then settings.LANGUAGE_CODE (zh-hans) to decide."""


class ChineseByDefaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
