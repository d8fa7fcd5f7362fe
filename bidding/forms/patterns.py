"""Forms of the regulators' integrity-pattern pages (/regulator/jobs/patterns/)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import IntegrityPattern
from ..selectors.patterns import STATES


def _required(message):
    return {"required": message}


class PatternForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=IntegrityPattern.Kind.choices,
                             error_messages=_required(_("请选择规则的类型。")))
    syntax = forms.ChoiceField(
        label=_("写法"), choices=IntegrityPattern.Syntax.choices, initial=IntegrityPattern.Syntax.PHRASE,
        widget=forms.RadioSelect, error_messages=_required(_("请选择写法。")),
        help_text=_("短语：“…”表示同一分句中间隔若干字，“/”分隔可互换的词，其余照字面识别。"
                    "正则表达式：Python 正则语法。两种写法都可以使用下列占位符。"),
    )
    pattern = forms.CharField(
        label=_("模式"), max_length=300, error_messages=_required(_("请填写模式。")),
        help_text=_("例如：{demand}…{place}…{presence}（识别“须在德阳有办公场所”）。"),
    )
    explanation = forms.CharField(
        label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        error_messages=_required(_("请说明这类条款为何构成限制。")),
    )
    example = forms.CharField(
        label=_("示例条款"), max_length=200, error_messages=_required(_("请填写一条该模式应当识别的条款。")),
        help_text=_("保存前检验：模式须能识别这条示例（“允许的表述”须能覆盖其中的文字）。"),
    )
    reason = forms.CharField(
        label=_("变更原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=_required(_("请填写变更原因，它将记入该规则的历史。")),
    )

    def __init__(self, *args, creating=False, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            self.fields["reason"].required = False
            self.fields["reason"].label = _("新增原因")


class PatternActiveForm(forms.Form):
    reason = forms.CharField(
        label=_("原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=_required(_("请填写停用或启用的原因，它将记入该规则的历史。")),
    )


class PatternFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), required=False,
                             choices=[("", _("全部类型"))] + list(IntegrityPattern.Kind.choices))
    state = forms.ChoiceField(label=_("状态"), required=False, choices=STATES)


class ClauseTrialForm(forms.Form):
    clause = forms.CharField(
        label=_("公告文字"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("输入一段公告文字，查看当前启用的规则会拒绝哪些条款（法定资质按具体事项另行排除）。"),
        error_messages=_required(_("请输入要检验的文字。")),
    )
