"""Reads of the synonym table (search.SynonymGroup) for the regulators' pages: who may keep it,
the table with its search, one group, and a group's versions. Nothing here writes.

Who: the table is read by every active regulator (as the catalogue is) and kept by those who
keep part of the catalogue: the rule is marketplace's — a regulator edits the items of the
categories it supervises (marketplace.selectors.regulators) — so one who supervises none keeps
none of the catalogue's words either."""
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from core.text import with_note
from marketplace.selectors.regulators import regulator_for, supervised_category_ids

from .models import SynonymGroup
from .text import normalise, split_words

STATES = (("active", _("启用中")), ("inactive", _("已停用")), ("all", _("全部")))
HISTORY_FIELDS = ("words", "note", "is_active")


def may_keep_synonyms(regulator) -> bool:
    """Whether a regulator record (from regulator_for) keeps the table: it keeps some of the
    catalogue. Reads the prefetched categories, so it costs no query."""
    return regulator is not None and bool(supervised_category_ids(regulator))


def synonym_keeper(user):
    """The user's regulator record if it keeps the table, else PermissionDenied."""
    regulator = regulator_for(user)
    if not may_keep_synonyms(regulator):
        raise PermissionDenied
    return regulator


def synonym_groups(*, query="", state="active"):
    """The table, newest change first, with who made it; `query` finds a group by any of its
    words or its note (normalised as the search reads the words), `state` by active or not."""
    rows = SynonymGroup.objects.select_related("updated_by").order_by("-updated_at", "-pk")
    if state == "active":
        rows = rows.filter(is_active=True)
    elif state == "inactive":
        rows = rows.filter(is_active=False)
    query = normalise(query or "")
    if query:
        rows = rows.filter(Q(words__icontains=query) | Q(note__icontains=query))
    return rows


def synonym_group(group_id):
    """One group (404 if unknown)."""
    return get_object_or_404(SynonymGroup.objects.select_related("updated_by"), pk=group_id)


def _who(user):
    if user is None:
        return _("平台")
    regulator = getattr(user, "regulator", None)
    name = getattr(user, "full_name", "") or str(user)
    return with_note(name, regulator.department) if regulator is not None else name


def _readable(record):
    # A history row is not a SynonymGroup: its field is read by the same rule.
    return {
        "words": " = ".join(split_words(record.words)),
        "note": record.note,
        "is_active": _("启用") if record.is_active else _("停用"),
    }


def group_versions(group):
    """The group's versions, newest first: who, when, why, and what changed (the first version
    lists every value it was created with). Two queries however long the history is."""
    records = list(group.history.select_related("history_user__regulator__department").order_by("-history_id"))
    states = [_readable(record) for record in records]
    labels = {name: SynonymGroup._meta.get_field(name).verbose_name for name in HISTORY_FIELDS}
    versions = []
    for index, record in enumerate(records):
        older = states[index + 1] if index + 1 < len(records) else None
        changes = [
            {"label": labels[name], "old": older[name] if older else "", "new": states[index][name]}
            for name in HISTORY_FIELDS
            if (older[name] if older else "") != states[index][name]
        ]
        versions.append({
            "kind": "created" if older is None else "changed",
            "who": _who(record.history_user),
            "when": record.history_date,
            "reason": record.history_change_reason or "",
            "changes": changes,
        })
    return versions
