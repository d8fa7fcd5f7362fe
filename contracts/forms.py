"""The contracts pages' forms. They check input; contracts/services decide and write.

Every form works without JavaScript: the milestone plan and a template's clauses are formsets
with blank rows to fill in; blank rows are ignored."""
import re
from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts import reauth
from bidding.forms.fields import MultipleFileField
from core.forms import DateInput
from marketplace.models import ServiceCategory, ServiceItem

from .fields import FIELDS, ClauseKind
from .rules import MAX_MILESTONES

HEX64 = re.compile(r"[0-9a-f]{64}")


def _text(label, *, required=False, rows=3, max_length=4000, help_text=""):
    return forms.CharField(label=label, required=required, max_length=max_length, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}))


# --- the owner's draft ----------------------------------------------------------------------------

class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("节点名称"), max_length=100, required=False)
    amount = forms.DecimalField(label=_("金额（元）"), max_digits=14, decimal_places=2, min_value=Decimal("0.01"),
                                required=False)
    due_date = forms.DateField(label=_("计划完成日期"), widget=DateInput(), required=False)

    def clean(self):
        data = super().clean()
        filled = [name for name in ("title", "amount", "due_date") if data.get(name) not in (None, "")]
        if filled and len(filled) < 3 and not self.errors:
            for name in ("title", "amount", "due_date"):
                if name not in filled:
                    self.add_error(name, _("请填写此项，或清空整行。"))
        return data

    def as_row(self):
        """The service's row, or None for a blank row."""
        data = self.cleaned_data
        if not data.get("title"):
            return None
        return {"title": data["title"].strip(), "amount": str(data["amount"]), "due_date": data["due_date"].isoformat()}


MilestoneFormSet = forms.formset_factory(MilestoneForm, extra=3, max_num=MAX_MILESTONES, validate_max=True)


class ContractEditForm(forms.Form):
    """The marked fields the owner fills in, with the milestone plan as a formset (`milestones`,
    prefix "m") that is valid only when every row is."""

    scope = _text(FIELDS["scope"], rows=4)
    start_date = forms.DateField(label=FIELDS["start_date"], widget=DateInput(), required=False)
    end_date = forms.DateField(label=FIELDS["end_date"], widget=DateInput(), required=False)
    deliverables = _text(FIELDS["deliverables"])
    acceptance_criteria = _text(FIELDS["acceptance_criteria"])
    acceptance_days = forms.IntegerField(label=FIELDS["acceptance_days"], min_value=1, max_value=60, required=False)
    special_terms = _text(FIELDS["special_terms"], help_text=_(
        "专用条款不得免除一方责任、加重对方责任或排除对方主要权利；平台按示范文本的同一规则检查。"))

    VALUE_FIELDS = ("scope", "start_date", "end_date", "deliverables", "acceptance_criteria", "acceptance_days",
                    "special_terms")

    def __init__(self, data=None, *, contract):
        values = contract.values or {}
        super().__init__(data, initial={key: values.get(key, "") for key in self.VALUE_FIELDS})
        plan = [{"title": row.get("title", ""), "amount": row.get("amount", ""), "due_date": row.get("due_date", "")}
                for row in (contract.milestone_plan or [])]
        self.milestones = MilestoneFormSet(data, prefix="m", initial=plan)

    def is_valid(self):
        main = super().is_valid()
        return self.milestones.is_valid() and main

    def values(self):
        data = self.cleaned_data
        out = {}
        for key in self.VALUE_FIELDS:
            value = data.get(key)
            if hasattr(value, "isoformat"):
                value = value.isoformat()
            out[key] = "" if value is None else str(value)
        return out

    def plan(self):
        return [row for row in (form.as_row() for form in self.milestones.forms if form.cleaned_data) if row]


# --- offer, return, signing ---------------------------------------------------------------------

class ReturnForm(forms.Form):
    comments = _text(_("修改意见"), required=True, rows=4)


class SignForm(forms.Form):
    """Signing asks the user to prove again who they are: the TOTP code where they have one,
    else the login password (accounts/reauth.py); `seen_hash` is the text they were shown."""

    secret = forms.CharField(label=_("登录密码"), max_length=128, strip=False,
                             widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    seen_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, data=None, *, user, contract):
        super().__init__(data, initial={"seen_hash": contract.text_hash})
        if reauth.method_for(user) == reauth.Method.TOTP:
            self.fields["secret"].label = _("动态验证码")
            self.fields["secret"].widget = forms.TextInput(attrs={"autocomplete": "one-time-code",
                                                                  "inputmode": "numeric"})


class ReasonForm(forms.Form):
    reason = _text(_("原因"), required=True, rows=3)


