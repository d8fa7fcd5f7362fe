"""The regulator workspace under /regulator/: its home (the queues every app contributes, see
core.navigation.Queue), the catalogue of service items and its categories.

Every view starts with `regulator_for(request.user)` (403 for anyone else); views that change
an item fetch it with `item_for_regulator`, which refuses items outside the regulator's
categories. Writes go through marketplace.services.catalogue, run by core.forms.submit.
"""
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core import navigation
from core.forms import submit

from ..forms.catalogue import CatalogueFilterForm, CategoryForm, ChangeInfoForm, ItemForm, VersionWithdrawForm
from ..selectors.catalogue import (
    catalogue_categories,
    catalogue_items,
    item_history,
    items_kept_by,
    recent_catalogue_changes,
)
from ..selectors.regulators import (
    can_edit_item,
    category_for_regulator,
    item_for_regulator,
    regulator_for,
    supervised_category_ids,
    workspace_counts,
)
from ..selectors.scope import scope_of
from ..selectors.versions import (
    item_in_force,
    items_in_force,
    pending_versions,
    scheduled_version_for_regulator,
    withdrawn_versions,
)
from ..services import catalogue as services
from ..services.versions import scheduled_version_withdraw, takes_effect_later

PAGE_SIZE = 25


@dataclass(frozen=True)
class QueueRow:
    queue: object
    url: str
    count: int
    urgent: int | None


def _queue_url(name):
    """A queue's url is a URL name, optionally followed by the page's filters ("name?kind=x")."""
    name, _sep, query = name.partition("?")
    try:
        url = reverse(name)
    except NoReverseMatch:
        return ""
    return f"{url}?{query}" if query else url


def workspace_queues(scope):
    """The workspace home's queues (core.navigation.queues(), contributed by each app at
    start-up), each counted within the regulator's scope: one query per count (and one per
    urgent count where the queue has one), whatever the data size."""
    rows = []
    for queue in navigation.queues():
        url = _queue_url(queue.url)
        if url:
            rows.append(QueueRow(queue=queue, url=url, count=queue.count(scope),
                                 urgent=queue.urgent(scope) if queue.urgent else None))
    return rows


@login_required
def dashboard(request):
    """The regulator workspace home: the queues of work waiting within what the regulator's
    department supervises (marketplace.selectors.scope), then the regulator's catalogue."""
    regulator = regulator_for(request.user)
    scope = scope_of(regulator)
    return render(request, "marketplace/regulator/dashboard.html", {
        "regulator": regulator,
        "scope": scope,
        "queues": workspace_queues(scope),
        "counts": workspace_counts(regulator),
        "kept_items": items_kept_by(regulator)[:20],
        "recent_changes": recent_catalogue_changes(limit=15),
    })


@login_required
def catalogue(request):
    regulator = regulator_for(request.user)
    form = CatalogueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    items = catalogue_items(
        query=filters.get("q"),
        category=filters["category"].code if filters.get("category") else None,
        fee_type=filters.get("fee_type"),
        include_inactive=True,
    )
    if filters.get("status"):
        items = items.filter(is_active=filters["status"] == "active")
    if filters.get("mine"):
        items = items.filter(category__in=supervised_category_ids(regulator))
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "marketplace/regulator/catalogue.html", {
        "regulator": regulator,
        "form": form,
        "page": page,
        "editable_ids": supervised_category_ids(regulator),
    })


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request):
    regulator = regulator_for(request.user)
    form = ItemForm(request.POST or None, regulator=regulator)
    created = submit(request, form, lambda data: services.item_create(
        actor=request.user, data=form.item_data(), effective_from=data["effective_from"], reason=data["reason"]))
    if created:
        item = created.value
        if item.is_active:
            messages.success(request, _("事项“%(name)s”已列入清单。") % {"name": item.name})
        elif item.awaits_fee_rule:
            messages.warning(request, _("事项“%(name)s”已创建。它是政府定价事项：请录入收费标准，再发布到清单。")
                             % {"name": item.name})
        else:
            messages.success(request, _scheduled_message(form.cleaned_data["effective_from"]))
        return redirect("regulator:item_detail", code=item.code)
    return render(request, "marketplace/regulator/item_form.html", {"form": form, "item": None})


def _scheduled_message(effective_from):
    return _("变更已登记为待生效版本，将于%(date)s生效，并已在事项的变更历史中公示。") % {
        "date": date_format(effective_from, "DATE_FORMAT")}


