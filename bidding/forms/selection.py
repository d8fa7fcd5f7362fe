"""Forms of the selection, objection and complaint pages. They parse input; the services judge it."""
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import with_note

from .fields import MultipleFileField


def _bid_label(bid):
    return with_note(bid.agency.name, bid.receipt_number)


class DirectForm(forms.Form):
    bid = forms.TypedChoiceField(label=_("选取的机构"), coerce=int,
                                 error_messages={"required": _("请选择中选机构。")})
    reason = forms.CharField(label=_("选取理由"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
                             error_messages={"required": _("直接选取须填写选取理由。")})

    def __init__(self, *args, bids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bid"].choices = [(bid.pk, _bid_label(bid)) for bid in bids]


class LowestForm(forms.Form):
    """One justification field per abnormally low bid (justification_<bid id>)."""

    def __init__(self, *args, flagged_bids, **kwargs):
        super().__init__(*args, **kwargs)
        for bid in flagged_bids:
            self.fields[f"justification_{bid.pk}"] = forms.CharField(
                label=_("%(agency)s 的低价书面说明") % {"agency": bid.agency.name},
                widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000,
                help_text=_("该报价低于其他有效报价平均值的规定比例。若其中选，须填写说明。"),
            )

    def justifications(self):
        return {
            int(name.split("_", 1)[1]): text
            for name, text in self.cleaned_data.items() if name.startswith("justification_") and text
        }


class ScoresForm(forms.Form):
    """One plan score (0–100) per valid bid (score_<bid id>)."""

    def __init__(self, *args, bids, **kwargs):
        super().__init__(*args, **kwargs)
        for bid in bids:
            self.fields[f"score_{bid.pk}"] = forms.DecimalField(
                label=_bid_label(bid), min_value=Decimal(0), max_value=Decimal(100), max_digits=5,
                decimal_places=2, initial=bid.plan_score,
                error_messages={"required": _("请填写%(agency)s的方案得分。") % {"agency": bid.agency.name}},
            )

    def scores(self):
        return {int(name.split("_", 1)[1]): value for name, value in self.cleaned_data.items()}


class ObjectionForm(forms.Form):
    reasons = forms.CharField(label=_("异议理由"), widget=forms.Textarea(attrs={"rows": 6}), max_length=4000,
                              error_messages={"required": _("请填写异议理由。")})
    files = MultipleFileField(label=_("证明材料（PDF、JPEG 或 PNG）"), required=False)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("答复"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000,
                             error_messages={"required": _("请填写答复内容。")})


class EscalateForm(forms.Form):
    reasons = forms.CharField(label=_("投诉理由"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000,
                              error_messages={"required": _("请填写投诉理由。")})


class DecideForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("处理结果"), widget=forms.RadioSelect, coerce=lambda value: value == "yes",
        choices=[("yes", _("投诉成立，项目重新选取")), ("no", _("投诉不成立"))],
        error_messages={"required": _("请选择处理结果。")},
    )
    decision = forms.CharField(label=_("处理决定（公开）"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000,
                               error_messages={"required": _("请填写处理决定。")})
    invalidate = forms.TypedMultipleChoiceField(
        label=_("认定为无效的报名（不参加重新选取）"), widget=forms.CheckboxSelectMultiple, coerce=int,
        required=False,
    )

    def __init__(self, *args, valid_bids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invalidate"].choices = [(bid.pk, _bid_label(bid)) for bid in valid_bids]
