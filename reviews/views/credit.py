"""Pages of the credit part. Its URLs are the lists at the end of this module (reviews/urls.py
mounts them).

Regulators (/regulator/credit/…), regulators on duty only:
- the rule set in force as readable tables, with every version (each viewable) and the form to
  publish a new version: every number a labelled field, prefilled from the version in force;
- the regulators' credit records (penalties and commendations) and the form to record one.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.forms import submit
from core.navigation import page_url
from providers.access import regulator_for

from ..credit.rulesets import current_ruleset
from ..credit_forms import CreditActionForm, RuleSetForm
from ..errors.credit import CreditActionOrganisationUnknown
from ..selectors import credit as selectors
from ..services.credit_actions import credit_action_record
from ..services.rulesets import ruleset_publish

PAGE_SIZE = 25


def _version_context(ruleset):
    return {"ruleset": ruleset, "words": selectors.rules_in_words(ruleset.rules),
            "public_url": page_url("credit_rules_version", ruleset.version)}


@login_required
@require_safe
def rules_page(request):
    regulator_for(request.user)
    ruleset = current_ruleset()
    return render(request, "reviews/credit_rules.html", {
        **_version_context(ruleset), "current": True, "versions": selectors.ruleset_versions()})


@login_required
@require_safe
def rules_version(request, version):
    regulator_for(request.user)
    ruleset = selectors.ruleset_version(version)
    return render(request, "reviews/credit_rules.html", {
        **_version_context(ruleset), "current": ruleset.version == current_ruleset().version,
        "versions": selectors.ruleset_versions()})


@login_required
@require_http_methods(["GET", "POST"])
def rules_publish(request):
    regulator_for(request.user)
    ruleset = current_ruleset()
    form = RuleSetForm(request.POST or None, rules=ruleset.rules)
    published = submit(request, form, lambda data: ruleset_publish(
        actor=request.user, rules=form.rules(), note=data["note"]))
    if published:
        messages.success(request, _("信用评价规则第 %(n)s 版已发布并生效；全部机构的信用分将按新版本重新计算。") % {
            "n": published.value.version})
        return redirect("reviews_regulator:credit_rules")
    return render(request, "reviews/credit_rules_publish.html", {"form": form, "ruleset": ruleset},
                  status=400 if form.errors else 200)


def _record(request, data):
    organisation = selectors.organisation_by_uscc(data["uscc"])
    if organisation is None:
        raise CreditActionOrganisationUnknown(field="uscc")
    return credit_action_record(actor=request.user, organisation=organisation, kind=data["kind"],
                                level=data["level"], facts=data["facts"], legal_basis=data["legal_basis"])


@login_required
@require_http_methods(["GET", "POST"])
def actions_page(request):
    actions = selectors.credit_actions_for_regulator(request.user)
    form = CreditActionForm(request.POST or None, initial={"uscc": request.GET.get("uscc", "")[:18]})
    recorded = submit(request, form, lambda data: _record(request, data))
    if recorded:
        messages.success(request, _("信用记录已登记，该机构已收到通知，信用分随即重新计算。"))
        return redirect("reviews_regulator:credit_actions")
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reviews/credit_actions.html", {"form": form, "page": page},
                  status=400 if form.errors else 200)


workspace_urls = []
regulator_urls = [
    path("rules/", rules_page, name="credit_rules"),
    path("rules/new/", rules_publish, name="credit_rules_publish"),
    path("rules/v<id:version>/", rules_version, name="credit_rules_version"),
    path("records/", actions_page, name="credit_actions"),
]
files_urls = []
