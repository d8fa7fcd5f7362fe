"""Writes to the catalogue of intermediary service items (清单管理、动态调整) and its categories.

Every change to an item is one version in its public history (django-simple-history) carrying
who made it (`_history_user`), why (`_change_reason`) and from when it applies
(`_history_effective_from`, copied onto the history row by the `pre_create_historical_record`
receiver in marketplace.models), plus one audit entry with before/after summaries.

Decisions written down here because the brief leaves them open:
- The effective date is the date the change takes legal effect (e.g. the date of the
  regulator's notice) and is published with the version. A change dated today or earlier
  applies at once; a later date makes it a scheduled version, public at once as "将于…生效"
  and applied on its date (marketplace.services.versions).
- The item code is its identity in public URLs: it is fixed at creation and never edited.
- A government-priced item needs a fee rule before it is in the catalogue. A new
  government-priced item is therefore created outside the catalogue (is_active False); the
  regulator enters its fee rule and then publishes it with `item_publish`. An item in the
  catalogue cannot be switched to government pricing until it has a fee rule, and
  `item_publish` refuses a government-priced item without one.
"""
import re

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from audit.actions import Action
from audit.services import audit_record

from .. import errors
from ..models import FeeRule, ScheduledVersion, ServiceCategory, ServiceItem
from ..selectors.regulators import can_edit_category, can_edit_item, regulator_for
from ..selectors.versions import item_changes, item_values
from .versions import apply_due, pending_item_changes, save_item_version, takes_effect_later, version_schedule

# The fields a regulator edits; `code` is set once at creation.
EDITABLE_FIELDS = (
    "name",
    "category",
    "legal_basis",
    "approval_item",
    "approving_department",
    "statutory_days",
    "fee_type",
    "description",
)
REQUIRED_TEXT = ("name", "legal_basis", "approval_item")
CODE_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,29}$")


def _regulator(actor):
    try:
        return regulator_for(actor)
    except PermissionDenied:
        raise errors.NotACatalogueRegulator() from None


def _check_change_info(effective_from, reason):
    if effective_from is None or not hasattr(effective_from, "isoformat"):
        raise errors.EffectiveDateRequired(field="effective_from")
    if not (reason or "").strip():
        raise errors.ChangeReasonRequired(field="reason")


def _check_code(code):
    if not CODE_PATTERN.match(code):
        raise errors.ItemCodeInvalid(field="code")
    existing = ServiceItem.objects.filter(code__iexact=code).first()
    if existing is not None:
        raise errors.DuplicateItemCode(_duplicate_message(existing.code, existing.name), field="code")


def _duplicate_message(code, name):
    return _("事项编码“%(code)s”已被事项“%(name)s”使用，请换一个编码。") % {"code": code, "name": name}


def _check_item_data(data, regulator):
    for name in REQUIRED_TEXT:
        if not str(data.get(name) or "").strip():
            raise errors.FieldRequired(field=name)
    days = data.get("statutory_days")
    if not isinstance(days, int) or days <= 0:
        raise errors.StatutoryDaysInvalid(field="statutory_days")
    if data.get("fee_type") not in ServiceItem.FeeType.values:
        raise errors.FeeTypeRequired(field="fee_type")
    if data.get("approving_department") is None:
        raise errors.ApprovingDepartmentRequired(field="approving_department")
    if not can_edit_category(regulator, data.get("category")):
        raise errors.CategoryNotSupervised(field="category")


def _has_fee_rule(item):
    return item.pk is not None and FeeRule.objects.filter(item_id=item.pk).exists()


def _lacks_fee_rule(item, *, listed, fee_type):
    """A government-priced item is in the catalogue only with a fee rule: True when it would be
    listed without one (judged on the values it will have, as a scheduled change is not on the
    row yet)."""
    return listed and ServiceItem.prices_by_government(fee_type) and not _has_fee_rule(item)


def _summary(item, qualifications=None):
    """What the audit log keeps of an item: values by code or name, readable without joins."""
    if qualifications is None:
        qualifications = item.required_qualifications.all() if item.pk else []
    return {
        "code": item.code,
        "name": item.name,
        "category": item.category.code,
        "legal_basis": item.legal_basis,
        "approval_item": item.approval_item,
        "approving_department": str(item.approving_department),
        "statutory_days": item.statutory_days,
        "fee_type": item.fee_type,
        "required_qualifications": sorted(q.code for q in qualifications),
        "description": item.description,
        "is_active": item.is_active,
    }