class OptionalReasonForm(forms.Form):
    reason = _text(_("验收意见（可选）"), rows=2)


class RejectForm(forms.Form):
    reason = _text(_("退回理由"), required=True, rows=3)


# --- performance ---------------------------------------------------------------------------------

class DeliveryForm(forms.Form):
    note = _text(_("成果说明"), rows=3)
    files = MultipleFileField(label=_("成果文件（PDF、JPEG 或 PNG）"), required=False)


class OfflinePaymentForm(forms.Form):
    reference = forms.CharField(label=_("凭证号"), max_length=100)
    paid_on = forms.DateField(label=_("支付日期"), widget=DateInput())
    vouchers = MultipleFileField(label=_("支付凭证（PDF、JPEG 或 PNG）"), required=False)


# --- regulators: templates ----------------------------------------------------------------------

class TemplateCreateForm(forms.Form):
    code = forms.SlugField(label=_("文本编号"), max_length=30, help_text=_("字母、数字和连字符，例如 ZJ-HT-HP。"))
    title = forms.CharField(label=_("文本名称"), max_length=100)
    item = forms.ModelChoiceField(label=_("适用服务事项"), queryset=ServiceItem.objects.none(), required=False)
    category = forms.ModelChoiceField(label=_("适用服务类别"), queryset=ServiceCategory.objects.none(),
                                      required=False, help_text=_("事项和类别都不选的，为通用文本。"))
    summary = _text(_("适用说明"), rows=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = ServiceItem.objects.order_by("code")
        self.fields["category"].queryset = ServiceCategory.objects.order_by("code")

    def clean(self):
        data = super().clean()
        if data.get("item") and data.get("category"):
            self.add_error("category", _("适用服务事项和服务类别只能选一项。"))
        return data


class ClauseForm(forms.Form):
    kind = forms.ChoiceField(label=_("条款类型"), choices=[("", "---------")] + list(ClauseKind.CHOICES),
                             required=False)
    title = forms.CharField(label=_("条款标题"), max_length=200, required=False)
    text = forms.CharField(label=_("条款内容"), max_length=20000, required=False,
                           widget=forms.Textarea(attrs={"rows": 5}))

    def clean(self):
        data = super().clean()
        if (data.get("title") or data.get("text")) and not data.get("kind"):
            self.add_error("kind", _("请选择条款类型。"))
        if data.get("kind") and not (data.get("text") or "").strip():
            self.add_error("text", _("请填写条款内容，或清空整行。"))
        return data

    def as_clause(self):
        data = self.cleaned_data
        if not data.get("kind"):
            return None
        return {"kind": data["kind"], "title": data.get("title", ""), "text": data.get("text", "")}


ClauseFormSet = forms.formset_factory(ClauseForm, extra=3, max_num=100, validate_max=True)


class TemplateVersionForm(forms.Form):
    """The draft version's clauses as a formset (`clauses`, prefix "c") and the change note."""

    change_note = _text(_("修订说明"), rows=2)

    def __init__(self, data=None, *, version=None):
        super().__init__(data, initial={"change_note": version.change_note if version else ""})
        initial = [{"kind": c.get("kind", ""), "title": c.get("title", ""), "text": c.get("text", "")}
                   for c in (version.clauses if version else [])]
        self.clauses = ClauseFormSet(data, prefix="c", initial=initial)

    def is_valid(self):
        main = super().is_valid()
        return self.clauses.is_valid() and main

    def clauses_list(self):
        return [c for c in (form.as_clause() for form in self.clauses.forms if form.cleaned_data) if c]


# --- the public check of a contract ----------------------------------------------------------------

class VerifyForm(forms.Form):
    """A contract PDF to check, or the SHA-256 of a contract's text pasted in."""

    file = forms.FileField(label=_("合同 PDF 文件"), required=False)
    text_hash = forms.CharField(label=_("或：合同文本 SHA-256"), max_length=200, required=False,
                                help_text=_("64 位十六进制数字，印在合同每一页的页脚。"))

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > settings.PRIVATE_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("文件超过 %(mb)s MB。") % {
                "mb": f"{settings.PRIVATE_UPLOAD_MAX_BYTES / (1024 * 1024):g}"})
        return upload

    def clean_text_hash(self):
        value = "".join((self.cleaned_data.get("text_hash") or "").split()).lower()
        if value and not HEX64.fullmatch(value):
            raise forms.ValidationError(_("SHA-256 应为 64 位十六进制数字（0-9、a-f）。"))
        return value

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("file") and not data.get("text_hash"):
            raise forms.ValidationError(_("请上传合同 PDF 文件，或粘贴合同文本的 SHA-256。"))
        return data
