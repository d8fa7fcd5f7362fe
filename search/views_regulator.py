"""The synonym table in the regulator workspace (/regulator/search/synonyms/): the table with its
search, add, edit, disable or enable again, and each group's history.

Every active regulator reads the table and the histories (regulator_for: 403 for anyone else);
adding and changing is for those who keep part of the catalogue (synonym_keeper: 403 for the
others). Writes go through search.services, run by core.forms.submit; a refused form answers
400 with the input kept and the reason beside its field."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.forms import submit
from marketplace.selectors.regulators import regulator_for

from . import selectors, services
from .forms_regulator import SynonymActiveForm, SynonymFilterForm, SynonymGroupForm

PAGE_SIZE = 50


def _status(form):
    return 400 if form.errors else 200


@login_required
def synonyms(request):
    regulator = regulator_for(request.user)
    filters = SynonymFilterForm(request.GET or None)
    query, state = "", "active"
    if filters.is_valid():
        query, state = filters.cleaned_data["q"], filters.cleaned_data["state"] or "active"
    rows = selectors.synonym_groups(query=query, state=state)
    return render(request, "search/regulator/synonyms.html", {
        "filters": filters,
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "can_keep": selectors.may_keep_synonyms(regulator),
    })


@login_required
@require_http_methods(["GET", "POST"])
def synonym_create(request):
    selectors.synonym_keeper(request.user)
    form = SynonymGroupForm(request.POST or None, creating=True)
    created = submit(request, form, lambda data: services.create_synonym_group(
        actor=request.user, words=data["words"], note=data["note"], reason=data["reason"]))
    if created:
        messages.success(request, _("同义词组“%(group)s”已新增，下次更新搜索索引时生效。") % {"group": created.value})
        return redirect("search_regulator:synonyms")
    return render(request, "search/regulator/synonym_form.html", {"form": form, "group": None},
                  status=_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def synonym_edit(request, group_id):
    selectors.synonym_keeper(request.user)
    group = selectors.synonym_group(group_id)
    form = SynonymGroupForm(request.POST or None, initial={"words": group.words, "note": group.note})
    if submit(request, form, lambda data: services.update_synonym_group(
            actor=request.user, group=group, words=data["words"], note=data["note"], reason=data["reason"])):
        messages.success(request, _("修改已保存并记入历史，下次更新搜索索引时生效。"))
        return redirect("search_regulator:synonym_history", group.pk)
    return render(request, "search/regulator/synonym_form.html", {"form": form, "group": group},
                  status=_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def synonym_active(request, group_id):
    """Disable an active group, or enable a disabled one, with a reason."""
    selectors.synonym_keeper(request.user)
    group = selectors.synonym_group(group_id)
    activate = not group.is_active
    form = SynonymActiveForm(request.POST or None)
    if submit(request, form, lambda data: services.set_synonym_group_active(
            actor=request.user, group=group, active=activate, reason=data["reason"])):
        messages.success(request, _("同义词组已启用。") if activate else _("同义词组已停用。"))
        return redirect("search_regulator:synonyms")
    return render(request, "search/regulator/synonym_active.html", {
        "form": form, "group": group, "activate": activate,
    }, status=_status(form))


@login_required
def synonym_history(request, group_id):
    regulator = regulator_for(request.user)
    group = selectors.synonym_group(group_id)
    return render(request, "search/regulator/synonym_history.html", {
        "group": group,
        "history": selectors.group_versions(group),
        "can_keep": selectors.may_keep_synonyms(regulator),
    })