def _audit_item(actor, action, item, before, after, effective_from, reason):
    audit_record(
        actor=actor,
        action=action,
        obj=item,
        before=before,
        after={**after, "effective_from": effective_from, "reason": reason.strip()},
    )


def _locked(item):
    return ServiceItem.objects.select_for_update().select_related("category").get(pk=item.pk)


@transaction.atomic
def item_create(*, actor, data, effective_from, reason):
    """Add an item to the catalogue (a government-priced one waits for its fee rule; one dated
    later is created outside the catalogue and scheduled to enter it on its date)."""
    regulator = _regulator(actor)
    _check_change_info(effective_from, reason)
    code = str(data.get("code") or "").strip()
    _check_code(code)
    _check_item_data(data, regulator)
    item = ServiceItem(code=code, **{name: data[name] for name in EDITABLE_FIELDS})
    # A new item cannot have a fee rule yet (the rule hangs on the item).
    enters = not item.is_government_priced
    later = takes_effect_later(effective_from)
    item.is_active = enters and not later
    qualifications = list(data.get("required_qualifications") or [])
    try:
        with transaction.atomic():
            save_item_version(
                item, actor=actor, effective_from=effective_from, reason=reason,
                qualifications=qualifications, created=True,
            )
    except IntegrityError:
        # Two regulators chose the same code at the same moment: the unique index decided.
        raise errors.DuplicateItemCode(field="code") from None
    _audit_item(actor, Action.CATALOGUE_ITEM_CREATE, item, None, _summary(item, qualifications),
                effective_from, reason)
    if enters and later:
        version_schedule(actor=actor, item=item, target=ScheduledVersion.Target.ITEM,
                         changes={"is_active": True}, effective_from=effective_from, reason=reason)
    return item


def _stored_values(data, qualifications):
    """The form's data as the values a scheduled version stores (ids, not objects)."""
    values = {name: data[name] for name in EDITABLE_FIELDS}
    values["category"] = data["category"].pk
    values["approving_department"] = data["approving_department"].pk
    values["required_qualifications"] = sorted(q.pk for q in qualifications)
    return values


def _locked_current(item):
    """The item under its row lock, with its due scheduled versions applied first."""
    item = _locked(item)
    if apply_due(item):
        item = _locked(item)
    return item


@transaction.atomic
def item_update(*, actor, item, data, effective_from, reason):
    """Change an item's fields and required qualifications as one new version: at once, or on
    `effective_from` when that is later than today (a scheduled version)."""
    regulator = _regulator(actor)
    item = _locked_current(item)
    if not can_edit_item(regulator, item):
        raise errors.ItemNotSupervised()
    _check_change_info(effective_from, reason)
    _check_item_data(data, regulator)
    qualifications = list(data.get("required_qualifications") or [])
    if takes_effect_later(effective_from):
        return _schedule_update(actor, item, data, qualifications, effective_from, reason)
    before = _summary(item)
    for name in EDITABLE_FIELDS:
        setattr(item, name, data[name])
    after = _summary(item, qualifications)
    if after == before:
        raise errors.ItemUnchanged()
    if _lacks_fee_rule(item, listed=item.is_active, fee_type=item.fee_type):
        raise errors.FeeRuleMissingForChange(field="fee_type")
    save_item_version(item, actor=actor, effective_from=effective_from, reason=reason,
                      qualifications=qualifications)
    _audit_item(actor, Action.CATALOGUE_ITEM_UPDATE, item, before, after, effective_from, reason)
    return item


def _schedule_update(actor, item, data, qualifications, effective_from, reason):
    """Record the fields that differ from the version in force as a scheduled version."""
    changes = item_changes(item_values(item), _stored_values(data, qualifications))
    if not changes:
        raise errors.ItemUnchanged()
    future = {**pending_item_changes(item, effective_from), **changes}
    if _lacks_fee_rule(item, listed=future["is_active"], fee_type=future["fee_type"]):
        raise errors.FeeRuleMissingForChange(field="fee_type")
    version_schedule(actor=actor, item=item, target=ScheduledVersion.Target.ITEM, changes=changes,
                     effective_from=effective_from, reason=reason)
    return item


