"""Punctuation that differs between the UI's languages, in one place.

Chinese joins a list with "、" and clauses with "；", and puts a note in full-width brackets;
English writes ", ", "; " and " (…)". Code that builds such text calls these, so an English page
carries no Chinese punctuation. Templates do the same with the same msgids:
`{% translate "、" context "list separator" %}` between items, and
`{% blocktranslate with text=… note=… %}{{ text }}（{{ note }}）{% endblocktranslate %}`.
"""
from django.utils.translation import get_language, gettext, pgettext


def enumeration(items) -> str:
    """"甲、乙、丙" / "A, B, C"."""
    return pgettext("list separator", "、").join(str(item) for item in items)


def clauses(items) -> str:
    """"甲；乙" / "A; B": independent sentences or problems in one line."""
    return pgettext("clause separator", "；").join(str(item) for item in items)


def with_note(text, note) -> str:
    """"名称（说明）" / "Name (note)"."""
    return gettext("%(text)s（%(note)s）") % {"text": text, "note": note}


_LABELS = {}


def label(choices, value) -> str:
    """The label of `value` among `choices` (a TextChoices class) in the current language,
    translated once per process and language, not once per row of a list."""
    key = (choices, get_language())
    table = _LABELS.get(key)
    if table is None:
        table = _LABELS[key] = {member.value: str(member.label) for member in choices}
    return table.get(value, value)
