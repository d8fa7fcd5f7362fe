"""A summary (or a title) in each language of the site. Its labels (状态, 预算 … 元, a status, a
date) are written in the language active when it is built, so a source builds it once per
language (settings.LANGUAGES): the site's own is the text searched and shown by default, the
others are kept only where they read differently (a policy's summary, the page's own words, is
the same in every language). Building a line is string work on rows already read: no query, so a
rebuild reads what it read before and formats each line once more per extra language."""
from django.conf import settings
from django.utils import translation


def in_each_language(build):
    """(`build()` in the site's language, {other language: `build()` in it, where it differs})."""
    own = _built(build, settings.LANGUAGE_CODE)
    others = {}
    for language, _name in settings.LANGUAGES:
        if language != settings.LANGUAGE_CODE:
            text = _built(build, language)
            if text != own:
                others[language] = text
    return own, others


def _built(build, language):
    if translation.get_language() == language:  # a rebuild runs in the site's language already
        return build()
    with translation.override(language):
        return build()
