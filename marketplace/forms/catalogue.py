"""Forms of the regulator workspace: catalogue items, their change information, categories.

Plain forms: they parse and check the shape of the input; the rules live in the services,
whose `DomainError`s `core.forms.submit` puts back on the form.
"""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, WorkingDaysField
from providers.models import Department, QualificationType

from ..models import ServiceCategory, ServiceItem
from ..selectors.regulators import supervised_categories


def _label(model, name):
    return model._meta.get_field(name).verbose_name


class ChangeInfoForm(forms.Form):
    """When a catalogue change takes legal effect and why it is made: part of every version."""

    effective_from = forms.DateField(
        label=_("生效日期"), widget=DateInput(),
        help_text=_("晚于今天的，登记为待生效版本：即时公示，到生效日起实施，此前可以撤回。"),
    )
    reason = forms.CharField(
        label=_("变更原因"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("公开显示在事项的变更记录中，例如所依据的文件名称和文号。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["effective_from"].initial = timezone.localdate()


class VersionWithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("与被撤回的变更一起公开。"))


class ItemForm(ChangeInfoForm):
    code = forms.CharField(label=_label(ServiceItem, "code"), max_length=30,
                           help_text=_("字母、数字、“-”“_”“.”组成；创建后不可修改。"))
    name = forms.CharField(label=_label(ServiceItem, "name"), max_length=100)
    category = forms.ModelChoiceField(label=_label(ServiceItem, "category"), queryset=ServiceCategory.objects.none())
    legal_basis = forms.CharField(label=_label(ServiceItem, "legal_basis"), widget=forms.Textarea(attrs={"rows": 3}))
    approval_item = forms.CharField(label=_label(ServiceItem, "approval_item"), max_length=150)
    approving_department = forms.ModelChoiceField(
        label=_label(ServiceItem, "approving_department"),
        queryset=Department.objects.select_related("region").order_by("region_id", "name"),
    )
    statutory_days = WorkingDaysField(label=_label(ServiceItem, "statutory_days"))
    fee_type = forms.ChoiceField(
        label=_label(ServiceItem, "fee_type"), choices=ServiceItem.FeeType.choices,
        help_text=_("政府定价或指导价的事项须录入收费标准后才能列入清单。"),
    )
    required_qualifications = forms.ModelMultipleChoiceField(
        label=_label(ServiceItem, "required_qualifications"),
        queryset=QualificationType.objects.order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("只列法律法规明确要求的资质；采购公告不得提出此外的资质要求。"),
    )
    description = forms.CharField(label=_label(ServiceItem, "description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))

    field_order = [
        "code", "name", "category", "legal_basis", "approval_item", "approving_department",
        "statutory_days", "fee_type", "required_qualifications", "description",
        "effective_from", "reason",
    ]

    def __init__(self, *args, regulator, item=None, **kwargs):
        if item is not None:
            kwargs.setdefault("initial", {}).update(_item_initial(item))
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = supervised_categories(regulator)
        if item is not None:
            # The code names the item in public URLs: fixed once created.
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("事项编码创建后不可修改。")

    def item_data(self):
        data = {name: self.cleaned_data[name] for name in self.fields if name not in ("effective_from", "reason")}
        data["required_qualifications"] = list(data["required_qualifications"])
        return data


def _item_initial(item):
    return {
        "code": item.code,
        "name": item.name,
        "category": item.category_id,
        "legal_basis": item.legal_basis,
        "approval_item": item.approval_item,
        "approving_department": item.approving_department_id,
        "statutory_days": item.statutory_days,
        "fee_type": item.fee_type,
        "required_qualifications": [q.pk for q in item.required_qualifications.all()],
        "description": item.description,
    }


class CatalogueFilterForm(forms.Form):
    STATUS_CHOICES = [("", _("全部")), ("active", _("在清单内")), ("inactive", _("不在清单内"))]

    q = forms.CharField(label=_("关键词"), required=False, max_length=50)
    category = forms.ModelChoiceField(
        label=_("类别"), queryset=ServiceCategory.objects.order_by("code"), required=False,
        to_field_name="code", empty_label=_("全部"),
    )
    fee_type = forms.ChoiceField(label=_("收费类型"), required=False,
                                 choices=[("", _("全部")), *ServiceItem.FeeType.choices])
    status = forms.ChoiceField(label=_("状态"), required=False, choices=STATUS_CHOICES)
    mine = forms.BooleanField(label=_("只看我监管的"), required=False)


class CategoryForm(forms.Form):
    code = forms.CharField(label=_label(ServiceCategory, "code"), max_length=20,
                           help_text=_("字母、数字、“-”“_”组成；创建后不可修改。"))
    name = forms.CharField(label=_label(ServiceCategory, "name"), max_length=50)
    description = forms.CharField(label=_label(ServiceCategory, "description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, category=None, **kwargs):
        if category is not None:
            kwargs.setdefault("initial", {}).update(
                {"code": category.code, "name": category.name, "description": category.description}
            )
        super().__init__(*args, **kwargs)
        if category is not None:
            self.fields["code"].disabled = True