@transaction.atomic
def item_withdraw(*, actor, item, effective_from, reason):
    """Take an item out of the catalogue; it and its history stay visible as withdrawn."""
    return _set_active(actor, item, False, effective_from, reason)


@transaction.atomic
def item_publish(*, actor, item, effective_from, reason):
    """Put an item (new government-priced, or withdrawn) into the catalogue."""
    return _set_active(actor, item, True, effective_from, reason)


def _set_active(actor, item, active, effective_from, reason):
    regulator = _regulator(actor)
    item = _locked_current(item)
    if not can_edit_item(regulator, item):
        raise errors.ItemNotSupervised()
    _check_change_info(effective_from, reason)
    if takes_effect_later(effective_from):
        return _schedule_set_active(actor, item, active, effective_from, reason)
    if item.is_active == active:
        raise errors.ItemAlreadyListed() if active else errors.ItemAlreadyWithdrawn()
    if _lacks_fee_rule(item, listed=active, fee_type=item.fee_type):
        raise errors.FeeRuleMissing()
    before = _summary(item)
    item.is_active = active
    save_item_version(item, actor=actor, effective_from=effective_from, reason=reason)
    action = Action.CATALOGUE_ITEM_PUBLISH if active else Action.CATALOGUE_ITEM_WITHDRAW
    _audit_item(actor, action, item, before, _summary(item), effective_from, reason)
    return item


def _schedule_set_active(actor, item, active, effective_from, reason):
    future = pending_item_changes(item, effective_from)
    if future["is_active"] == active:
        day = {"date": date_format(effective_from, "DATE_FORMAT")}
        if active:
            raise errors.ItemAlreadyListed(_("到%(date)s，该事项已在清单内（含待生效的变更）。") % day)
        raise errors.ItemAlreadyWithdrawn(_("到%(date)s，该事项已不在清单内（含待生效的变更）。") % day)
    if _lacks_fee_rule(item, listed=active, fee_type=future["fee_type"]):
        raise errors.FeeRuleMissing()
    version_schedule(actor=actor, item=item, target=ScheduledVersion.Target.ITEM,
                     changes={"is_active": active}, effective_from=effective_from, reason=reason)
    return item


def _duplicate_category_message(code):
    return _("类别代码“%(code)s”已被使用。") % {"code": code}


def _check_category_data(data):
    if not str(data.get("name") or "").strip():
        raise errors.CategoryNameRequired(field="name")


@transaction.atomic
def category_create(*, actor, data):
    """A new category; the regulator who creates it supervises it, so it can fill it."""
    regulator = _regulator(actor)
    code = str(data.get("code") or "").strip()
    if not re.fullmatch(r"[-a-zA-Z0-9_]{1,20}", code):
        raise errors.CategoryCodeInvalid(field="code")
    _check_category_data(data)
    if ServiceCategory.objects.filter(code__iexact=code).exists():
        raise errors.DuplicateCategoryCode(_duplicate_category_message(code), field="code")
    try:
        with transaction.atomic():
            category = ServiceCategory.objects.create(
                code=code, name=data["name"].strip(), description=data.get("description", "")
            )
    except IntegrityError:
        raise errors.DuplicateCategoryCode(_duplicate_category_message(code), field="code") from None
    regulator.categories.add(category)
    audit_record(actor=actor, action=Action.CATALOGUE_CATEGORY_CREATE, obj=category,
                 after={"code": code, "name": category.name, "description": category.description})
    return category


@transaction.atomic
def category_update(*, actor, category, data):
    regulator = _regulator(actor)
    category = ServiceCategory.objects.select_for_update().get(pk=category.pk)
    if not can_edit_category(regulator, category):
        raise errors.CategoryNotEditable()
    _check_category_data(data)
    before = {"name": category.name, "description": category.description}
    category.name = data["name"].strip()
    category.description = data.get("description", "")
    after = {"name": category.name, "description": category.description}
    if after == before:
        raise errors.CategoryUnchanged()
    category.save(update_fields=["name", "description"])
    audit_record(actor=actor, action=Action.CATALOGUE_CATEGORY_UPDATE, obj=category, before=before, after=after)
    return category
