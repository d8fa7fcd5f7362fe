"""Forms of the regulators' synonym table (/regulator/search/synonyms/). The forms only shape the
input; what a group must satisfy is search.services' rule, shown beside the field it names."""
from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import STATES


def _required(message):
    return {"required": message}


class SynonymGroupForm(forms.Form):
    words = forms.CharField(
        label=_("同义词"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
        error_messages=_required(_("请填写同义词，至少两个。")),
        help_text=_("每行一个词，或用逗号分隔；第一个词作为该组的名称。例如：环评、环境影响评价。"
                    "每个词不超过 30 个字，一个词只能属于一个启用的同义词组。"),
    )
    note = forms.CharField(label=_("说明"), max_length=200, required=False,
                           help_text=_("可选，例如这组简称的来源或使用范围。"))
    reason = forms.CharField(
        label=_("变更原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=_required(_("请填写变更原因，它将记入该同义词组的历史。")),
    )

    def __init__(self, *args, creating=False, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            self.fields["reason"].required = False
            self.fields["reason"].label = _("新增原因")


class SynonymActiveForm(forms.Form):
    reason = forms.CharField(
        label=_("原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=_required(_("请填写停用或启用的原因，它将记入该同义词组的历史。")),
    )


class SynonymFilterForm(forms.Form):
    q = forms.CharField(label=_("查找词语"), max_length=100, required=False)
    state = forms.ChoiceField(label=_("状态"), required=False, choices=STATES)
