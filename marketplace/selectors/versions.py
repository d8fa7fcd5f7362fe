"""The catalogue as it is in force on a day, scheduled versions waiting for their date, and the
public history of fee rules.

A catalogue change whose effective date is later than today is stored as a
`ScheduledVersion` (see marketplace.services.versions); the item and fee-rule rows keep the
version applied last. The state in force on a day is derived here, never written: the row,
plus every scheduled version due by that day (`ScheduledVersion.due_q`), in the order they are
applied. So between midnight and the run of `manage.py apply_catalogue_versions` the public
pages already show the new version, and nothing a page does changes a row.

Every function runs a fixed number of queries, whatever the number of items or versions.
"""
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import enumeration
from providers.models import Department, QualificationType

from .. import fees
from ..models import FeeRule, ScheduledVersion, ServiceCategory, ServiceItem
from .catalogue import ITEM_FIELDS, catalogue_items, history_versions, item_by_code, published_by

FOREIGN_KEYS = {"category": ServiceCategory, "approving_department": Department}

# The parts of a fee rule, as fee_rule_values gives them and the history lists them.
FEE_RULE_FIELDS = (
    "legal_basis",
    "quantity_label",
    "quantity_unit",
    "mode",
    "bands",
    "coefficients",
    "minimum_fee",
    "maximum_fee",
    "note",
)


def today_or(today):
    return today or timezone.localdate()


# --- values: a row as the plain values a scheduled version stores ---------------------------

def item_values(item):
    """The item's changeable fields as stored values (ids, not objects); reads the
    prefetched qualifications."""
    values = {name: getattr(item, name) for name in ITEM_FIELDS if name not in FOREIGN_KEYS}
    for name in FOREIGN_KEYS:
        values[name] = getattr(item, f"{name}_id")
    values["required_qualifications"] = sorted(q.pk for q in item.required_qualifications.all())
    return values


def fee_rule_values(rule):
    """A fee rule (or one of its history rows) as plain JSON values: what a scheduled fee-rule
    version stores and what the audit log keeps."""
    if rule is None:
        return None
    return {
        "legal_basis": rule.legal_basis,
        "quantity_label": rule.quantity_label,
        "quantity_unit": rule.quantity_unit,
        "mode": rule.mode,
        "bands": rule.bands,
        "coefficients": rule.coefficients,
        "minimum_fee": None if rule.minimum_fee is None else fees.plain(rule.minimum_fee),
        "maximum_fee": None if rule.maximum_fee is None else fees.plain(rule.maximum_fee),
        "note": rule.note,
    }


def item_changes(values, data):
    """The fields of `data` (stored values) that differ from `values`."""
    return {name: value for name, value in data.items() if values.get(name) != value}


# --- the state in force ---------------------------------------------------------------------

def due_versions(item_ids, today):
    """{item id: [due scheduled versions, in the order they apply]} for `item_ids`."""
    versions = {}
    rows = ScheduledVersion.objects.filter(ScheduledVersion.due_q(today), item_id__in=item_ids)
    for version in rows:
        versions.setdefault(version.item_id, []).append(version)
    return versions


def _lookups(item_changes_list):
    """The categories, departments and qualification types named by some item changes."""
    ids = {"category": set(), "approving_department": set(), "required_qualifications": set()}
    for changes in item_changes_list:
        for name in ids:
            if name not in changes:
                continue
            value = changes[name]
            ids[name].update(value if isinstance(value, list) else [value])
    return {
        "category": ServiceCategory.objects.in_bulk(ids["category"]) if ids["category"] else {},
        "approving_department": (
            Department.objects.select_related("region").in_bulk(ids["approving_department"])
            if ids["approving_department"] else {}
        ),
        "required_qualifications": (
            QualificationType.objects.in_bulk(ids["required_qualifications"])
            if ids["required_qualifications"] else {}
        ),
    }


def _overlay_item(item, changes, lookups):
    """Put `changes` on the (unsaved, just fetched) `item`, objects and all, so templates read
    it as they read a row."""
    for name, value in changes.items():
        if name in FOREIGN_KEYS:
            setattr(item, name, lookups[name][value])
        elif name == "required_qualifications":
            chosen = sorted((lookups[name][pk] for pk in value), key=lambda q: q.code)
            queryset = QualificationType.objects.filter(pk__in=value).order_by("code")
            queryset._result_cache = chosen
            queryset._prefetch_done = True
            item._prefetched_objects_cache = {**getattr(item, "_prefetched_objects_cache", {}), name: queryset}
        else:
            setattr(item, name, value)


