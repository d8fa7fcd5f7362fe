"""The large-text mode (大字版): a visitor's choice kept in a cookie, like the language.

Public pages are cached per mode (core/pagecache.py), so the mode is read only through
`text_size`, which admits the known values alone."""
TEXT_SIZE_COOKIE = "text_size"
NORMAL, LARGE = "normal", "large"
SIZES = (NORMAL, LARGE)


def text_size(request):
    size = request.COOKIES.get(TEXT_SIZE_COOKIE)
    return size if size in SIZES else NORMAL
