"""Public reads of the catalogue: items, their public history, categories. Views, Wagtail pages,
the API and search all call these, so each list page runs a fixed number of queries."""
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from core.text import enumeration, with_note
from providers.models import Department

from ..models import ServiceCategory, ServiceItem


def catalogue_items(*, query=None, category=None, fee_type=None, include_inactive=False):
    items = ServiceItem.objects.select_related(
        "category", "approving_department__region", "fee_rule"
    ).prefetch_related("required_qualifications")
    if not include_inactive:
        items = items.filter(is_active=True)
    if query:
        items = items.filter(
            Q(name__icontains=query) | Q(code__icontains=query) | Q(approval_item__icontains=query)
        )
    if category:
        items = items.filter(category__code=category)
    if fee_type:
        items = items.filter(fee_type=fee_type)
    return items.order_by("code")


def item_by_code(code):
    return get_object_or_404(catalogue_items(include_inactive=True), code=code)


# The item fields a version may change, in the order the form and the history list them.
ITEM_FIELDS = (
    "name",
    "category",
    "legal_basis",
    "approval_item",
    "approving_department",
    "statutory_days",
    "fee_type",
    "required_qualifications",
    "description",
    "is_active",
)
# What the history lists: the code (set once, at creation) and the fields above.
HISTORY_FIELDS = ("code", *ITEM_FIELDS)


def item_history(item):
    """The item's public history, newest first: one dict per version with who made it
    (`who`), when (`when`), from when it applies (`effective_from`), why (`reason`), whether
    it created the item (`kind`: "created" or "changed") and `changes`, a list of dicts
    `{field, label, old, new}` with readable values (names, not ids). The first version lists
    every value it was created with (old is empty).

    Runs a fixed number of queries however long the history is.
    """
    records = list(
        item.history.select_related("history_user__regulator__department__region").order_by(
            "-history_date", "-history_id"
        )
    )
    return history_versions(records, _readable_states(records), _changes)


def history_versions(records, states, changes):
    """One public-history dict per version record (newest first), given each record's readable
    state and how to list the changes between two states."""
    versions = []
    for index, record in enumerate(records):
        older = states[index + 1] if index + 1 < len(records) else None
        versions.append({
            "record": record,
            "kind": "created" if older is None else "changed",
            "who": published_by(record.history_user),
            "when": record.history_date,
            "effective_from": record.effective_from,
            "reason": record.history_change_reason or "",
            "changes": changes(older, states[index]),
        })
    return versions


def _readable_states(records):
    """Each record's fields as display strings, fetching names of related rows in bulk."""
    history_model = ServiceItem.history.model
    m2m_model = history_model._meta.get_field(
        "historicalserviceitem_required_qualifications"
    ).related_model
    qualifications = {}
    rows = m2m_model.objects.filter(history_id__in=[r.history_id for r in records]).select_related(
        "qualificationtype"
    )
    for row in rows:
        qualifications.setdefault(row.history_id, []).append(row.qualificationtype.name)
    categories = dict(
        ServiceCategory.objects.filter(pk__in={r.category_id for r in records}).values_list("pk", "name")
    )
    departments = {
        d.pk: str(d)
        for d in Department.objects.filter(pk__in={r.approving_department_id for r in records}).select_related(
            "region"
        )
    }
    fee_types = dict(ServiceItem.FeeType.choices)
    yes, no = _("是"), _("否")
    states = []
    for r in records:
        states.append({
            "code": r.code,
            "name": r.name,
            "category": categories.get(r.category_id, str(r.category_id)),
            "legal_basis": r.legal_basis,
            "approval_item": r.approval_item,
            "approving_department": departments.get(r.approving_department_id, str(r.approving_department_id)),
            "statutory_days": str(r.statutory_days),
            "fee_type": str(fee_types.get(r.fee_type, r.fee_type)),
            "required_qualifications": enumeration(sorted(qualifications.get(r.history_id, []))),
            "description": r.description,
            "is_active": str(yes if r.is_active else no),
        })
    return states


def _changes(older, newer):
    changes = []
    for field in HISTORY_FIELDS:
        old = older[field] if older is not None else ""
        if old != newer[field] and (older is not None or newer[field]):
            label = ServiceItem._meta.get_field(field).verbose_name
            changes.append({"field": field, "label": label, "old": old, "new": newer[field]})
    return changes


def published_by(user):
    """The name published with a version: the person and their department, never an e-mail."""
    if user is None:
        return _("系统")
    name = user.full_name or _("监管人员")
    regulator = getattr(user, "regulator", None) if hasattr(user, "regulator") else None
    if regulator is not None:
        return with_note(name, regulator.department)
    return str(name)


def recent_catalogue_changes(*, limit=20, categories=None):
    """The latest item versions across the catalogue (optionally some categories), newest first."""
    records = ServiceItem.history.select_related("history_user", "category").order_by(
        "-history_date", "-history_id"
    )
    if categories is not None:
        records = records.filter(category__in=categories)
    return records[:limit]


def items_kept_by(regulator):
    """The items in the categories `regulator` supervises, withdrawn ones included."""
    return catalogue_items(include_inactive=True).filter(category__in=regulator.categories.all())


def catalogue_categories():
    return ServiceCategory.objects.annotate(item_count=Count("serviceitem")).order_by("code")