def _overlay_rule(item, snapshot):
    rule = FeeRule(item=item, **{
        **snapshot,
        "minimum_fee": None if snapshot["minimum_fee"] is None else fees.to_decimal(snapshot["minimum_fee"]),
        "maximum_fee": None if snapshot["maximum_fee"] is None else fees.to_decimal(snapshot["maximum_fee"]),
    })
    if _has_rule(item):
        rule.pk, rule.updated_at = item.fee_rule.pk, item.fee_rule.updated_at
    item.fee_rule = rule


def items_in_force(items, today=None):
    """`items` (fetched rows, qualifications prefetched) as they are in force on `today`:
    each due scheduled version is put on the instance, never saved. Returns the list."""
    today = today_or(today)
    items = list(items)
    due = due_versions([item.pk for item in items], today)
    if not due:
        return items
    lookups = _lookups([v.changes for versions in due.values() for v in versions if v.target == v.Target.ITEM])
    for item in items:
        for version in due.get(item.pk, []):
            if version.target == ScheduledVersion.Target.ITEM:
                _overlay_item(item, version.changes, lookups)
            else:
                _overlay_rule(item, version.changes)
    return items


def item_in_force(code, today=None):
    """The item `code` (404 if unknown) as it is in force on `today`, fee rule included."""
    return items_in_force([item_by_code(code)], today)[0]


def catalogue_in_force(*, query=None, category=None, fee_type=None, today=None):
    """The public catalogue list as it is in force on `today`, filtered like `catalogue_items`.

    Usually no scheduled version is due and unapplied, and this is `catalogue_items` itself.
    Otherwise the few items concerned are judged on their state in force, in Python: they leave
    the list, or join it, as the scheduled command will make them. Rows are still the stored
    ones; pass a page of them through `items_in_force` before showing it.
    """
    today = today_or(today)
    listed = catalogue_items(query=query, category=category, fee_type=fee_type)
    due_ids = set(
        ScheduledVersion.objects.filter(ScheduledVersion.due_q(today), target=ScheduledVersion.Target.ITEM)
        .values_list("item_id", flat=True)
    )
    if not due_ids:
        return listed
    changed = items_in_force(catalogue_items(include_inactive=True).filter(pk__in=due_ids), today)
    matching = [item.pk for item in changed if _matches(item, query, category, fee_type)]
    return catalogue_items(include_inactive=True).filter(
        (Q(pk__in=listed.values("pk")) & ~Q(pk__in=due_ids)) | Q(pk__in=matching)
    )


def _matches(item, query, category, fee_type):
    """catalogue_items' filters, for one item held in memory."""
    if not item.is_active:
        return False
    if query and not any(query.lower() in text.lower() for text in (item.name, item.code, item.approval_item)):
        return False
    if category and item.category.code != category:
        return False
    return not fee_type or item.fee_type == fee_type


# --- what a version changes, in words -------------------------------------------------------

def _item_label(name):
    return ServiceItem._meta.get_field(name).verbose_name


def _readable_item_value(name, value, lookups):
    if value is None:
        return ""
    if name in FOREIGN_KEYS:
        row = lookups[name].get(value)
        return str(row.name if name == "category" else row) if row is not None else str(value)
    if name == "required_qualifications":
        return enumeration(sorted(lookups[name][pk].name for pk in value if pk in lookups[name]))
    if name == "fee_type":
        return str(dict(ServiceItem.FeeType.choices).get(value, value))
    if name == "is_active":
        return str(_("是") if value else _("否"))
    return str(value)


def _fee_label(name):
    return FeeRule._meta.get_field(name).verbose_name


def _readable_fee_value(name, value, unit):
    if value in (None, "", []):
        return ""
    if name == "mode":
        return str(dict(FeeRule.Mode.choices).get(value, value))
    if name in ("minimum_fee", "maximum_fee"):
        return _("%(fee)s 元") % {"fee": value}
    if name == "bands":
        return "\n".join(_band_text(number, band, unit) for number, band in enumerate(value, start=1))
    if name == "coefficients":
        return "\n".join(
            _("%(name)s %(min)s～%(max)s（默认 %(default)s）") % coefficient for coefficient in value
        )
    return str(value)


