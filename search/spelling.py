""""Did you mean": a query word nobody knows, replaced by the lexicon's term it nearly is.

A CJK word is compared with the terms of about its length by pinyin (a homophone or near one
typed by an input method: 坏评 -> 环评) and by characters (水土保护 -> 水土保持, compared as the
whole run since jieba cuts it into two real words); a letters-only word with the terms' full
pinyin (huanpign -> 环评). Words the lexicon or jieba knows, codes and numbers are left as
they are. The answer is the whole query corrected, or None (never the query itself)."""
import difflib

from . import text

PINYIN_CUTOFF = 0.8
CHARACTER_CUTOFF = 0.7
RUN_CUTOFF = 0.75   # a whole run of several real words: only a close match is a typo


def did_you_mean(query, lexicon) -> str | None:
    normalised = text.normalise(query)
    if not normalised:
        return None
    corrected = []
    for run in text.runs(normalised):
        corrected.append(_correct_run(run, lexicon))
    suggestion = " ".join(corrected)
    return suggestion if suggestion and suggestion != " ".join(text.runs(normalised)) else None


def _correct_run(run, lexicon):
    if text.is_cjk(run) and len(run) >= 4 and not lexicon.is_term(run):
        whole = _closest_cjk(run, lexicon, by_sound=False, cutoff=RUN_CUTOFF)
        if whole:
            return whole
    for word in text.query_words(run, lexicon):
        better = correction(word, lexicon)
        if better and better != word:
            run = run.replace(word, better, 1)
    return run


def correction(word, lexicon) -> str | None:
    """The term `word` was probably meant to be, or None."""
    if text.is_cjk(word):
        if len(word) < 2 or lexicon.is_known(word):
            return None
        return _closest_cjk(word, lexicon)
    if text.is_latin(word) and len(word) > 3 and word not in lexicon.known_pinyin and not lexicon.synonyms(word):
        if lexicon.from_pinyin(word):
            return None
        keys = difflib.get_close_matches(word, list(lexicon.pinyin_of()), n=1, cutoff=PINYIN_CUTOFF)
        return lexicon.pinyin_of()[keys[0]][0] if keys else None
    return None


def _closest_cjk(word, lexicon, by_sound=True, cutoff=CHARACTER_CUTOFF):
    sound = text.pinyin_full(word) if by_sound else ""
    best, best_score = None, 0.0
    for term in lexicon.terms:
        if abs(len(term) - len(word)) > 1 or term == word:
            continue
        score = difflib.SequenceMatcher(None, word, term).ratio()
        score = score if score >= cutoff else 0
        if by_sound:
            heard = difflib.SequenceMatcher(None, sound, lexicon.spelled(term)).ratio()
            score = max(score, heard if heard >= PINYIN_CUTOFF else 0)
        # Prefer the same length (a typo, not a word missing), then the earlier term.
        score -= 0.01 * abs(len(term) - len(word))
        if score > best_score:
            best, best_score = term, score
    return best
