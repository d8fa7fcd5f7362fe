"""The matched words of a hit, marked: `mark` escapes the text and wraps what the query's tokens
found in <mark>; `excerpt` cuts a summary to a window around the first match.

The tokens are folded (search.text), the text is not: each character is folded on its own to
find the matches, and the marks are put on the original characters (traditional, full-width,
upper-case as written). A CJK token marks its characters wherever it occurs (overlapping
bigrams make one mark); a latin token marks a whole latin run, dashes allowed inside (the
code token zjhj001 marks ZJ-HJ-001)."""
import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import text

ELLIPSIS = "…"


def _folded(value):
    """`value` folded one character at a time (same length, same positions)."""
    converted = text._converter().convert(value)
    if len(converted) != len(value):
        converted = "".join(text._converter().convert(ch) or ch for ch in value)
    out = []
    for ch in converted:
        folded = unicodedata.normalize("NFKC", ch).lower()
        out.append(folded if len(folded) == 1 else ch.lower())
    return "".join(out)


def _pattern(tokens):
    cjk = sorted((t for t in tokens if text.is_cjk(t)), key=len, reverse=True)
    latin = sorted((t for t in tokens if t and not text.is_cjk(t)), key=len, reverse=True)
    parts = [re.escape(t) for t in cjk]
    parts += [r"(?<![0-9a-z])" + "-?".join(map(re.escape, t)) + r"(?![0-9a-z])" for t in latin]
    return re.compile("|".join(parts)) if parts else None


def spans(value, tokens):
    """The merged (start, end) ranges of `value` the tokens found."""
    tokens = [token for token in tokens or () if token]
    if not value or not tokens:
        return []
    folded = _folded(value)
    found = []
    for token in tokens:
        # Overlapping occurrences (境影 and 影响 in 环境影响) each count: search from every start.
        single = _pattern([token])
        start = 0
        while (match := single.search(folded, start)) is not None:
            found.append((match.start(), match.end()))
            start = match.start() + 1
    found.sort()
    merged = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mark(value, tokens) -> SafeString:
    value = value or ""
    out, position = [], 0
    for start, end in spans(value, tokens):
        out.append(escape(value[position:start]))
        out.append(f"<mark>{escape(value[start:end])}</mark>")
        position = end
    out.append(escape(value[position:]))
    return mark_safe("".join(out))


def excerpt(value, tokens, length=120) -> str:
    """At most `length` characters of `value` (plain text): the start, or a window that begins a
    little before the first match; "…" where it was cut."""
    value = value or ""
    if len(value) <= length:
        return value
    found = spans(value, tokens)
    start = 0
    if found and found[0][1] > length - 10:
        start = max(0, min(found[0][0] - length // 4, len(value) - length))
    window = value[start:start + length]
    return (ELLIPSIS if start else "") + window + (ELLIPSIS if start + length < len(value) else "")
