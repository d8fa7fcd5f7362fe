"""Reads of the integrity patterns for the regulators' pages: the table, one pattern, its
versions, and a trial of a clause against the current table. Nothing here writes."""
from django.db.models import Case, Value, When
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from core.text import with_note
from marketplace.selectors.regulators import regulator_for

from ..integrity import EXEMPT, PLACEHOLDER_HELP, RULES, current_matcher
from ..models import IntegrityPattern

KIND_ORDER = [*RULES, EXEMPT]
HISTORY_FIELDS = ("kind", "syntax", "pattern", "explanation", "example", "is_active")
STATES = (("active", _("启用中")), ("inactive", _("已停用")), ("all", _("全部")))


def patterns(*, kind="", state="active"):
    """The table in the order a clause is judged (kind by kind, exempt last), with who changed
    each row last; filtered by kind and state."""
    order = Case(*[When(kind=value, then=Value(index)) for index, value in enumerate(KIND_ORDER)],
                 default=Value(len(KIND_ORDER)))
    rows = IntegrityPattern.objects.select_related("updated_by").order_by(order, "pk")
    if kind in IntegrityPattern.Kind.values:
        rows = rows.filter(kind=kind)
    if state == "active":
        rows = rows.filter(is_active=True)
    elif state == "inactive":
        rows = rows.filter(is_active=False)
    return rows


def pattern_for_regulator(pattern_id, user):
    """(regulator, pattern): PermissionDenied for anyone but an active regulator, 404 for an
    unknown pattern."""
    regulator = regulator_for(user)
    return regulator, get_object_or_404(IntegrityPattern, pk=pattern_id)


def placeholders():
    """The placeholders a pattern may use, with what each stands for."""
    return [("{%s}" % name, text) for name, text in PLACEHOLDER_HELP.items()]


def rules():
    """Each kind with the rule a clause of that kind breaks, as the refusal quotes it."""
    return [(IntegrityPattern.Kind(kind).label, rule) for kind, rule in RULES.items()]


def try_clause(text):
    """What the current table says about `text`: the violations a publication would report."""
    return current_matcher().find(text)


def _who(user):
    if user is None:
        return _("平台（默认规则）")
    regulator = getattr(user, "regulator", None)
    name = getattr(user, "full_name", "") or str(user)
    return with_note(name, regulator.department) if regulator is not None else name


def _readable(record):
    return {
        "kind": IntegrityPattern.Kind(record.kind).label
        if record.kind in IntegrityPattern.Kind.values else record.kind,
        "syntax": IntegrityPattern.Syntax(record.syntax).label
        if record.syntax in IntegrityPattern.Syntax.values else record.syntax,
        "pattern": record.pattern,
        "explanation": record.explanation,
        "example": record.example,
        "is_active": _("启用") if record.is_active else _("停用"),
    }


def pattern_versions(pattern):
    """The pattern's versions, newest first: who, when, why, and what changed (the first version
    lists every value it was created with). Two queries however long the history is."""
    records = list(
        pattern.history.select_related("history_user__regulator__department").order_by("-history_id")
    )
    states = [_readable(record) for record in records]
    versions = []
    for index, record in enumerate(records):
        older = states[index + 1] if index + 1 < len(records) else None
        changes = []
        for field in HISTORY_FIELDS:
            old = older[field] if older is not None else ""
            if old != states[index][field]:
                changes.append({"label": IntegrityPattern._meta.get_field(field).verbose_name,
                                "old": old, "new": states[index][field]})
        versions.append({
            "kind": "created" if older is None else "changed",
            "who": _who(record.history_user),
            "when": record.history_date,
            "reason": record.history_change_reason or "",
            "changes": changes,
        })
    return versions
