"""Forms of the blacklist and credit repair pages. They check the shape of the input; the
services (reviews.services.blacklist, repair) decide and write."""
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from bidding.forms.fields import MultipleFileField
from core import uploads

from .blacklist_rules import YEARS

SEPARATORS = re.compile(r"[\s,，、:：;；]+")
MAX_MANAGERS = 20


def _files_help(text):
    return _("%(text)s PDF、JPEG 或 PNG，每个不超过 %(mb)s MB，可多选。") % {
        "text": text, "mb": f"{uploads.max_bytes() / (1024 * 1024):g}"}


class ManagersField(forms.CharField):
    """The senior managers to ban, one a line: "姓名 身份证号码" (a space, comma or 、 between).
    Cleaned to [(name, number)]; the service checks each number."""

    widget = forms.Textarea(attrs={"rows": 3, "autocomplete": "off", "spellcheck": "false"})

    def clean(self, value):
        text = super().clean(value) or ""
        managers = []
        for number, line in enumerate((line for line in text.splitlines() if line.strip()), start=1):
            parts = SEPARATORS.split(line.strip())
            if len(parts) < 2:
                raise ValidationError(_("第 %(n)s 行：请按“姓名 身份证号码”填写，中间用空格隔开。") % {"n": number})
            managers.append((" ".join(parts[:-1]), parts[-1]))
        if len(managers) > MAX_MANAGERS:
            raise ValidationError(_("一次最多填写 %(n)s 名高级管理人员。") % {"n": MAX_MANAGERS})
        return managers


class ProposalForm(forms.Form):
    facts = forms.CharField(label=_("失信事实"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
                            help_text=_("写明时间、项目和行为，例如：2026 年 3 月在某项目中出具虚假检测报告。将公开。"))
    legal_basis = forms.CharField(label=_("认定依据"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("法律法规或制度的名称和条款。将公开。"))
    # An integer behind a list of 1–3 years: anything else reaches the service, which refuses it in words.
    years = forms.IntegerField(label=_("期限"), widget=forms.Select(
        choices=[(years, _("%(n)s 年") % {"n": years}) for years in YEARS]))
    managers = ManagersField(
        label=_("禁入的高级管理人员"), required=False,
        help_text=_("每行一人：姓名 身份证号码。法定代表人按机构登记的身份证号码自动列入，无需填写。"
                    "身份证号码只以加密摘要和打码形式保存，公开时打码显示。"))
    files = MultipleFileField(label=_("证据材料"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _files_help(_("仅监管人员和该机构成员可查看。"))


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("复核意见"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("不同意时必须填写理由。"))


class RepairForm(forms.Form):
    rectification = forms.CharField(label=_("整改情况"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
                                    help_text=_("说明已采取的整改措施和结果。"))
    files = MultipleFileField(label=_("整改证明材料"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _files_help(_("仅监管人员和本机构成员可查看。"))


class RepairDecisionForm(forms.Form):
    reason = forms.CharField(label=_("审核意见"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("不予修复时必须填写理由。"))
