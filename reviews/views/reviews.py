"""Pages of the reviews part: a contract's review page for its two parties (the side's form, its
own review, the other side's once shown, the appeal), the list of a user's reviews to write, and
the regulators' appeals. Thin: fetch and authorise through reviews.selectors.reviews (404 for
anyone but the parties, or regulators not supervising the item's category), call one service
through core.forms, redirect; a refusal shows the page again with the posted form and its errors.
What a viewer may do comes from reviews/rules.py as `can_*` flags.

Its URLs are the lists at the end of this module (reviews/urls.py mounts them)."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.converters import parse_id
from core.forms import submit

from .. import rules
from ..credit.rulesets import current_rules
from ..errors.reviews import AppealReviewNotShown
from ..selectors import reviews as selectors
from ..services import reviews as services

# --- forms --------------------------------------------------------------------------------------------

SCORE_CHOICES = [
    (5, gettext_lazy("5 分（很好）")),
    (4, gettext_lazy("4 分（较好）")),
    (3, gettext_lazy("3 分（一般）")),
    (2, gettext_lazy("2 分（较差）")),
    (1, gettext_lazy("1 分（很差）")),
]


class ReviewForm(forms.Form):
    """One 1–5 radio group per dimension of the side's review (`dimensions`: [(name, label)]),
    and the text. The service checks the scores again: the form only reads them."""

    text = forms.CharField(label=gettext_lazy("评价内容（选填）"), required=False, max_length=rules.TEXT_MAX,
                           widget=forms.Textarea(attrs={"rows": 5}),
                           help_text=gettext_lazy("纯文本。评价提交后不能修改；对方在双方均已评价或评价期结束后才能看到。"))

    def __init__(self, *args, dimensions, **kwargs):
        super().__init__(*args, **kwargs)
        self.dimensions = [name for name, _label in dimensions]
        for name, label in dimensions:
            self.fields[f"score_{name}"] = forms.TypedChoiceField(
                label=label, choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect,
                error_messages={"required": _("请为“%(label)s”打分。") % {"label": label}})
        self.order_fields([f"score_{name}" for name in self.dimensions] + ["text"])

    def score_fields(self):
        return [self[f"score_{name}"] for name in self.dimensions]

    def scores(self):
        return {name: self.cleaned_data[f"score_{name}"] for name in self.dimensions}


class AppealForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("申诉理由"), max_length=rules.REASON_MAX,
                             widget=forms.Textarea(attrs={"rows": 4}),
                             error_messages={"required": gettext_lazy("请写明申诉理由。")})


class DecideForm(forms.Form):
    void = forms.TypedChoiceField(
        label=gettext_lazy("处理结果"), widget=forms.RadioSelect, coerce=lambda value: value == "void",
        choices=[("keep", gettext_lazy("维持评价")), ("void", gettext_lazy("撤销评价（不再计入信用）"))],
        error_messages={"required": gettext_lazy("请选择处理结果。")})
    reason = forms.CharField(label=gettext_lazy("处理理由（公开）"), max_length=rules.REASON_MAX,
                             widget=forms.Textarea(attrs={"rows": 4}),
                             error_messages={"required": gettext_lazy("请写明处理理由；理由将与评价一并公开。")})


# --- a contract's review page ---------------------------------------------------------------------------

def _review_page(request, contract, *, review_form=None, appeal_form=None, status=200):
    """The page; a refused form comes back in place, or, when the page no longer offers it (the
    window closed, the review went in meanwhile), its errors above the page."""
    now = timezone.now()
    credit_rules = current_rules()
    data = selectors.contract_reviews(contract, request.user, now, credit_rules)
    can_review = rules.may_review(contract, data.side, data.own is not None, now, credit_rules)
    can_appeal = data.other is not None and rules.may_appeal(
        data.other.review, data.side, True, data.other.appeal is not None)
    refusals = [error for form, shown in ((review_form, can_review), (appeal_form, can_appeal))
                if form is not None and not shown for errors in form.errors.values() for error in errors]
    return render(request, "reviews/review_page.html", {
        "contract": contract, "job": contract.job, "data": data,
        "window_days": rules.window_days(credit_rules),
        "can_review": can_review,
        "review_form": (review_form or ReviewForm(dimensions=data.dimensions)) if can_review else None,
        "can_appeal": can_appeal,
        "appeal_form": (appeal_form or AppealForm()) if can_appeal else None,
        "refusals": refusals,
    }, status=status)


@login_required
def review_page(request, contract_id):
    contract = selectors.contract_for_reviewer(contract_id, request.user)
    return _review_page(request, contract)


@login_required
@require_POST
def review_submit(request, contract_id):
    contract = selectors.contract_for_reviewer(contract_id, request.user)
    direction = rules.direction_of(rules.side_of(request.user, contract))
    form = ReviewForm(request.POST, dimensions=[(name, rules.DIMENSION_LABELS[name])
                                                for name in rules.dimensions(direction)])
    if submit(request, form, lambda data: services.review_submit(
            actor=request.user, contract=contract, scores=form.scores(), text=data["text"])):
        messages.success(request, _("评价已提交。评价提交后不能修改。"))
        return redirect("reviews:review", contract_id=contract.pk)
    return _review_page(request, contract, review_form=form, status=400)


@login_required
@require_POST
def appeal_file(request, contract_id):
    """The viewer's side appeals against the other side's review of the contract (the one that
    rates it), once it is shown."""
    contract = selectors.contract_for_reviewer(contract_id, request.user)
    form = AppealForm(request.POST)
    other = selectors.contract_reviews(contract, request.user, timezone.now()).other

    def file(data):
        if other is None:  # nothing shown yet to appeal against
            raise AppealReviewNotShown()
        return services.appeal_file(actor=request.user, review=other.review, reason=data["reason"])

    if submit(request, form, file):
        messages.success(request, _("申诉已提交，监管部门处理后会通知双方。"))
        return redirect("reviews:review", contract_id=contract.pk)
    return _review_page(request, contract, appeal_form=form, status=400)


# --- a user's reviews ---------------------------------------------------------------------------------

@login_required
def review_list(request):
    organisation_id = parse_id(request.GET.get("org", ""))
    due, others = selectors.reviews_of_user(request.user, timezone.now(), organisation_id=organisation_id)
    return render(request, "reviews/review_list.html", {"due": due, "others": others})


# --- the regulators' appeals ----------------------------------------------------------------------------

@login_required
def appeal_list(request):
    waiting, decided = selectors.appeals_for_regulator(request.user)
    return render(request, "reviews/appeal_list.html", {"waiting": waiting, "decided": decided})


@login_required
@require_http_methods(["GET", "POST"])
def appeal_detail(request, appeal_id):
    appeal = selectors.appeal_for_regulator(appeal_id, request.user)
    form = DecideForm(request.POST or None) if appeal.status == appeal.Status.OPEN else None
    if form is not None and submit(request, form, lambda data: services.appeal_decide(
            actor=request.user, appeal=appeal, void=data["void"], reason=data["reason"])):
        messages.success(request, _("申诉已处理，处理结果与理由已公开，合同双方已收到通知。"))
        return redirect("reviews_regulator:appeal", appeal_id=appeal.pk)
    review = appeal.review
    return render(request, "reviews/appeal_detail.html", {
        "appeal": appeal, "review": selectors.shown(review), "contract": review.contract, "form": form,
    }, status=400 if form is not None and form.errors else 200)


workspace_urls = [
    path("reviews/", review_list, name="reviews"),
    path("contracts/<id:contract_id>/review/", review_page, name="review"),
    path("contracts/<id:contract_id>/review/submit/", review_submit, name="review_submit"),
    path("contracts/<id:contract_id>/review/appeal/", appeal_file, name="appeal_file"),
]
regulator_urls = [
    path("appeals/", appeal_list, name="appeals"),
    path("appeals/<id:appeal_id>/", appeal_detail, name="appeal"),
]
files_urls = []
