""""Did you mean": a query word nobody knows, replaced by the lexicon's term it nearly is.

A CJK word is compared with the terms of about its length by pinyin (a homophone or near one
typed by an input method: 坏评 -> 环评) and by characters (水土保护 -> 水土保持); a letters-only
word with the terms' full pinyin (huanpign -> 环评). Words the lexicon or jieba knows, codes and
numbers are left as they are. The answer is the whole query corrected, or None."""
import difflib

from . import text

PINYIN_CUTOFF = 0.8
CHARACTER_CUTOFF = 0.7


def did_you_mean(query, lexicon) -> str | None:
    normalised = text.normalise(query)
    if not normalised:
        return None
    corrected = normalised
    for word in text.query_words(normalised, lexicon):
        better = correction(word, lexicon)
        if better and better != word:
            corrected = corrected.replace(word, better, 1)
    return corrected if corrected != normalised else None


def correction(word, lexicon) -> str | None:
    """The term `word` was probably meant to be, or None."""
    if text.is_cjk(word):
        if len(word) < 2 or lexicon.is_known(word):
            return None
        return _closest_cjk(word, lexicon)
    if text.is_latin(word) and len(word) > 3 and not lexicon.from_pinyin(word) and not lexicon.synonyms(word):
        keys = difflib.get_close_matches(word, list(lexicon.pinyin_of()), n=1, cutoff=PINYIN_CUTOFF)
        return lexicon.pinyin_of()[keys[0]][0] if keys else None
    return None


def _closest_cjk(word, lexicon):
    sound = text.pinyin_full(word)
    best, best_score = None, 0.0
    for term in lexicon.terms:
        if abs(len(term) - len(word)) > 1 or term == word:
            continue
        by_sound = difflib.SequenceMatcher(None, sound, lexicon.spelled(term)).ratio()
        by_characters = difflib.SequenceMatcher(None, word, term).ratio()
        score = max(
            by_sound if by_sound >= PINYIN_CUTOFF else 0,
            by_characters if by_characters >= CHARACTER_CUTOFF else 0,
        )
        # Prefer the same length (a typo, not a word missing), then the earlier term.
        score -= 0.01 * abs(len(term) - len(word))
        if score > best_score:
            best, best_score = term, score
    return best
