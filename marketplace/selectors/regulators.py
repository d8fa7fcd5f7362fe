"""Who may act as a regulator, and on which part of the catalogue.

Every regulator page and catalogue service fetches the regulator through `regulator_for`, and
every item it changes through `item_for_regulator`, so the rule lives in one place.
(Two-factor login is enforced before a request gets here, by accounts.middleware.)
"""
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from providers import access

from ..models import ServiceCategory, ServiceItem


def regulator_for(user):
    """The user's active regulator record (providers.access.regulator_for) with the categories
    it supervises, or PermissionDenied."""
    return access.regulator_for(user, prefetch=("categories",))


def supervised_category_ids(regulator):
    # Reads the prefetched categories: no query when the regulator came from regulator_for.
    return {category.pk for category in regulator.categories.all()}


def can_edit_category(regulator, category):
    return category is not None and category.pk in supervised_category_ids(regulator)


def can_edit_item(regulator, item):
    """A regulator keeps the items of the categories it supervises; with none listed, none."""
    return item.category_id in supervised_category_ids(regulator)


def item_for_regulator(code, regulator):
    """The item `code` (404 if unknown) if `regulator` keeps it, else PermissionDenied."""
    item = get_object_or_404(
        ServiceItem.objects.select_related("category", "approving_department__region", "fee_rule")
        .prefetch_related("required_qualifications"),
        code=code,
    )
    if not can_edit_item(regulator, item):
        raise PermissionDenied
    return item


def category_for_regulator(code, regulator):
    """The category `code` (404 if unknown) if `regulator` supervises it, else PermissionDenied."""
    category = get_object_or_404(ServiceCategory, code=code)
    if not can_edit_category(regulator, category):
        raise PermissionDenied
    return category


def supervised_categories(regulator):
    return regulator.categories.order_by("code")


def workspace_counts(regulator):
    """The dashboard's figures in one query."""
    kept = Q(category__in=supervised_category_ids(regulator))
    government = ServiceItem.government_priced_q()
    return ServiceItem.objects.aggregate(
        in_catalogue=Count("pk", filter=Q(is_active=True)),
        kept=Count("pk", filter=kept),
        kept_withdrawn=Count("pk", filter=kept & Q(is_active=False)),
        kept_without_fee_rule=Count("pk", filter=kept & government & Q(fee_rule__isnull=True)),
    )


def supervisors_of(category_id):
    """The users of the active regulators who supervise a category (a complaint's recipients)."""
    from accounts.models import User

    return list(User.objects.filter(regulator__is_active=True, regulator__categories=category_id).distinct())