@login_required
def item_detail(request, code):
    regulator = regulator_for(request.user)
    item = item_in_force(code)
    return render(request, "marketplace/regulator/item_detail.html", {
        "item": item,
        "can_edit": can_edit_item(regulator, item),
        "history": item_history(item),
        "pending": pending_versions(item),
        "withdrawn": withdrawn_versions(item),
        # item_by_code joined the fee rule, so this costs no query.
        "needs_fee_rule": item.awaits_fee_rule,
    })


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, code):
    regulator = regulator_for(request.user)
    # The form starts from the version in force today, due scheduled versions included.
    item = items_in_force([item_for_regulator(code, regulator)])[0]
    form = ItemForm(request.POST or None, regulator=regulator, item=item)
    if submit(request, form, lambda data: services.item_update(
            actor=request.user, item=item, data=form.item_data(), effective_from=data["effective_from"],
            reason=data["reason"])):
        if takes_effect_later(form.cleaned_data["effective_from"]):
            messages.success(request, _scheduled_message(form.cleaned_data["effective_from"]))
        else:
            messages.success(request, _("修改已保存，并记入变更记录。"))
        return redirect("regulator:item_detail", code=item.code)
    return render(request, "marketplace/regulator/item_form.html", {"form": form, "item": item})


def _change_status(request, code, service, template, done_message):
    regulator = regulator_for(request.user)
    item = item_for_regulator(code, regulator)
    form = ChangeInfoForm(request.POST or None)
    if submit(request, form, lambda data: service(actor=request.user, item=item, **data)):
        if takes_effect_later(form.cleaned_data["effective_from"]):
            messages.success(request, _scheduled_message(form.cleaned_data["effective_from"]))
        else:
            messages.success(request, done_message % {"name": item.name})
        return redirect("regulator:item_detail", code=item.code)
    return render(request, template, {"form": form, "item": item})


@login_required
@require_http_methods(["GET", "POST"])
def version_withdraw(request, code, version_id):
    """Withdraw a scheduled version before its date, with a public reason."""
    regulator = regulator_for(request.user)
    item = item_for_regulator(code, regulator)
    version = scheduled_version_for_regulator(item, version_id)
    form = VersionWithdrawForm(request.POST or None)
    if submit(request, form, lambda data: scheduled_version_withdraw(
            actor=request.user, version=version, reason=data["reason"])):
        messages.success(request, _("待生效的变更已撤回，撤回原因已公开。"))
        return redirect("regulator:item_detail", code=item.code)
    return render(request, "marketplace/regulator/version_withdraw.html", {
        "form": form, "item": item, "version": version,
        "pending": [row for row in pending_versions(item) if row["pk"] == version.pk],
    })


@login_required
@require_http_methods(["GET", "POST"])
def item_withdraw(request, code):
    return _change_status(request, code, services.item_withdraw, "marketplace/regulator/item_withdraw.html",
                          _("事项“%(name)s”已移出清单，变更记录保留。"))


@login_required
@require_http_methods(["GET", "POST"])
def item_publish(request, code):
    return _change_status(request, code, services.item_publish, "marketplace/regulator/item_publish.html",
                          _("事项“%(name)s”已列入清单。"))


@login_required
def categories(request):
    regulator = regulator_for(request.user)
    return render(request, "marketplace/regulator/categories.html", {
        "categories": catalogue_categories(),
        "editable_ids": supervised_category_ids(regulator),
    })


@login_required
@require_http_methods(["GET", "POST"])
def category_create(request):
    regulator_for(request.user)
    form = CategoryForm(request.POST or None)
    created = submit(request, form, lambda data: services.category_create(actor=request.user, data=data))
    if created:
        messages.success(request, _("类别“%(name)s”已创建，由您监管。") % {"name": created.value.name})
        return redirect(reverse("regulator:categories"))
    return render(request, "marketplace/regulator/category_form.html", {"form": form, "category": None})


@login_required
@require_http_methods(["GET", "POST"])
def category_edit(request, code):
    regulator = regulator_for(request.user)
    category = category_for_regulator(code, regulator)
    form = CategoryForm(request.POST or None, category=category)
    if submit(request, form, lambda data: services.category_update(actor=request.user, category=category, data=data)):
        messages.success(request, _("类别已保存。"))
        return redirect(reverse("regulator:categories"))
    return render(request, "marketplace/regulator/category_form.html", {"form": form, "category": category})
