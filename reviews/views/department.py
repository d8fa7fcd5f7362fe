"""Pages of the approving department's rating (审批部门评价), for regulators on duty
(/regulator/credit/department-ratings/…): the contracts of the viewer's department awaiting a
rating and the ratings it gave; a contract's rating page with the form. Thin: the rules are
reviews/department_rules.py (the page's `can_rate`), the write reviews.services.department.
A contract of another department's item: the refusal in words, status 403, no form.

Its URLs are the lists at the end of this module (reviews/urls.py mounts them)."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from core.forms import submit
from providers.access import regulator_for

from .. import department_rules
from ..errors.department import DepartmentRatingOtherDepartment
from ..selectors import department as selectors
from ..services.department import department_rating_record

PAGE_SIZE = 25


class DepartmentRatingForm(forms.Form):
    """The form only reads the values; the service checks them (reviews/department_rules.py)."""

    first_pass = forms.TypedChoiceField(
        label=gettext_lazy("审批中是否一次通过"), widget=forms.RadioSelect, coerce=lambda value: value == "yes",
        choices=[("yes", gettext_lazy("一次通过（未要求补正，未退回）")), ("no", gettext_lazy("未一次通过"))],
        error_messages={"required": gettext_lazy("请选择成果在审批中是否一次通过。")})
    corrections = forms.IntegerField(
        label=gettext_lazy("要求补正的次数"), min_value=0, max_value=department_rules.CORRECTIONS_MAX,
        required=False, initial=0, help_text=gettext_lazy("一次通过的填 0。"),
        error_messages={"invalid": gettext_lazy("请填写 0 至 99 的整数。"),
                        "min_value": gettext_lazy("请填写 0 至 99 的整数。"),
                        "max_value": gettext_lazy("请填写 0 至 99 的整数。")})
    returned = forms.BooleanField(label=gettext_lazy("成果被退回"), required=False)
    note = forms.CharField(label=gettext_lazy("评价说明（公开）"), required=False,
                           max_length=department_rules.NOTE_MAX, widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=gettext_lazy("例如补正的主要问题。评价提交后不能修改，在中介机构的公开页面公示。"))


@login_required
@require_safe
def rating_list(request):
    regulator = regulator_for(request.user)
    awaiting = selectors.awaiting_rating(regulator)
    given = Paginator(selectors.given_by_department(regulator), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reviews/department_ratings.html", {
        "regulator": regulator, "awaiting": awaiting[:100], "given": given})


@login_required
@require_http_methods(["GET", "POST"])
def rating_page(request, contract_id):
    regulator = regulator_for(request.user)
    contract, rating = selectors.contract_for_rating(contract_id)
    refusal = department_rules.rating_refusal(regulator, contract, already_rated=rating is not None)
    form = DepartmentRatingForm(request.POST or None) if refusal is None else None
    if form is not None and submit(request, form, lambda data: department_rating_record(
            actor=request.user, contract=contract, first_pass=data["first_pass"],
            corrections=data["corrections"] or 0, returned=data["returned"], note=data["note"])):
        messages.success(request, _("评价已提交，已在该中介机构的公开页面公示，并计入其信用分。"))
        return redirect("reviews_regulator:department_ratings")
    if isinstance(refusal, DepartmentRatingOtherDepartment):
        status = 403
    elif request.method == "POST":
        status = 400  # a refused form, or a post where the page offers no form
    else:
        status = 200
    return render(request, "reviews/department_rate.html", {
        "contract": contract, "job": contract.job, "rating": rating,
        "summary": department_rules.summary(rating) if rating else "",
        "refusal": refusal if rating is None else None, "form": form,
    }, status=status)


workspace_urls = []
regulator_urls = [
    path("department-ratings/", rating_list, name="department_ratings"),
    path("department-ratings/<id:contract_id>/", rating_page, name="department_rate"),
]
files_urls = []
