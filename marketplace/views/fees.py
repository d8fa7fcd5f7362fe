"""The regulator's fee-rule editor under /regulator/catalogue/<code>/fee-rule/.

Fetch and authorise with marketplace.selectors.regulators (403 for anyone but an active
regulator of the item's category), run `fee_rule_save` through core.forms.submit with the
editor's form and its two formsets, render. The rules themselves live in marketplace.fees.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.forms import submit

from ..forms.fees import FeeRuleEditor
from ..models import FeeRule
from ..selectors.regulators import item_for_regulator, regulator_for
from ..services.fees import fee_rule_save
from ..services.versions import takes_effect_later

HISTORY_SHOWN = 20


def _rule_of(item):
    try:
        return item.fee_rule
    except FeeRule.DoesNotExist:
        return None


def _versions(rule):
    """The rule's latest versions, newest first, with who made them (one query)."""
    if rule is None:
        return []
    return list(rule.history.select_related("history_user").order_by("-history_date", "-history_id")[:HISTORY_SHOWN])


@login_required
@require_http_methods(["GET", "POST"])
def fee_rule_edit(request, code):
    regulator = regulator_for(request.user)
    item = item_for_regulator(code, regulator)
    rule = _rule_of(item)
    editor = FeeRuleEditor(rule, request.POST if request.method == "POST" else None)
    if submit(request, editor, lambda data: fee_rule_save(actor=request.user, item=item, **data)):
        effective_from = editor.cleaned_data["effective_from"]
        if takes_effect_later(effective_from):
            messages.success(request, _("收费标准的新版本已登记，将于%(date)s生效，并已在事项的变更历史中公示。")
                             % {"date": date_format(effective_from, "DATE_FORMAT")})
        else:
            messages.success(request, _("收费标准已保存，新版本已公开。"))
        return redirect("regulator:fee_rule_edit", code=item.code)
    return render(request, "marketplace/fees/fee_rule_form.html", {
        "item": item,
        "rule": rule,
        "form": editor.form,
        "bands": editor.bands,
        "coefficients": editor.coefficients,
        "versions": _versions(rule),
    })
