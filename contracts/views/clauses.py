"""A template's clauses as pages show them: the locked text with each marked field `{{key}}`
cut out as a part of its own, so the template can highlight it with its label (and the value
filled in so far, on the owner's draft page). Display only: the contract's text itself is made
by contracts/clauses.py."""
import re
from dataclasses import dataclass

from ..fields import FIELDS, ClauseKind

MARK = re.compile(r"{{\s*([a-z_]+)\s*}}")
KIND_LABELS = dict(ClauseKind.CHOICES)


@dataclass(frozen=True)
class Part:
    text: str
    key: str = ""  # a marked field's key; "" for locked text
    label: str = ""
    value: str = ""


@dataclass(frozen=True)
class ShownClause:
    kind: str
    kind_label: str
    title: str
    parts: list


def _parts(text, values):
    parts, start = [], 0
    for match in MARK.finditer(text or ""):
        if match.start() > start:
            parts.append(Part(text[start:match.start()]))
        key = match.group(1)
        parts.append(Part(match.group(0), key=key, label=str(FIELDS.get(key, key)),
                          value=str((values or {}).get(key, "") or "")))
        start = match.end()
    if start < len(text or ""):
        parts.append(Part(text[start:]))
    return parts


def clause_parts(clauses, *, values=None):
    return [ShownClause(kind=c.get("kind", ""), kind_label=str(KIND_LABELS.get(c.get("kind", ""), c.get("kind", ""))),
                        title=c.get("title", ""), parts=_parts(c.get("text", ""), values))
            for c in clauses or []]
