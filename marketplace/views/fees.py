"""The regulator's fee-rule editor under /regulator/catalogue/<code>/fee-rule/.

Fetch and authorise with marketplace.selectors_regulators (403 for anyone but an active
regulator of the item's category), parse the form and its two formsets, call
`fee_rule_save`, render. The rules themselves live in marketplace.fees.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import DomainError

from .. import fees
from ..forms_fees import fee_rule_data, fee_rule_forms
from ..models import FeeRule
from ..selectors_regulators import item_for_regulator, regulator_for
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


def _show_refusal(error, form, bands, coefficients):
    """Put a service's refusal next to the part of the editor it is about."""
    parts = error.errors if isinstance(error, fees.FeeRuleInvalid) else {error.field: [str(error)]}
    for part, messages_ in parts.items():
        for message in messages_:
            if part == "bands":
                bands.add_non_form_error(message)
            elif part == "coefficients":
                coefficients.add_non_form_error(message)
            else:
                form.add_error(part if part in form.fields else None, message)


@login_required
@require_http_methods(["GET", "POST"])
def fee_rule_edit(request, code):
    regulator = regulator_for(request.user)
    item = item_for_regulator(code, regulator)
    rule = _rule_of(item)
    form, bands, coefficients = fee_rule_forms(rule, request.POST if request.method == "POST" else None)
    # Validate every part (no short-circuit), so each shows its own errors at once.
    valid = [part.is_valid() for part in (form, bands, coefficients)]
    if request.method == "POST" and all(valid):
        try:
            fee_rule_save(
                actor=request.user,
                item=item,
                data=fee_rule_data(form, bands, coefficients),
                effective_from=form.cleaned_data["effective_from"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            _show_refusal(error, form, bands, coefficients)
        else:
            effective_from = form.cleaned_data["effective_from"]
            if takes_effect_later(effective_from):
                messages.success(request, _("收费标准的新版本已登记，将于%(date)s生效，并已在事项的变更历史中公示。")
                                 % {"date": date_format(effective_from, "DATE_FORMAT")})
            else:
                messages.success(request, _("收费标准已保存，新版本已公开。"))
            return redirect("regulator:fee_rule_edit", code=item.code)
    return render(request, "marketplace/fees/fee_rule_form.html", {
        "item": item,
        "rule": rule,
        "form": form,
        "bands": bands,
        "coefficients": coefficients,
        "versions": _versions(rule),
    })