def _band_text(number, band, unit):
    if band.get("upper") is None:
        span = _("%(lower)s 以上") % {"lower": band["lower"]}
    else:
        span = _("%(lower)s – %(upper)s（含 %(upper)s）") % {"lower": band["lower"], "upper": band["upper"]}
    return _("第%(n)s档 %(span)s %(unit)s：费率 %(rate)s 元/%(unit)s，固定费用 %(fixed)s 元") % {
        "n": number, "span": span, "unit": unit, "rate": band["rate"], "fixed": band.get("fixed") or "0",
    }


def _fee_changes(older, newer):
    """[{field, label, old, new}] between two fee_rule_values (older None: a new rule)."""
    changes = []
    for name in FEE_RULE_FIELDS:
        old = None if older is None else older[name]
        if old == newer[name] or (older is None and newer[name] in (None, "", [])):
            continue
        changes.append({
            "field": name,
            "label": _fee_label(name),
            "old": "" if older is None else _readable_fee_value(name, old, older["quantity_unit"]),
            "new": _readable_fee_value(name, newer[name], newer["quantity_unit"]),
        })
    return changes


# --- scheduled versions of one item ---------------------------------------------------------

def _version_row(version, changes):
    return {
        "version": version,
        "pk": version.pk,
        "target": version.target,
        "target_label": version.get_target_display(),
        "effective_from": version.effective_from,
        "reason": version.reason,
        "who": published_by(version.created_by),
        "registered_at": version.created_at,
        "changes": changes,
    }


def pending_versions(item, today=None):
    """The item's scheduled versions that are not yet in force on `today`, in the order they
    will apply, each with what it changes (`changes`: {field, label, old, new}, the old value
    being the one in force just before it). `item` is a fetched row (qualifications prefetched)."""
    today = today_or(today)
    versions = list(
        ScheduledVersion.objects.filter(item=item, status=ScheduledVersion.Status.PENDING)
        .select_related("created_by__regulator__department__region")
    )
    item_versions = [v for v in versions if v.target == ScheduledVersion.Target.ITEM]
    state = item_values(item)
    rule = fee_rule_values(getattr(item, "fee_rule", None) if _has_rule(item) else None)
    lookups = _lookups([state, *(v.changes for v in item_versions)])
    rows = []
    for version in versions:
        if version.target == ScheduledVersion.Target.ITEM:
            changes = [
                {"field": name, "label": _item_label(name),
                 "old": _readable_item_value(name, state.get(name), lookups),
                 "new": _readable_item_value(name, version.changes[name], lookups)}
                for name in ITEM_FIELDS if name in version.changes and version.changes[name] != state.get(name)
            ]
            state = {**state, **version.changes}
        else:
            changes = _fee_changes(rule, version.changes)
            rule = version.changes
        if version.effective_from > today:
            rows.append(_version_row(version, changes))
    return rows


def _has_rule(item):
    try:
        return item.fee_rule is not None
    except FeeRule.DoesNotExist:
        return False


def withdrawn_versions(item):
    """The item's scheduled versions withdrawn before their date, newest first: they were
    public while pending, so their withdrawal is too."""
    return list(
        ScheduledVersion.objects.filter(item=item, status=ScheduledVersion.Status.WITHDRAWN)
        .select_related("created_by__regulator__department__region", "withdrawn_by__regulator__department__region")
        .order_by("-withdrawn_at", "-pk")
    )


def scheduled_version_for_regulator(item, version_id):
    """One pending version of `item` (404 otherwise); the caller has already checked that the
    regulator keeps the item."""
    return get_object_or_404(
        ScheduledVersion.objects.select_related("item"), pk=version_id, item=item,
        status=ScheduledVersion.Status.PENDING,
    )


# --- the public history of a fee rule -------------------------------------------------------

def fee_rule_history(item):
    """The public history of the item's fee rule, newest first, shaped like `item_history`:
    who, when, effective_from, reason, kind ("created"/"changed") and `changes`
    ({field, label, old, new}, readable: bands and coefficients as lines of text).
    One query, however many versions."""
    records = list(
        FeeRule.history.filter(item_id=item.pk)
        .select_related("history_user__regulator__department__region")
        .order_by("-history_date", "-history_id")
    )
    return history_versions(records, [fee_rule_values(record) for record in records], _fee_changes)


def government_priced_in_force(today=None):
    """The government-priced items of the catalogue in force on `today` (their fee type as in
    force too), each with its fee rule in force (`government_fee_rule`, None while a rule is
    being entered), by code: the fee-rules page's list."""
    today = today_or(today)
    items = items_in_force(catalogue_in_force(fee_type=ServiceItem.FeeType.GOVERNMENT, today=today), today)
    return [item for item in items if item.is_government_priced]
